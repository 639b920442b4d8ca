// The help centre's search box: articles suggested as the visitor types (GET /help/LOCALE/suggest?q=), keyboard
// friendly (arrow down into the list, Escape to close). Without JavaScript the form still searches.
(function () {
  var form = document.querySelector('form.search');
  if (!form) return;
  var input = form.querySelector('input[name=q]');
  var list = document.getElementById('suggestions');
  var timer = null, last = '';
  function close() { list.hidden = true; list.textContent = ''; input.setAttribute('aria-expanded', 'false'); }
  function show(items) {
    list.textContent = '';
    items.forEach(function (item) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = item.url; a.textContent = item.title; a.setAttribute('role', 'option');
      li.appendChild(a); list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
  }
  input.addEventListener('input', function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 3) { close(); return; }
    timer = setTimeout(function () {
      if (q === last) return;
      last = q;
      fetch(form.getAttribute('data-suggest') + '?q=' + encodeURIComponent(q), { headers: { 'Accept': 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (body) { if (input.value.trim() === q) show(body.suggestions || []); })
        .catch(close);
    }, 150);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown' && !list.hidden) { var first = list.querySelector('a'); if (first) { e.preventDefault(); first.focus(); } }
    if (e.key === 'Escape') close();
  });
  list.addEventListener('keydown', function (e) {
    var current = document.activeElement.parentElement;
    if (e.key === 'ArrowDown' && current.nextElementSibling) { e.preventDefault(); current.nextElementSibling.firstChild.focus(); }
    if (e.key === 'ArrowUp') { e.preventDefault(); if (current.previousElementSibling) current.previousElementSibling.firstChild.focus(); else input.focus(); }
    if (e.key === 'Escape') { close(); input.focus(); }
  });
  document.addEventListener('click', function (e) { if (!form.contains(e.target)) close(); });
})();
