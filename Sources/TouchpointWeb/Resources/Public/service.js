/* Touchpoint service desk: live updates for the inbox and the case workspace, and handle time for replies.
 * Text from customers is inserted with textContent only. */
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) return;
  var caseID = live.getAttribute("data-case");
  var lastSequence = parseInt(live.getAttribute("data-last") || "0", 10);
  var opened = Date.now();
  var form = document.getElementById("reply-form");
  if (form) {
    form.addEventListener("submit", function () {
      var field = document.getElementById("handle-seconds");
      if (field) field.value = String(Math.min(Math.round((Date.now() - opened) / 1000), 4 * 3600));
    });
  }
  var banner = null;
  function notify() {
    if (banner) return;
    banner = document.createElement("p");
    banner.className = "notice live-banner";
    banner.setAttribute("role", "status");
    var link = document.createElement("a");
    link.href = location.pathname + location.search;
    link.textContent = live.getAttribute("data-text");
    banner.appendChild(link);
    live.appendChild(banner);
  }
  function append(message) {
    var list = document.getElementById("conversation");
    if (!list || message.sequence <= lastSequence) return;
    lastSequence = message.sequence;
    var item = document.createElement("li");
    item.className = "msg msg-" + message.direction;
    item.setAttribute("data-sequence", String(message.sequence));
    var head = document.createElement("div");
    head.className = "msg-head";
    var who = document.createElement("strong");
    who.textContent = message.authorName;
    var when = document.createElement("time");
    when.textContent = " " + new Date(message.at).toLocaleString(document.documentElement.lang);
    head.appendChild(who); head.appendChild(when);
    var body = document.createElement("div");
    body.className = "msg-body";
    body.textContent = message.body;
    item.appendChild(head); item.appendChild(body);
    list.appendChild(item);
  }
  var backoff = 1000;
  function connect() {
    var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + live.getAttribute("data-live"));
    socket.onopen = function () { backoff = 1000; };
    socket.onmessage = function (event) {
      var frame; try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame.type === "message") {
        if (caseID && frame.caseId === caseID) append(frame.message); else if (!caseID) notify();
      } else if (frame.type === "case") {
        if (!caseID || frame["case"].id === caseID) notify();
      } else if (frame.type === "sla_alert") {
        if (!caseID || frame.alert.caseId === caseID) notify();
      }
    };
    socket.onclose = function () { setTimeout(connect, backoff); backoff = Math.min(backoff * 2, 30000); };
  }
  connect();
  // Suggested articles: "insert" puts the article's answer (and link) into the reply at the cursor.
  Array.prototype.forEach.call(document.querySelectorAll("[data-insert]"), function (button) {
    button.addEventListener("click", function () {
      var box = document.getElementById("reply-body");
      if (!box) return;
      var text = button.getAttribute("data-insert");
      var start = box.selectionStart || box.value.length, end = box.selectionEnd || box.value.length;
      var before = box.value.slice(0, start), after = box.value.slice(end);
      box.value = before + (before && !/\n$/.test(before) ? "\n" : "") + text + after;
      box.focus();
    });
  });
})();
