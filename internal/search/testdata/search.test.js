// Tests of static/js/search.js, run by TestJavaScript (js_test.go) with
// `node --test`. The Go test passes, in the environment:
//   SEARCH_JS      the script under test
//   STEM_VECTORS   testdata/stem_vectors.tsv: raw, fold, words, stems (from Go)
//   SEARCH_INDEX   a folder with an index written by search.Write
//   SEARCH_CASES   a JSON list of queries with the URLs Go expects, in order
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const s = require(process.env.SEARCH_JS);

test('normalisation and stemming agree with Go on every vector', () => {
  const lines = fs.readFileSync(process.env.STEM_VECTORS, 'utf8').split('\n').filter(Boolean);
  assert.ok(lines.length > 2000, `only ${lines.length} vectors`);
  const bad = [];
  for (const line of lines) {
    const [raw, folded, ws, stems] = line.split('\t');
    const gotFold = s.fold(raw);
    const gotWords = s.words(raw);
    const gotStems = gotWords.map(s.stem);
    if (gotFold !== folded) bad.push(`fold(${JSON.stringify(raw)}) = ${JSON.stringify(gotFold)}, Go: ${JSON.stringify(folded)}`);
    if (gotWords.join(' ') !== ws) bad.push(`words(${JSON.stringify(raw)}) = ${JSON.stringify(gotWords.join(' '))}, Go: ${JSON.stringify(ws)}`);
    if (gotStems.join(' ') !== stems) bad.push(`stems(${JSON.stringify(raw)}) = ${JSON.stringify(gotStems.join(' '))}, Go: ${JSON.stringify(stems)}`);
  }
  assert.deepEqual(bad.slice(0, 25), [], `${bad.length} of ${lines.length} vectors differ`);
});

test('decode reads the compact numbers', () => {
  assert.deepEqual(s.decode(''), []);
  assert.deepEqual(s.decode('0V'), [0, 31]);
  assert.deepEqual(s.decode('X0'), [32]);
  assert.deepEqual(s.decode('_V'), [1023]);
  assert.deepEqual(s.decode('X_V5'), [2047, 5]);
});

test('slug matches textnorm.Slug', () => {
  assert.equal(s.slug('Goede praktijk'), 'goede-praktijk');
  assert.equal(s.slug('  Creëren Samen! '), 'creeren-samen');
});

test('highlight marks whole words and keeps a window around the first hit', () => {
  const terms = new Set(['crer', 'idee']);
  const pieces = s.highlight('Samen creëren wij nieuwe Ideeën.', terms);
  assert.deepEqual(pieces, [['Samen ', false], ['creëren', true], [' wij nieuwe ', false], ['Ideeën', true], ['.', false]]);
  const long = 'woord '.repeat(60) + 'creëren aan het eind ' + 'rest '.repeat(40);
  const cut = s.highlight(long, terms, 120);
  assert.equal(cut[0][0], '…');
  assert.ok(cut.some(p => p[1] && p[0] === 'creëren'), JSON.stringify(cut));
  assert.equal(cut[cut.length - 1][0], '…');
  assert.ok(cut.map(p => p[0]).join('').length <= 125, JSON.stringify(cut));
  assert.deepEqual(s.highlight('<script>alert(1)</script>', new Set(['script'])).filter(p => p[1]).map(p => p[0]), ['script', 'script']);
});

test('an empty index finds nothing', async () => {
  const manifest = { v: 1, n: 0, prefix: '/', page: 10, px: 2, stop: ['de'], types: [], subregios: [], themas: [], facets: '', shards: [], per: 1 };
  const ix = new s.Index(name => name === 'manifest.json' ? Promise.resolve(manifest) : Promise.reject(new Error('no ' + name)));
  const r = await ix.search('ict', {});
  assert.deepEqual(r.hits, []);
  assert.equal(await ix.search('de ', {}), null);
});

test('queries on an index written by Go', async (t) => {
  const dir = process.env.SEARCH_INDEX;
  const fetched = [];
  const ix = new s.Index(name => {
    fetched.push(name);
    return fs.promises.readFile(path.join(dir, name), 'utf8').then(JSON.parse);
  });
  const cases = JSON.parse(fs.readFileSync(process.env.SEARCH_CASES, 'utf8'));
  for (const c of cases) {
    await t.test(c.name, async () => {
      const r = await ix.search(c.q, c.filter || {});
      if (c.none) {
        assert.equal(r, null);
        return;
      }
      assert.ok(r, 'search returned null');
      const docs = await ix.docs(r.hits.map(h => h.doc));
      assert.deepEqual(docs.map(d => d.url), c.want);
      if (c.counts) {
        const m = await ix.manifest();
        const named = {};
        for (const [k, list] of [['type', m.types], ['subregio', m.subregios], ['thema', m.themas]]) {
          named[k] = {};
          for (const [i, n] of Object.entries(r.counts[k])) named[k][list[i][0]] = n;
        }
        for (const k of Object.keys(c.counts)) assert.deepEqual(named[k], c.counts[k], k);
      }
      if (c.marks) {
        const d = docs[0];
        const got = s.highlight(d.title, r.terms).concat(s.highlight(d.text, r.terms, 200)).filter(p => p[1]).map(p => p[0]);
        assert.deepEqual(got, c.marks);
      }
      if (c.first) {
        const d = docs[0];
        assert.equal(d.type, c.first.type);
        assert.equal(d.subregio, c.first.subregio);
        assert.equal(d.title, c.first.title);
      }
    });
  }
  assert.ok(!fetched.includes('d1.json') || fetched.length > 2);
});
