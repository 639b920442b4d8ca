/* Touchpoint next best action on a web page: each element with data-touchpoint-placement gets the visitor's best
 * offer for that placement, and views, clicks and dismissals come back as Offer Viewed / Accepted / Dismissed events.
 *
 *   <div data-touchpoint-placement="home_banner"></div>
 *   <script src="https://cx.example.com/decisions.js" data-key="WRITE_KEY" async
 *           data-user-id="42" data-user-hash="HMAC-SHA256(identity secret, 42)"></script>
 *
 * The visitor is Segment's analytics.js anonymous id when the page has one (so offers, events and the profile are
 * one person), else an id this script keeps in localStorage. A signed-in user counts only with the hash the site
 * made with the source's identity secret. The offer is drawn with textContent (no HTML from the server reaches the
 * page); a site that draws its own listens for the "touchpoint:offer" event on the element and calls
 * event.detail.accept() / dismiss(). Requests are simple (text/plain), so no CORS preflight is needed. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var key = script.getAttribute("data-key");
  if (!key) { return; }
  var base = new URL(script.src, window.location.href).origin;
  var userId = script.getAttribute("data-user-id") || undefined;
  var userHash = script.getAttribute("data-user-hash") || undefined;
  var channel = script.getAttribute("data-channel") || "web";

  function anonymousId() {
    try {
      var segment = window.localStorage.getItem("ajs_anonymous_id");
      if (segment) { return JSON.parse(segment); }
      var own = window.localStorage.getItem("tp_anonymous_id");
      if (!own) {
        own = "tp-" + (window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
        window.localStorage.setItem("tp_anonymous_id", own);
      }
      return own;
    } catch (error) { return undefined; }
  }
  var visitor = anonymousId();

  function post(path, body) {
    body.writeKey = key;
    return fetch(base + path, { method: "POST", headers: { "Content-Type": "text/plain" }, body: JSON.stringify(body), keepalive: true });
  }

  function track(event, decision, action, placement) {
    var message = { type: "track", event: event, anonymousId: visitor, context: { channel: channel, page: { url: window.location.href } },
      properties: { decision_id: decision, action_id: action, placement: placement } };
    if (userId && userHash) { message.userId = userId; }
    return post("/v1/track", message).catch(function () {});
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function render(slot, placement, decision, action) {
    var reported = {};
    function once(event) {
      if (reported[event]) { return; }
      reported[event] = true;
      track(event, decision, action.id, placement);
    }
    var detail = { decisionId: decision, placement: placement, action: action,
      accept: function () { once("Offer Accepted"); }, dismiss: function () { once("Offer Dismissed"); slot.hidden = true; } };
    var custom = new CustomEvent("touchpoint:offer", { detail: detail, bubbles: true, cancelable: true });
    var drawnBySite = !slot.dispatchEvent(custom);
    if (!drawnBySite) {
      // A plain card that fits most pages; data-touchpoint-unstyled leaves the look to the site's own CSS (the classes).
      var styled = !slot.hasAttribute("data-touchpoint-unstyled");
      function look(css) { return styled ? css : ""; }
      var card = element("div", { role: "region", "aria-label": action.title, "class": "tp-offer tp-offer-" + action.kind,
        style: look("position:relative;max-width:420px;box-sizing:border-box;padding:14px 40px 14px 16px;border:1px solid #d0d7de;border-radius:12px;background:#fff;color:#1b1f24;font:15px/1.45 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.08)") });
      var close = element("button", { type: "button", "class": "tp-offer-close", "aria-label": "×",
        style: look("position:absolute;top:6px;right:8px;border:0;background:none;font-size:20px;line-height:1;cursor:pointer;color:#57606a") }, "×");
      close.addEventListener("click", detail.dismiss);
      card.appendChild(close);
      card.appendChild(element("strong", { "class": "tp-offer-title", style: look("display:block;font-size:16px") }, action.title));
      if (action.body) { card.appendChild(element("p", { "class": "tp-offer-body", style: look("margin:6px 0 10px") }, action.body)); }
      var go = element("button", { type: "button", "class": "tp-offer-action",
        style: look("min-height:36px;padding:0 16px;border:0;border-radius:8px;background:#0969da;color:#fff;font:inherit;cursor:pointer") }, action.callToAction || "OK");
      go.addEventListener("click", function () {
        detail.accept();
        var href = slot.getAttribute("data-touchpoint-href");
        if (href) { window.location.href = href; }
      });
      card.appendChild(go);
      slot.replaceChildren(card);
    }
    // Viewed means seen: half of it on screen, not merely on the page.
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) { once("Offer Viewed"); observer.disconnect(); }
        });
      }, { threshold: 0.5 });
      observer.observe(slot);
    } else {
      once("Offer Viewed");
    }
  }

  function fill(slot) {
    var placement = slot.getAttribute("data-touchpoint-placement");
    if (!placement || slot.getAttribute("data-touchpoint-state")) { return; }
    slot.setAttribute("data-touchpoint-state", "asking");
    var body = { anonymousId: visitor, channel: channel, placement: placement, limit: 1, locale: document.documentElement.lang || navigator.language };
    if (userId) { body.userId = userId; body.userHash = userHash; }
    post("/v1/decide", body)
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        slot.setAttribute("data-touchpoint-state", "done");
        if (!answer || !answer.decisionId || !answer.actions.length) { return; }
        render(slot, placement, answer.decisionId, answer.actions[0]);
      })
      .catch(function () { slot.setAttribute("data-touchpoint-state", "failed"); });
  }

  function start() { Array.prototype.forEach.call(document.querySelectorAll("[data-touchpoint-placement]"), fill); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
