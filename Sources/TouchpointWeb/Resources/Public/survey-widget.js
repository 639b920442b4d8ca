/* Touchpoint survey widget: one invitation's question in a small card on any page or in-app web view.
 *
 *   <script src="https://cx.example.com/survey-widget.js" data-token="INVITATION_TOKEN" async></script>
 *
 * The token is what POST /api/v1/surveys/{id}/invitations made for the signed-in person (its `link` ends with it), so
 * the widget shows nothing of the person and answers once, like the survey page. Keyboard and screen-reader friendly:
 * a labelled dialog, a group of score buttons, Escape closes. Texts come from the server in the invitation's language. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var token = script.getAttribute("data-token");
  if (!token) { return; }
  var base = new URL(script.src, window.location.href).origin;
  var page = base + "/s/" + encodeURIComponent(token);

  function send(path, fields) {
    var body = new URLSearchParams(fields).toString();
    return fetch(page + path, { method: "POST", headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" }, body: body })
      .then(function (response) { return response.json().then(function (data) { return { ok: response.ok, data: data }; }); });
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text) { node.textContent = text; }
    return node;
  }

  fetch(page, { headers: { "Accept": "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (survey) {
      if (!survey || survey.answered) { return; }
      var card = element("div", { role: "dialog", "aria-labelledby": "tp-survey-question", lang: survey.locale,
        style: "position:fixed;right:16px;bottom:16px;max-width:360px;z-index:2147483000;background:#fff;color:#1b1f24;border:1px solid #d0d7de;border-radius:12px;box-shadow:0 8px 24px rgba(0,0,0,.18);padding:16px;font:15px/1.45 system-ui,sans-serif" });
      var close = element("button", { type: "button", "aria-label": survey.words.close, style: "position:absolute;top:6px;right:8px;border:0;background:none;font-size:20px;cursor:pointer;color:#57606a" }, "×");
      var question = element("p", { id: "tp-survey-question", style: "margin:0 24px 10px 0;font-weight:600" }, survey.question);
      var scale = element("div", { role: "group", "aria-labelledby": "tp-survey-question", style: "display:flex;flex-wrap:wrap;gap:4px" });
      var anchors = element("div", { "aria-hidden": "true", style: "display:flex;justify-content:space-between;font-size:12px;color:#57606a;margin-top:4px" });
      anchors.appendChild(element("span", {}, survey.low));
      anchors.appendChild(element("span", {}, survey.high));
      var status = element("p", { role: "status", style: "margin:8px 0 0" });
      function dismiss() { card.remove(); document.removeEventListener("keydown", onKey); }
      function onKey(event) { if (event.key === "Escape") { dismiss(); } }
      close.addEventListener("click", dismiss);
      document.addEventListener("keydown", onKey);
      for (var score = survey.scale.minimum; score <= survey.scale.maximum; score++) {
        (function (value) {
          var button = element("button", { type: "button", style: "min-width:40px;min-height:40px;border:2px solid #0969da;border-radius:8px;background:#fff;color:#0969da;font-size:15px;cursor:pointer" }, String(value));
          button.addEventListener("click", function () {
            send("", { score: String(value) }).then(function (result) {
              scale.remove(); anchors.remove();
              status.textContent = result.ok ? survey.words.thanks : (result.data.error && result.data.error.message) || survey.words.thanks;
              if (!result.ok) { return; }
              var label = element("label", { "for": "tp-survey-comment", style: "display:block;margin-top:8px" }, survey.words.more);
              var comment = element("textarea", { id: "tp-survey-comment", rows: "3", maxlength: "2000", style: "width:100%;box-sizing:border-box;margin-top:4px;font:inherit" });
              var submit = element("button", { type: "button", style: "margin-top:6px;min-height:36px;padding:0 14px;border:0;border-radius:8px;background:#1f883d;color:#fff;cursor:pointer" }, survey.words.send);
              submit.addEventListener("click", function () {
                if (!comment.value.trim()) { dismiss(); return; }
                send("/comment", { comment: comment.value }).then(function () { label.remove(); comment.remove(); submit.remove(); status.textContent = survey.words.done; });
              });
              card.appendChild(label); card.appendChild(comment); card.appendChild(submit);
              comment.focus();
            });
          });
          scale.appendChild(button);
        })(score);
      }
      card.appendChild(close); card.appendChild(question); card.appendChild(scale); card.appendChild(anchors); card.appendChild(status);
      document.body.appendChild(card);
      scale.firstChild.focus();
    })
    .catch(function () { /* the page around the widget is what matters: fail quietly */ });
})();
