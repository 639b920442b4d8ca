/* Touchpoint live chat widget.
 * Embed: <script src="https://YOUR-TOUCHPOINT/chat/widget.js" data-key="WRITE_KEY" data-lang="pl"></script>
 * A signed-in user of the site is proven with data-user-id (or data-user-email) and data-user-hash (hex HMAC-SHA256 of
 * the id under the source's identity secret), or data-identity-token (an HS256 JWT); only proven identities join the
 * chat to the customer's profile. The browser keeps a signed visitor token from POST /chat/session, never a bare id.
 * The conversation survives reloads and dropped connections: the last shown sequence and the messages not yet
 * acknowledged are kept in localStorage; on reconnect the server sends what was missed and stores re-sent
 * messages once (by clientId). All text is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var key = script.getAttribute("data-key") || "";
  var lang = (script.getAttribute("data-lang") || document.documentElement.lang || navigator.language || "en").slice(0, 2);
  var base = new URL(script.src, location.href);
  var socketURL = (base.protocol === "https:" ? "wss://" : "ws://") + base.host + "/chat/socket";
  var T = {
    pl: { open: "Czat z obsługą", title: "Jak możemy pomóc?", placeholder: "Napisz wiadomość…", send: "Wyślij", email: "E-mail (opcjonalnie)",
          offline: "Łączenie…", rate: "Jak oceniasz pomoc?", thanks: "Dziękujemy za ocenę!", you: "Ty", close: "Zamknij",
          welcome: "Dzień dobry! Napisz, w czym możemy pomóc — odpowiadamy zwykle w kilka minut.",
          received: "Wiadomość dotarła. Konsultant odpowie tutaj; możesz zamknąć okno i wrócić później.",
          assistant: "Asystent", assistantIntro: "Odpowiada asystent — na podstawie artykułów centrum pomocy. W każdej chwili możesz poprosić o konsultanta.",
          person: "Porozmawiaj z konsultantem", helpful: "Czy to pomogło?", yes: "Tak", no: "Nie" },
    en: { open: "Chat with us", title: "How can we help?", placeholder: "Write a message…", send: "Send", email: "E-mail (optional)",
          offline: "Connecting…", rate: "How did we do?", thanks: "Thank you for rating us!", you: "You", close: "Close",
          welcome: "Hello! Tell us how we can help — we usually answer within a few minutes.",
          received: "Message received. An agent will answer here; you can close this window and come back later.",
          assistant: "Assistant", assistantIntro: "Our assistant answers from the help centre's articles. You can ask for a person at any time.",
          person: "Talk to a person", helpful: "Did this help?", yes: "Yes", no: "No" },
    ru: { open: "Чат с поддержкой", title: "Чем можем помочь?", placeholder: "Напишите сообщение…", send: "Отправить", email: "E-mail (необязательно)",
          offline: "Подключение…", rate: "Как вы оцениваете помощь?", thanks: "Спасибо за оценку!", you: "Вы", close: "Закрыть",
          welcome: "Здравствуйте! Напишите, чем мы можем помочь — обычно отвечаем в течение нескольких минут.",
          received: "Сообщение получено. Консультант ответит здесь; можно закрыть окно и вернуться позже.",
          assistant: "Ассистент", assistantIntro: "Отвечает ассистент — по статьям центра помощи. Вы можете в любой момент позвать сотрудника.",
          person: "Позвать сотрудника", helpful: "Это помогло?", yes: "Да", no: "Нет" }
  };
  var t = T[lang] || T.en;
  var store = window.localStorage;
  var prefix = "tp_chat_" + key.slice(0, 12) + "_";
  function load(name, fallback) { try { var v = store.getItem(prefix + name); return v === null ? fallback : JSON.parse(v); } catch (e) { return fallback; } }
  function save(name, value) { try { store.setItem(prefix + name, JSON.stringify(value)); } catch (e) {} }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "v" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  var sessionURL = base.protocol + "//" + base.host + "/chat/session?key=" + encodeURIComponent(key);
  var visitorToken = load("token", null);
  var identity = {
    userId: script.getAttribute("data-user-id") || undefined, email: script.getAttribute("data-user-email") || undefined,
    name: script.getAttribute("data-user-name") || undefined, userHash: script.getAttribute("data-user-hash") || undefined,
    jwt: script.getAttribute("data-identity-token") || undefined
  };
  var lastSequence = load("last", 0);
  var pending = load("pending", []);      // [{clientId, body}] not yet acknowledged
  var shown = {};                          // sequence -> true
  var socket = null, backoff = 500, connected = false, firstConnect = true;
  // The assistant answers while nobody can (the server says so in "ready"), until it hands over to a person.
  var assistantMode = false;

  // --- UI ---
  var root = document.createElement("div");
  root.className = "tp-chat";
  // The panel stands right above the launcher, both on the same right edge.
  root.setAttribute("style", "position:fixed;right:16px;bottom:16px;z-index:2147483000;font:14px/1.4 system-ui,sans-serif;display:flex;flex-direction:column;align-items:flex-end;gap:8px");
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = t.open;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("style", "background:#1d4ed8;color:#fff;border:0;border-radius:20px;padding:10px 16px;cursor:pointer");
  var panel = document.createElement("section");
  panel.setAttribute("aria-label", t.title);
  panel.hidden = true;
  panel.setAttribute("style", "width:340px;max-width:calc(100vw - 32px);max-height:min(520px,calc(100vh - 96px));background:#fff;color:#111;border:1px solid #cbd5e1;border-radius:12px;display:flex;flex-direction:column;box-shadow:0 12px 32px rgba(15,23,42,.18);overflow:hidden");
  var header = document.createElement("h2");
  header.textContent = t.title;
  header.setAttribute("style", "font-size:15px;margin:0;padding:10px 12px;border-bottom:1px solid #e2e8f0");
  var status = document.createElement("p");
  status.setAttribute("role", "status");
  status.setAttribute("style", "margin:0;padding:2px 12px;color:#475569;font-size:12px");
  var list = document.createElement("ol");
  list.setAttribute("aria-live", "polite");
  list.className = "tp-chat-messages";
  list.setAttribute("style", "list-style:none;margin:0;padding:8px 12px;overflow-y:auto;flex:1;min-height:160px");
  var rating = document.createElement("div");
  rating.hidden = true;
  rating.setAttribute("style", "padding:6px 12px;border-top:1px solid #e2e8f0");
  var form = document.createElement("form");
  form.setAttribute("style", "display:flex;flex-direction:column;gap:6px;padding:8px 12px;border-top:1px solid #e2e8f0");
  var email = document.createElement("input");
  var field = "font:inherit;border:1px solid #cbd5e1;border-radius:8px;padding:7px 9px;background:#fff;color:#111;width:100%;box-sizing:border-box";
  email.type = "email"; email.placeholder = t.email; email.setAttribute("aria-label", t.email); email.value = load("email", "");
  email.setAttribute("style", field);
  var input = document.createElement("textarea");
  input.rows = 2; input.placeholder = t.placeholder; input.setAttribute("aria-label", t.placeholder); input.name = "message";
  input.setAttribute("style", field + ";resize:vertical;min-height:44px");
  var send = document.createElement("button");
  send.type = "submit"; send.textContent = t.send;
  send.setAttribute("style", "background:#1d4ed8;color:#fff;border:0;border-radius:8px;padding:8px;font:inherit;font-weight:600;cursor:pointer");
  var person = document.createElement("button");
  person.type = "button"; person.textContent = t.person; person.hidden = true; person.className = "tp-chat-person";
  person.setAttribute("style", "background:#fff;color:#1d4ed8;border:1px solid #1d4ed8;border-radius:8px;padding:6px;font:inherit;cursor:pointer");
  person.addEventListener("click", function () { transmit({ type: "handover" }); person.hidden = true; });
  form.appendChild(email); form.appendChild(input); form.appendChild(send); form.appendChild(person);
  panel.appendChild(header); panel.appendChild(status); panel.appendChild(list); panel.appendChild(rating); panel.appendChild(form);
  root.appendChild(panel); root.appendChild(button);
  (document.body || document.documentElement).appendChild(root);

  function setOpen(open) {
    panel.hidden = !open;
    // The panel's inline display:flex would win over the hidden attribute: set it with it.
    panel.style.display = open ? "flex" : "none";
  }
  setOpen(false);

  // A line from the widget itself (not a message): the welcome, and the note that the first message arrived.
  function notice(text, kind) {
    var item = document.createElement("li");
    item.className = "tp-chat-notice";
    item.setAttribute("data-notice", kind);
    item.setAttribute("style", "margin:6px 0;padding:6px 8px;color:#475569;font-size:13px;text-align:center");
    item.textContent = text;
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
  }
  notice(t.welcome, "welcome");
  var acknowledged = load("acknowledged", false);

  button.addEventListener("click", function () {
    setOpen(panel.hidden);
    button.setAttribute("aria-expanded", String(!panel.hidden));
    button.textContent = panel.hidden ? t.open : t.close;
    if (!panel.hidden) input.focus();
  });

  function show(message) {
    if (message.sequence && shown[message.sequence]) return;
    if (message.sequence) shown[message.sequence] = true;
    if (message.clientId) {
      var local = list.querySelector('[data-client="' + CSS.escape(message.clientId) + '"]');
      if (local) { local.removeAttribute("data-pending"); local.style.opacity = "1"; return; }
    }
    var item = document.createElement("li");
    var mine = message.direction === "inbound";
    item.setAttribute("style", "margin:4px 0;padding:6px 8px;border-radius:6px;max-width:85%;" + (mine ? "background:#dbeafe;margin-left:auto" : "background:#f1f5f9"));
    if (message.clientId) item.setAttribute("data-client", message.clientId);
    item.setAttribute("data-direction", message.direction || "inbound");
    var who = document.createElement("strong");
    who.textContent = (mine ? t.you : (message.authorName || "")) + ": ";
    var body = document.createElement("span");
    body.textContent = message.body;
    item.appendChild(who); item.appendChild(body);
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
    if (message.sequence && message.sequence > lastSequence) { lastSequence = message.sequence; save("last", lastSequence); }
  }

  function showRating() {
    rating.textContent = "";
    var label = document.createElement("p");
    label.textContent = t.rate; label.style.margin = "0 0 4px";
    rating.appendChild(label);
    [1, 2, 3, 4, 5].forEach(function (score) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = String(score); b.setAttribute("aria-label", t.rate + " " + score + "/5");
      b.style.marginRight = "4px";
      b.addEventListener("click", function () { transmit({ type: "csat", score: score }); });
      rating.appendChild(b);
    });
    rating.hidden = false;
  }

  // An answer of the assistant: its text, the articles as links, and "did this help?" after an answer.
  function showAssistant(frame) {
    var item = document.createElement("li");
    item.className = "tp-chat-assistant";
    item.setAttribute("data-outcome", frame.outcome || "");
    item.setAttribute("style", "margin:4px 0;padding:6px 8px;border-radius:6px;max-width:85%;background:#ecfdf5");
    var who = document.createElement("strong");
    who.textContent = t.assistant + ": ";
    var body = document.createElement("span");
    body.textContent = frame.text || "";
    item.appendChild(who); item.appendChild(body);
    (frame.articles || []).forEach(function (article) {
      var link = document.createElement("a");
      link.href = base.protocol + "//" + base.host + article.url; link.target = "_blank"; link.rel = "noopener";
      link.textContent = article.title;
      link.setAttribute("style", "display:block;margin-top:4px;color:#1d4ed8");
      item.appendChild(link);
    });
    if (frame.outcome === "answered") {
      var ask = document.createElement("div");
      ask.setAttribute("style", "margin-top:4px;font-size:12px;color:#475569");
      ask.appendChild(document.createTextNode(t.helpful + " "));
      [[t.yes, true], [t.no, false]].forEach(function (choice) {
        var b = document.createElement("button");
        b.type = "button"; b.textContent = choice[0]; b.setAttribute("data-helpful", String(choice[1]));
        b.setAttribute("style", "margin-left:4px;border:1px solid #94a3b8;border-radius:6px;background:#fff;cursor:pointer;min-height:28px");
        b.addEventListener("click", function () { ask.textContent = ""; if (!choice[1]) transmit({ type: "ask_feedback", helpful: false }); });
        ask.appendChild(b);
      });
      item.appendChild(ask);
    }
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
    if (frame.outcome === "handover") { assistantMode = false; person.hidden = true; acknowledged = true; save("acknowledged", true); }
  }

  function transmit(frame) {
    if (socket && connected) { socket.send(JSON.stringify(frame)); return true; }
    return false;
  }

  function flush() { pending.forEach(function (p) { transmit({ type: "message", body: p.body, clientId: p.clientId, language: lang }); }); }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    if (email.value && email.value !== load("email", "")) { save("email", email.value); transmit({ type: "identify", email: email.value }); }
    if (assistantMode) {
      var id = uuid();
      show({ direction: "inbound", body: text, clientId: id });
      input.value = "";
      transmit({ type: "ask", body: text, clientId: id });
      return;
    }
    var entry = { clientId: uuid(), body: text };
    pending.push(entry); save("pending", pending);
    show({ direction: "inbound", body: text, clientId: entry.clientId });
    var local = list.querySelector('[data-client="' + CSS.escape(entry.clientId) + '"]');
    if (local) { local.setAttribute("data-pending", "true"); local.style.opacity = "0.6"; }
    input.value = "";
    transmit({ type: "message", body: text, clientId: entry.clientId, language: lang });
  });

  // A signed visitor token: renewed when the browser has one, made when it has none (or it was refused).
  function withToken(then) {
    var request = new XMLHttpRequest();
    request.open("POST", sessionURL);
    request.onload = function () {
      try {
        var answer = JSON.parse(request.responseText);
        if (answer.token) { visitorToken = answer.token; save("token", visitorToken); then(); return; }
      } catch (e) {}
      retryLater();
    };
    request.onerror = retryLater;
    request.send(visitorToken || "");
  }
  function retryLater() { status.textContent = t.offline; setTimeout(connect, backoff); backoff = Math.min(backoff * 2, 15000); }
  var renewed = false;

  function connect() {
    status.textContent = t.offline;
    if (!visitorToken || !renewed) { renewed = true; withToken(connect); return; }
    socket = new WebSocket(socketURL + "?key=" + encodeURIComponent(key) + "&token=" + encodeURIComponent(visitorToken) + "&after=" + (firstConnect ? 0 : lastSequence) + "&lang=" + encodeURIComponent(lang));
    socket.onopen = function () { backoff = 500; };
    socket.onmessage = function (event) {
      var frame; try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame.type === "ready") {
        connected = true; firstConnect = false; status.textContent = "";
        if (identity.userHash || identity.jwt) {
          transmit({ type: "identify", userId: identity.userId, email: identity.email, name: identity.name, userHash: identity.userHash, jwt: identity.jwt });
        }
        var saved = load("email", "");
        if (saved) transmit({ type: "identify", email: saved });
        flush();
        if (frame.status === "resolved") showRating();
        assistantMode = !!frame.assistant;
        person.hidden = !assistantMode;
        if (assistantMode && !list.querySelector('[data-notice="assistant"]')) notice(t.assistantIntro, "assistant");
      } else if (frame.type === "assistant") {
        showAssistant(frame);
      } else if (frame.type === "message") {
        show(frame.message);
      } else if (frame.type === "ack") {
        pending = pending.filter(function (p) { return p.clientId !== frame.clientId; }); save("pending", pending);
        var local = frame.clientId && list.querySelector('[data-client="' + CSS.escape(frame.clientId) + '"]');
        if (local) { local.removeAttribute("data-pending"); local.style.opacity = "1"; }
        if (frame.sequence) shown[frame.sequence] = true;
        if (!acknowledged) { acknowledged = true; save("acknowledged", true); notice(t.received, "received"); }
      } else if (frame.type === "status") {
        if (frame.status === "resolved") showRating(); else rating.hidden = true;
      } else if (frame.type === "rated") {
        rating.textContent = t.thanks;
      } else if (frame.type === "error" && frame.code === "invalid_visitor") {
        visitorToken = null; save("token", null); renewed = false;
      } else if (frame.type === "error" && frame.code === "rate_limited") {
        status.textContent = frame.message;
      }
    };
    socket.onclose = function () {
      connected = false; status.textContent = t.offline;
      setTimeout(connect, backoff); backoff = Math.min(backoff * 2, 15000);
    };
  }
  // Messages kept from before a reload are shown again until acknowledged.
  pending.forEach(function (p) { show({ direction: "inbound", body: p.body, clientId: p.clientId }); });
  connect();
  window.TouchpointChat = {
    open: function () { if (panel.hidden) button.click(); },
    close: function () { if (!panel.hidden) button.click(); },
    identify: function (proof) { identity = proof || {}; transmit({ type: "identify", userId: identity.userId, email: identity.email, name: identity.name, userHash: identity.userHash, jwt: identity.jwt }); }
  };
})();
