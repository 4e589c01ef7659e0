// Progressive enhancement of navigation. Every page works without it.
//
// 1. The main menu is an open <details>; on narrow screens it is closed here,
//    so it becomes a "Menu" button, and opened again when the screen widens.
// 2. A list with a filter box (nav.filter[data-filter]: links to the pages of
//    each thema, subregio and werkvorm) gets a form in its place that narrows
//    the cards in place. The options come from the links; the choice is kept
//    in the address (?thema=ict), so a narrowed list can be shared.
(function () {
  'use strict';

  var menu = document.querySelector('.hoofdmenu details');
  if (menu && window.matchMedia) {
    var smal = window.matchMedia('(max-width: 47.99em)');
    var zet = function () { menu.open = !smal.matches; };
    zet();
    if (smal.addEventListener) smal.addEventListener('change', zet);
  }

  var nav = document.querySelector('nav.filter[data-filter]');
  var lijst = nav && document.getElementById(nav.getAttribute('data-filter'));
  if (!lijst || !window.URLSearchParams) return;

  var kaarten = Array.prototype.slice.call(lijst.children);
  var facetten = [
    { data: 'themas', param: 'thema', naam: 'Thema', alle: 'Alle thema\u2019s' },
    { data: 'subregio', param: 'subregio', naam: 'Subregio', alle: 'Alle subregio\u2019s' },
    { data: 'werkvormen', param: 'werkvorm', naam: 'Werkvorm', alle: 'Alle werkvormen' }
  ];
  var vraag = new URLSearchParams(location.search);

  var form = document.createElement('form');
  form.className = 'filter-form';
  var velden = document.createElement('fieldset');
  var legend = document.createElement('legend');
  legend.textContent = 'Filter deze lijst';
  velden.appendChild(legend);
  var keuzes = [];
  facetten.forEach(function (f) {
    var links = nav.querySelectorAll('a[data-facet="' + f.data + '"]');
    if (!links.length) return;
    var label = document.createElement('label');
    var tekst = document.createElement('span');
    tekst.textContent = f.naam;
    var select = document.createElement('select');
    select.name = f.param;
    select.add(new Option(f.alle, ''));
    Array.prototype.forEach.call(links, function (a) {
      select.add(new Option(a.textContent, a.getAttribute('data-waarde')));
    });
    select.value = vraag.get(f.param) || '';
    if (select.selectedIndex < 0) select.value = '';
    label.appendChild(tekst);
    label.appendChild(select);
    velden.appendChild(label);
    keuzes.push({ facet: f, select: select });
  });
  var wis = document.createElement('button');
  wis.type = 'reset';
  wis.textContent = 'Alles tonen';
  velden.appendChild(wis);
  var status = document.createElement('p');
  status.className = 'filter-status';
  status.setAttribute('role', 'status');
  velden.appendChild(status);
  form.appendChild(velden);

  function toon(bewaar) {
    var getoond = 0;
    kaarten.forEach(function (kaart) {
      var past = keuzes.every(function (k) {
        var v = k.select.value;
        var waarden = ' ' + (kaart.getAttribute('data-' + k.facet.data) || '') + ' ';
        return !v || waarden.indexOf(' ' + v + ' ') >= 0;
      });
      kaart.hidden = !past;
      if (past) getoond++;
    });
    status.textContent = getoond === kaarten.length
      ? 'Alle ' + getoond + ' worden getoond.'
      : getoond + ' van de ' + kaarten.length + ' worden getoond.';
    if (!bewaar) return;
    var p = new URLSearchParams();
    keuzes.forEach(function (k) { if (k.select.value) p.set(k.facet.param, k.select.value); });
    var q = p.toString();
    history.replaceState(null, '', location.pathname + (q ? '?' + q : '') + location.hash);
  }

  form.addEventListener('change', function () { toon(true); });
  form.addEventListener('reset', function () { setTimeout(function () { toon(true); }, 0); });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  toon(false);
  // The form replaces the links: the same choices, without leaving the page.
  nav.parentNode.insertBefore(form, nav);
  nav.hidden = true;
}());
