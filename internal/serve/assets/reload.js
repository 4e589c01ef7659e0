// Live reload for `handboek serve`. The dev server adds this script to the
// pages it serves; a site built with `handboek build` never contains it.
//
// Events from /__handboek/events:
//   hello   the server's version; one other than this page's means the page is stale
//   reload  a build succeeded and changed the site
//   css     only stylesheets changed: {"from", "version", "swap": {old path: new path}}
//   search  only the search index and the search page changed: {"from", "version"}
//   errors  a build failed: {"version", "old", "problems": ["path:line:col: message", ...]}
(function () {
  'use strict';
  var script = document.currentScript;
  var version = script ? script.getAttribute('data-version') : '';
  var events = new EventSource('/__handboek/events');

  events.addEventListener('hello', function (e) {
    if (e.data !== version) location.reload();
  });
  events.addEventListener('reload', function () {
    location.reload();
  });
  events.addEventListener('search', function (e) {
    var msg = JSON.parse(e.data);
    if (msg.from !== version || document.getElementById('zoekresultaten')) {
      location.reload();
      return;
    }
    version = msg.version;
  });
  events.addEventListener('css', function (e) {
    var msg = JSON.parse(e.data);
    if (msg.from !== version || document.getElementById('handboek-overlay')) {
      location.reload();
      return;
    }
    var swapped = 0;
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      var to = msg.swap[new URL(link.href, location.href).pathname];
      if (to) {
        link.href = to;
        swapped++;
      }
    });
    if (swapped === 0) {
      location.reload();
      return;
    }
    version = msg.version;
  });
  events.addEventListener('errors', function (e) {
    var msg = JSON.parse(e.data);
    version = msg.version;
    show(msg.problems, msg.old);
  });

  // show puts the problems over the page, as text: never as HTML.
  function show(problems, old) {
    var overlay = document.getElementById('handboek-overlay');
    if (!overlay) {
      var css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = '/__handboek/overlay.css';
      document.head.appendChild(css);
      overlay = document.createElement('div');
      overlay.id = 'handboek-overlay';
      overlay.setAttribute('role', 'alert');
      document.body.appendChild(overlay);
    }
    var p = document.createElement('p');
    p.textContent = old
      ? 'De build is mislukt. Je ziet de laatste versie die wel lukte. Los dit op:'
      : 'De build is mislukt. Los dit op:';
    var pre = document.createElement('pre');
    pre.textContent = problems.join('\n');
    overlay.replaceChildren(p, pre);
  }
})();
