/* Touchpoint console: the segment builder's live member count (the decisions area's segments page).
 * A moment after typing stops, the builder form itself (its _csrf field included) is posted to the form's
 * data-preview route, which answers {"text", "note", "problems": [...]} (422 with the problems of an invalid draft).
 * One request at a time: a draft typed while one is counted is sent when it returns; an unchanged draft is not sent.
 * Every text from the server is inserted with textContent only. */
(function () {
  "use strict";
  var form = document.getElementById("segment-builder");
  var output = document.getElementById("sg-count");
  if (!form || !output || !window.fetch || !window.URLSearchParams) return;
  var url = form.getAttribute("data-preview");
  var timer = null, busy = false, again = false, lastSent = null;

  // The form's fields as the browser would post them, with action=preview.
  function draft() {
    var fields = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.disabled) return;
      if (element.type === "submit" || element.type === "button") return;
      if ((element.type === "radio" || element.type === "checkbox") && !element.checked) return;
      fields.append(element.name, element.value);
    });
    fields.set("action", "preview");
    return fields.toString();
  }

  function clear() {
    while (output.firstChild) output.removeChild(output.firstChild);
  }

  function show(answer) {
    clear();
    if (answer.text) {
      var line = document.createElement("p");
      var count = document.createElement("strong");
      count.textContent = answer.text;
      line.appendChild(count);
      if (answer.note) {
        var note = document.createElement("small");
        note.className = "muted";
        note.textContent = " " + answer.note;
        line.appendChild(note);
      }
      output.appendChild(line);
    }
    if (answer.problems && answer.problems.length) {
      var list = document.createElement("ul");
      list.className = "error";
      answer.problems.forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = problem;
        list.appendChild(item);
      });
      output.appendChild(list);
    }
  }

  function fail(message) {
    clear();
    var line = document.createElement("p");
    line.className = "error";
    line.textContent = message || output.getAttribute("data-failed");
    output.appendChild(line);
    lastSent = null; // the same draft may be tried again
  }

  function send() {
    var body = draft();
    if (body === lastSent) return;
    if (busy) { again = true; return; }
    busy = true;
    lastSent = body;
    output.setAttribute("aria-busy", "true");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" },
      body: body
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (response.ok || response.status === 422) show(answer);
        else fail(answer && answer.error && answer.error.message);
      });
    }).catch(function () {
      fail(null);
    }).then(function () {
      busy = false;
      output.removeAttribute("aria-busy");
      if (again) { again = false; send(); }
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(send, 500);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  // A draft shown again (a segment opened for editing) is counted at once.
  var conditions = form.elements.namedItem("conditions");
  if (conditions && conditions.value.trim() && !output.firstElementChild) schedule();
})();
