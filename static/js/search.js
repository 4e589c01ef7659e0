// The search page (/zoeken/): searches the index that internal/search writes
// (format: docs/search-index.md) in the browser, with no server. It reads
// ?q= and the filters ?type= ?subregio= ?thema= from the address, searches on
// load and as you type, and keeps the address in step so a search can be
// shared. Index files are fetched only when there is something to search.
//
// Everything taken from the index is put in the page as text
// (textContent, createTextNode), never as HTML.
//
// In Node (the tests in internal/search/testdata) the file exports its
// search core instead of starting the page.
(function () {
  'use strict';

  // ---- One normalisation, the same as Go's textnorm.Fold and search.Stem ----

  var SPECIAL = { 'ß': 'ss', 'æ': 'ae', 'ø': 'o', 'œ': 'oe', 'ł': 'l', 'đ': 'd', 'ı': 'i', 'ð': 'd', 'þ': 'th' };

  // fold lower-cases s and drops diacritics: "Coöperatie" -> "cooperatie".
  function fold(s) {
    if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
    return Array.from(s.normalize('NFKD').replace(/\p{Mn}/gu, ''), function (c) {
      c = c.toLowerCase();
      return SPECIAL[c] || c;
    }).join('').normalize('NFC');
  }

  // words splits folded text into runs of letters and digits.
  function words(s) {
    return fold(s).split(/[^\p{L}\p{Nd}]+/u).filter(Boolean);
  }

  // stem is the Snowball Dutch stemmer plus handboek's three small rules; a
  // port of search.Stem (Go), tested on shared vectors.
  function stem(w) {
    if (!/^[a-z]+$/.test(w)) return w;
    var n = w.length;
    if (n > 4 && /[ei]een$/.test(w)) w = w.slice(0, -2);
    else if (n > 4 && /sses$/.test(w)) w = w.slice(0, -2);
    w = snowball(w);
    n = w.length;
    if (n >= 3 && w[n - 1] === w[n - 2] && !isV(w[n - 1])) w = w.slice(0, -1);
    return w;
  }

  function isV(c) { return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y'; }

  // snowball is the Snowball Dutch algorithm (snowballstem.org, dutch.sbl)
  // for words of a-z. "I" and "Y" mark an i or y that acts as a consonant.
  function snowball(w) {
    var s = w.split(''), i, L = s.length;
    if (s[0] === 'y') s[0] = 'Y';
    for (i = 0; i < L - 1; i++) {
      if (!isV(s[i])) continue;
      if (s[i + 1] === 'i' && i + 2 < L && isV(s[i + 2])) s[i + 1] = 'I';
      else if (s[i + 1] === 'y') s[i + 1] = 'Y';
    }
    w = s.join('');
    // Regions: p1 after the first non-vowel that follows a vowel (at least 3), p2 the same again.
    var c = 0, p1 = L, p2 = L;
    var past = function (vowel) {
      while (c < L && isV(w[c]) !== vowel) c++;
      if (c >= L) return false;
      c++;
      return true;
    };
    if (past(true) && past(false)) {
      p1 = Math.max(c, 3);
      if (past(true) && past(false)) p2 = c;
    }
    var eFound = false;
    var ends = function (x) { return w.length >= x.length && w.slice(-x.length) === x; };
    var before = function (k) { return k > 0 ? w[k - 1] : ''; };
    var undouble = function () { if (/(dd|kk|tt)$/.test(w)) w = w.slice(0, -1); };
    var enEnding = function (k) { // suffix w[k:], "en" or "ene"
      if (k >= p1 && k > 0 && !isV(before(k)) && w.slice(Math.max(0, k - 3), k) !== 'gem') {
        w = w.slice(0, k);
        undouble();
      }
    };
    var eEnding = function () {
      eFound = false;
      var k = w.length - 1;
      if (ends('e') && k >= p1 && k > 0 && !isV(before(k))) {
        w = w.slice(0, k);
        eFound = true;
        undouble();
      }
    };
    var k;
    if (ends('heden')) {
      if (w.length - 5 >= p1) w = w.slice(0, -5) + 'heid';
    } else if (ends('ene') || ends('en')) {
      enEnding(w.length - (ends('ene') ? 3 : 2));
    } else if (ends('se') || ends('s')) {
      k = w.length - (ends('se') ? 2 : 1);
      if (k >= p1 && k > 0 && !/[aeiouyj]/.test(before(k))) w = w.slice(0, k);
    }
    eEnding();
    k = w.length - 4;
    if (ends('heid') && k >= p2 && before(k) !== 'c') {
      w = w.slice(0, k);
      if (ends('en')) enEnding(w.length - 2);
    }
    if (ends('end') || ends('ing')) {
      k = w.length - 3;
      if (k >= p2) {
        w = w.slice(0, k);
        if (ends('ig') && w.length - 2 >= p2 && before(w.length - 2) !== 'e') w = w.slice(0, -2);
        else undouble();
      }
    } else if (ends('ig')) {
      k = w.length - 2;
      if (k >= p2 && before(k) !== 'e') w = w.slice(0, k);
    } else if (ends('lijk')) {
      if (w.length - 4 >= p2) {
        w = w.slice(0, -4);
        eEnding();
      }
    } else if (ends('baar')) {
      if (w.length - 4 >= p2) w = w.slice(0, -4);
    } else if (ends('bar')) {
      if (w.length - 3 >= p2 && eFound) w = w.slice(0, -3);
    }
    // A double vowel before a final consonant is undoubled: "maak" -> "mak".
    L = w.length;
    if (L >= 4 && !isV(w[L - 1]) && w[L - 1] !== 'I' && /^(aa|ee|oo|uu)$/.test(w.slice(L - 3, L - 1)) && !isV(w[L - 4])) {
      w = w.slice(0, L - 2) + w[L - 1];
    }
    return w.replace(/I/g, 'i').replace(/Y/g, 'y');
  }

  // ---- The index (docs/search-index.md) ----

  var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var DIGIT = {};
  for (var d = 0; d < 64; d++) DIGIT[DIGITS[d]] = d;

  // decode reads the compact number encoding: base 32, every digit but the
  // last from the upper half of DIGITS.
  function decode(s) {
    var out = [], x = 0;
    for (var i = 0; i < s.length; i++) {
      var v = DIGIT[s[i]];
      if (v >= 32) x = x * 32 + v - 32;
      else { out.push(x * 32 + v); x = 0; }
    }
    return out;
  }

  // slug is textnorm.Slug: "Goede praktijk" -> "goede-praktijk".
  function slug(s) {
    return fold(s).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  }

  // Index searches one index. get(name) returns a promise of a parsed index
  // file ("manifest.json", "s0.json", "d0.json"); files are fetched once.
  function Index(get) {
    this.get = get;
    this.files = {};
  }

  Index.prototype.file = function (name) {
    var files = this.files;
    if (!files[name]) {
      files[name] = this.get(name);
      files[name].catch(function () { delete files[name]; });
    }
    return files[name];
  };

  // manifest loads and unpacks manifest.json.
  Index.prototype.manifest = function () {
    if (!this.m) {
      this.m = this.file('manifest.json').then(function (m) {
        var f = decode(m.facets), i = 0;
        m.stopSet = new Set(m.stop);
        m.typeOf = []; m.subOf = []; m.themasOf = [];
        for (var doc = 0; doc < m.n; doc++) {
          m.typeOf.push(f[i++]);
          m.subOf.push(f[i++] - 1);
          var k = f[i++];
          m.themasOf.push(f.slice(i, i + k));
          i += k;
        }
        return m;
      });
      var self = this;
      this.m.catch(function () { self.m = null; });
    }
    return this.m;
  };

  // shard loads term shard i.
  Index.prototype.shard = function (i) {
    return this.file('s' + i + '.json').then(function (s) {
      if (!s.at) {
        s.at = new Map(s.t.map(function (t, j) { return [t, j]; }));
        s.decoded = [];
      }
      return s;
    });
  };

  // shardOf is the shard that holds term t (or would).
  function shardOf(m, t) {
    var lo = 0, hi = m.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (m.shards[mid] <= t) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // postings returns term j of shard s as {docs, w}: page ids and weights.
  function postings(s, j) {
    if (!s.decoded[j]) {
      var n = decode(s.p[j]), docs = [], w = [], doc = 0;
      for (var i = 0; i < n.length; i += 2) {
        doc = i ? doc + n[i] : n[i];
        docs.push(doc);
        w.push(n[i + 1]);
      }
      s.decoded[j] = { docs: docs, w: w };
    }
    return s.decoded[j];
  }

  // weight turns a posting's 0..29 into a score factor: the field tier (2
  // title, 1 headings/summary/tags, 0 body) plus 0.1..1 for term frequency.
  function weight(v) { return Math.floor(v / 10) + (v % 10 + 1) / 10; }

  function indexable(m, w) {
    var n = Array.from(w).length;
    return n >= 2 && n <= 40 && !m.stopSet.has(w);
  }

  // plan turns a query into parts, one per word, each a list of terms to
  // look up: a finished word is its stem; the last word, while it is still
  // being typed, also every term it is the start of ("leerkracht" finds
  // "leerkrachtvaardigheden") as long as those fit in m.px shards.
  function plan(m, q) {
    var ws = words(q), open = /[\p{L}\p{M}\p{Nd}]$/u.test(q), parts = [], seen = {};
    ws.forEach(function (w, i) {
      var s = stem(w);
      if (open && i === ws.length - 1 && m.shards.length) {
        var lo = shardOf(m, w < s ? w : s), hi = shardOf(m, (w < s ? s : w) + '\uffff');
        if (hi - lo < m.px) {
          parts.push({ word: w, stem: s, prefix: true, shards: range(lo, hi) });
          return;
        }
      }
      if (indexable(m, w) && !seen[s]) {
        seen[s] = true;
        parts.push({ word: w, stem: s, prefix: false, shards: [shardOf(m, s)] });
      }
    });
    return parts;
  }

  function range(a, b) {
    var r = [];
    for (var i = a; i <= b; i++) r.push(i);
    return r;
  }

  // candidates lists [term, factor] for a part: the exact stem (factor 1),
  // and for a prefix part the terms that start with the word or its stem,
  // or that the word starts with when it is at most 4 letters longer (so
  // "opleidi" finds "opleid"), at factor 0.8.
  function candidates(part, shards) {
    var out = [], seen = {};
    var add = function (t, f) { if (!seen[t]) { seen[t] = true; out.push([t, f]); } };
    shards.forEach(function (s) {
      if (s.at.has(part.stem)) add(part.stem, 1);
      if (!part.prefix) return;
      [part.word, part.stem].forEach(function (p) {
        for (var j = lowerBound(s.t, p); j < s.t.length && s.t[j].slice(0, p.length) === p; j++) add(s.t[j], 0.8);
      });
      for (var k = Math.max(3, part.word.length - 4); k < part.word.length; k++) {
        var t = part.word.slice(0, k);
        if (s.at.has(t)) add(t, 0.8);
      }
    });
    return out;
  }

  function lowerBound(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (a[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // search runs query q with filters f ({type, subregio, thema}: keys as in
  // the address). It resolves to null when q has nothing to search, else to
  // {hits: [{doc, score}] best first, counts: {type, subregio, thema} (value
  // index -> count, each counted under the other two filters), terms: Set of
  // the terms that matched (for marking hits), filter: the filter indexes}.
  Index.prototype.search = function (q, f) {
    var self = this;
    return this.manifest().then(function (m) {
      var parts = plan(m, q);
      if (!parts.length) return null;
      if (!m.shards.length) return run(m, [], {}, f || {}); // a site with no words at all
      var need = {};
      parts.forEach(function (p) { p.shards.forEach(function (i) { need[i] = self.shard(i); }); });
      var keys = Object.keys(need);
      return Promise.all(keys.map(function (k) { return need[k]; })).then(function (loaded) {
        var byIndex = {};
        keys.forEach(function (k, i) { byIndex[k] = loaded[i]; });
        return run(m, parts, byIndex, f || {});
      });
    });
  };

  function run(m, parts, shards, f) {
    var terms = new Set();
    var scores = parts.map(function (part) {
      var ss = part.shards.map(function (i) { return shards[i]; });
      var sc = new Map();
      candidates(part, ss).forEach(function (tf) {
        var s = ss[shardOf(m, tf[0]) - part.shards[0]];
        if (!s || !s.at.has(tf[0])) return;
        var p = postings(s, s.at.get(tf[0]));
        var idf = Math.log(1 + (m.n - p.docs.length + 0.5) / (p.docs.length + 0.5));
        terms.add(tf[0]);
        for (var i = 0; i < p.docs.length; i++) {
          var v = idf * weight(p.w[i]) * tf[1], old = sc.get(p.docs[i]);
          if (old === undefined || v > old) sc.set(p.docs[i], v);
        }
      });
      return sc;
    });
    scores.sort(function (a, b) { return a.size - b.size; });
    if (!scores.length) scores.push(new Map());

    var want = {
      type: pick(m.types, f.type, true),
      subregio: pick(m.subregios, f.subregio),
      thema: pick(m.themas, f.thema)
    };
    var counts = { type: {}, subregio: {}, thema: {} };
    var hits = [];
    var inc = function (o, k) { o[k] = (o[k] || 0) + 1; };
    scores[0].forEach(function (score, doc) {
      for (var i = 1; i < scores.length; i++) {
        var s = scores[i].get(doc);
        if (s === undefined) return;
        score += s;
      }
      var t = m.typeOf[doc], sr = m.subOf[doc], th = m.themasOf[doc];
      var okT = want.type < 0 || t === want.type;
      var okS = want.subregio < 0 || sr === want.subregio;
      var okH = want.thema < 0 || th.indexOf(want.thema) >= 0;
      if (okS && okH) inc(counts.type, t);
      if (okT && okH && sr >= 0) inc(counts.subregio, sr);
      if (okT && okS) th.forEach(function (x) { inc(counts.thema, x); });
      if (okT && okS && okH) hits.push({ doc: doc, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return { hits: hits, counts: counts, terms: terms, filter: want };
  }

  // pick finds a filter value by key (or, for types, by the slug of its
  // label: ?type=masterclass); -1 for none.
  function pick(list, key, byLabel) {
    if (!key) return -1;
    for (var i = 0; i < list.length; i++) {
      if (list[i][0] === key || (byLabel && slug(list[i][1]) === key)) return i;
    }
    return -1;
  }

  // docs resolves to the result data of page ids: {url, title, date, text,
  // type (label), subregio (title or "")}.
  Index.prototype.docs = function (ids) {
    var self = this;
    return this.manifest().then(function (m) {
      return Promise.all(ids.map(function (id) {
        return self.file('d' + Math.floor(id / m.per) + '.json').then(function (rows) {
          var r = rows[id % m.per], sr = m.subOf[id];
          return {
            url: m.prefix + r[0], title: r[1], date: r[2], text: r[3],
            type: m.types[m.typeOf[id]][1], subregio: sr >= 0 ? m.subregios[sr][1] : ''
          };
        });
      }));
    });
  };

  // highlight cuts text into [piece, isHit] pairs: a word is a hit when its
  // term is in terms. With max, only a window of about max characters from
  // just before the first hit is kept, cut at spaces, with "…" at cut ends.
  function highlight(text, terms, max) {
    var re = /[\p{L}\p{M}\p{Nd}]+/gu, hits = [], m;
    while ((m = re.exec(text))) {
      var ws = words(m[0]);
      for (var i = 0; i < ws.length; i++) {
        if (terms.has(stem(ws[i]))) { hits.push([m.index, m.index + m[0].length]); break; }
      }
    }
    var from = 0, to = text.length;
    if (max && text.length > max) {
      if (hits.length && hits[0][1] > max - 20) {
        from = text.lastIndexOf(' ', Math.max(0, hits[0][0] - 40)) + 1;
      }
      to = from + max < text.length ? text.lastIndexOf(' ', from + max) : text.length;
      if (to <= from) to = Math.min(text.length, from + max);
    }
    var out = [], at = from;
    if (from > 0) out.push(['…', false]);
    hits.forEach(function (h) {
      if (h[0] < from || h[1] > to) return;
      if (h[0] > at) out.push([text.slice(at, h[0]), false]);
      out.push([text.slice(h[0], h[1]), true]);
      at = h[1];
    });
    if (to > at) out.push([text.slice(at, to), false]);
    if (to < text.length && !/…$/.test(text.slice(0, to))) out.push(['…', false]);
    return out;
  }

  // ---- The page ----

  var DEBOUNCE = 120; // ms after the last key stroke

  var FACETS = [
    { key: 'type', list: 'types', legend: 'Soort' },
    { key: 'subregio', list: 'subregios', legend: 'Subregio' },
    { key: 'thema', list: 'themas', legend: 'Thema' }
  ];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // marked appends text to parent with the hits in <mark>.
  function marked(parent, pieces) {
    pieces.forEach(function (p) {
      parent.appendChild(p[1] ? el('mark', '', p[0]) : document.createTextNode(p[0]));
    });
    return parent;
  }

  function start() {
    var out = document.getElementById('zoekresultaten');
    var input = document.getElementById('zoekveld');
    if (!out || !input || !window.fetch) return;
    var base = new URL(out.getAttribute('data-index') || '', location.href);
    var index = new Index(function (name) {
      return fetch(new URL(name, base)).then(function (r) {
        if (!r.ok) throw new Error(r.status + ' ' + r.url);
        return r.json();
      });
    });

    var status = el('p', 'zoek-aantal');
    status.id = 'zoekstatus';
    status.setAttribute('role', 'status');
    var filters = el('div', 'zoekfilters');
    filters.id = 'zoekfilters';
    var more = el('button', 'zoek-meer', 'Meer resultaten');
    more.type = 'button';
    more.hidden = true;
    out.parentNode.insertBefore(status, out);
    out.parentNode.insertBefore(filters, out);
    out.parentNode.insertBefore(more, out.nextSibling);
    out.removeAttribute('aria-live'); // the status line speaks, not every result

    var params = new URLSearchParams(location.search);
    var state = { q: params.get('q') || '', type: params.get('type') || '', subregio: params.get('subregio') || '', thema: params.get('thema') || '' };
    input.value = state.q;
    var serial = 0, timer = 0, current = null, shown = 0;

    // query is the address's query string for the state: "q=ict&type=masterclasses".
    function query() {
      var p = new URLSearchParams();
      ['q', 'type', 'subregio', 'thema'].forEach(function (k) { if (state[k]) p.set(k, state[k]); });
      return p.toString();
    }

    function address() {
      var s = query();
      history.replaceState(null, '', location.pathname + (s ? '?' + s : '') + location.hash);
    }

    function go() {
      clearTimeout(timer);
      state.q = input.value;
      address();
      var mine = ++serial, t0 = performance.now();
      if (!state.q.trim()) {
        current = null;
        show(null, mine, t0);
        return;
      }
      index.search(state.q, state).then(function (r) {
        if (mine !== serial) return; // a newer search is on its way
        current = r;
        shown = 0;
        return show(r, mine, t0);
      }).catch(function (err) {
        if (mine !== serial) return;
        status.textContent = 'De zoekindex kon niet worden geladen. Probeer het opnieuw of herlaad de pagina.';
        if (window.console) console.warn('zoeken:', err);
      });
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(go, DEBOUNCE);
    }

    // show puts a result (or none) in the page. When done, data-zoekopdracht
    // holds the query string shown and data-ms how long it took: tests wait
    // for the one and measure the other.
    function show(r, mine, t0) {
      out.textContent = '';
      more.hidden = true;
      var shownQuery = query();
      var done = function () {
        out.setAttribute('data-ms', String(Math.round(performance.now() - t0)));
        out.setAttribute('data-zoekopdracht', shownQuery);
      };
      if (!r) {
        status.textContent = state.q.trim() ? 'Zoek op woorden van minstens twee letters; woorden als \u2018de\u2019 en \u2018een\u2019 tellen niet mee.' : '';
        filters.textContent = '';
        done();
        return;
      }
      return index.manifest().then(function (m) {
        facets(m, r);
        var n = r.hits.length;
        if (!n) {
          status.textContent = 'Geen resultaten';
          var p = el('p', 'leeg');
          p.appendChild(el('strong', '', 'Geen resultaten'));
          p.appendChild(document.createTextNode(' voor \u201c' + state.q.trim() + '\u201d.'));
          out.appendChild(p);
          var any = r.filter.type >= 0 || r.filter.subregio >= 0 || r.filter.thema >= 0;
          out.appendChild(el('p', 'leeg', any
            ? 'Tip: kies bij de filters \u2018Alle\u2019, of zoek met minder of andere woorden.'
            : 'Tip: controleer de spelling, of zoek met minder of andere woorden.'));
          done();
          return;
        }
        status.textContent = n + (n === 1 ? ' resultaat' : ' resultaten') + ' voor \u201c' + state.q.trim() + '\u201d';
        var list = el('ol', 'resultaten');
        out.appendChild(list);
        return page(m, r, list, mine).then(done);
      });
    }

    // page adds the next page of results to list.
    function page(m, r, list, mine) {
      var ids = r.hits.slice(shown, shown + m.page).map(function (h) { return h.doc; });
      return index.docs(ids).then(function (docs) {
        if (mine !== serial) return;
        docs.forEach(function (d) {
          var a = el('a', 'resultaat');
          a.href = d.url;
          marked(a.appendChild(el('span', 'resultaat-titel')), highlight(d.title, r.terms));
          var meta = a.appendChild(el('span', 'resultaat-meta'));
          meta.appendChild(el('span', 'resultaat-soort', d.type));
          if (d.subregio) meta.appendChild(el('span', 'resultaat-subregio', d.subregio));
          if (d.text) marked(a.appendChild(el('span', 'resultaat-fragment')), highlight(d.text, r.terms, 200));
          list.appendChild(el('li')).appendChild(a);
        });
        shown += ids.length;
        more.hidden = shown >= r.hits.length;
      });
    }

    // facets shows a fieldset of radio buttons per filter, with counts.
    function facets(m, r) {
      var focus = document.activeElement;
      var refocus = focus && filters.contains(focus) ? [focus.name, focus.value] : null;
      filters.textContent = '';
      FACETS.forEach(function (f) {
        var list = m[f.list], sel = r.filter[f.key], counts = r.counts[f.key];
        var values = list.map(function (v, i) { return i; }).filter(function (i) { return counts[i] || i === sel; });
        if (!values.length || list.length < 2 && sel < 0) return;
        var set = el('fieldset');
        set.appendChild(el('legend', '', f.legend));
        [-1].concat(values).forEach(function (i) {
          var label = el('label'), radio = el('input');
          radio.type = 'radio';
          radio.name = f.key;
          radio.value = i < 0 ? '' : list[i][0];
          radio.checked = i === sel;
          label.appendChild(radio);
          label.appendChild(document.createTextNode(i < 0 ? 'Alle' : list[i][1]));
          if (i >= 0) label.appendChild(el('span', 'facet-aantal', '(' + (counts[i] || 0) + ')'));
          set.appendChild(label);
          if (refocus && refocus[0] === f.key && refocus[1] === radio.value) refocus = radio;
        });
        filters.appendChild(set);
      });
      if (refocus && refocus.focus) refocus.focus();
    }

    filters.addEventListener('change', function (e) {
      state[e.target.name] = e.target.value;
      go();
    });
    more.addEventListener('click', function () {
      var list = out.querySelector('ol');
      if (!current || !list) return;
      var first = shown;
      index.manifest().then(function (m) { return page(m, current, list, serial); }).then(function () {
        var a = list.querySelectorAll('a')[first];
        if (a) a.focus();
      });
    });
    input.addEventListener('input', later);
    if (input.form) {
      input.form.addEventListener('submit', function (e) {
        e.preventDefault();
        go();
      });
    }

    // Arrow keys move between the search box and the results; Enter on a
    // result follows its link.
    function links() { return Array.prototype.slice.call(out.querySelectorAll('a')); }
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' && links().length) {
        e.preventDefault();
        links()[0].focus();
      }
    });
    out.addEventListener('keydown', function (e) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (i < 0 || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
      e.preventDefault();
      if (e.key === 'ArrowDown') (all[i + 1] || all[i]).focus();
      else if (i === 0) input.focus();
      else all[i - 1].focus();
    });

    if (state.q) go();
  }

  if (typeof module === 'object' && module.exports) {
    module.exports = { fold: fold, words: words, stem: stem, decode: decode, slug: slug, Index: Index, highlight: highlight };
  } else if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
}());
