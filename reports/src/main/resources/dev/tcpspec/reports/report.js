(function () {
  'use strict';
  var root = document.documentElement;
  var verdictButtons = [].slice.call(document.querySelectorAll('button[data-verdict]'));
  var familyButtons = [].slice.call(document.querySelectorAll('button[data-family]'));
  var allFamilies = document.getElementById('all-families');
  var query = document.getElementById('q');
  var items = [].slice.call(document.querySelectorAll('[data-spec]'));
  var groups = [].slice.call(document.querySelectorAll('tr[data-group]'));
  var shown = document.getElementById('shown');
  var total = Number(root.getAttribute('data-specs'));

  function pressed(buttons, key) {
    return buttons.filter(function (b) { return b.getAttribute('aria-pressed') === 'true'; })
      .map(function (b) { return b.getAttribute(key); });
  }

  function apply() {
    var verdicts = pressed(verdictButtons, 'data-verdict');
    var families = pressed(familyButtons, 'data-family');
    var q = (query.value || '').trim().toLowerCase();
    var visibleRows = 0;
    var visibleFamilies = {};
    items.forEach(function (el) {
      var family = el.getAttribute('data-family');
      var ok = (families.length === 0 || families.indexOf(family) >= 0)
        && el.getAttribute('data-verdicts').split(' ').some(function (v) { return verdicts.indexOf(v) >= 0; })
        && (q === '' || el.getAttribute('data-text').indexOf(q) >= 0);
      el.hidden = !ok;
      if (ok && el.tagName === 'TR') {
        visibleRows++;
        visibleFamilies[family] = true;
      }
    });
    groups.forEach(function (g) { g.hidden = !visibleFamilies[g.getAttribute('data-group')]; });
    allFamilies.setAttribute('aria-pressed', families.length === 0 ? 'true' : 'false');
    shown.textContent = visibleRows === total ? 'all ' + total + ' specs shown'
      : visibleRows + ' of ' + total + ' specs shown';
  }

  function reset() {
    verdictButtons.forEach(function (b) { b.setAttribute('aria-pressed', 'true'); });
    familyButtons.forEach(function (b) { b.setAttribute('aria-pressed', 'false'); });
    query.value = '';
    apply();
  }

  verdictButtons.concat(familyButtons).forEach(function (b) {
    b.addEventListener('click', function () {
      b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
      apply();
    });
  });
  allFamilies.addEventListener('click', function () {
    familyButtons.forEach(function (b) { b.setAttribute('aria-pressed', 'false'); });
    apply();
  });
  query.addEventListener('input', apply);

  // a link to a spec that the filters hide shows everything again, then follows the link
  document.addEventListener('click', function (e) {
    var a = e.target.closest ? e.target.closest('a[href^="#"]') : null;
    if (!a) return;
    var target = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
    if (target && target.closest('[hidden]')) reset();
  });

  document.getElementById('filters').hidden = false;
  apply();
  root.setAttribute('data-ready', 'true');
})();
