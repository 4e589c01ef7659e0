package search

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/samenopleiden/handboek/internal/textnorm"
)

// The tokeniser is the indexer's inner loop: it sees every word of every page
// (7 million words at 10,000 pages), so it is built for speed and gives the
// same terms, counts and lengths as splitting with textnorm.Words and
// stemming every word (Terms), which FuzzEachWord checks.
//
// A page's text is cut into runs at ASCII characters other than letters and
// digits. A run of ASCII letters and digits is one word; it is looked up lower
// cased (no folding needed). A run with other characters in it goes to
// textnorm.Words whole, once per distinct run: the run as written is the key
// of its words. Any ASCII character other than a letter or digit ends a word
// both ways, so the two agree.
//
// Words are looked up in one hash table that all workers share (vocab.words)
// and read without a lock: keys of up to 24 bytes inline, so that a lookup
// costs a hash of three machine words and, mostly, one cache line. Only a word
// not in it yet takes the lock, to be stemmed and added. Longer keys (rare)
// and runs of other characters go through tables of each worker's own.
//
// How add keeps its cost down, each measured (see the commits that made
// them): the words are cut with a bitmap of the separators, eight bytes at
// a time (wordBounds); they go through in batches of lookAhead, whose table
// entries are prefetched while the batch before is looked up; the loops
// have as few branches a word as may be, none on what varies from word to
// word (their lengths, stop words, a term new to the page or not); the
// loops over the words call nothing and have few variables, as the
// compiler keeps a loop's variables in memory when it calls something or
// has more of them than registers (countTerms, docTerms); a word new to
// the table is looked for once more, under the lock (vocab.add).
// Measured and not kept: a small table of each worker's own in front of the
// shared one (4 K entries: 63% of the words found there, yet slower than
// going to the shared table, whose frequent words are in the cache anyway,
// and every batch waits for its rarest word), batches of 32 or 64 words;
// the tightest loops (sepBlocks, boundsOf, fast, atHome) in amd64 assembly,
// which took 11% off the tokeniser's instructions, about 1% of a build's
// CPU: not worth four routines in assembly to read and keep right.

// vocab is what the workers of one Write share: the dict and the term of
// every folded word met so far, so that each distinct word is stemmed once.
type vocab struct {
	words atomic.Pointer[sharedTable] // folded words of up to 24 bytes -> term id or noTerm

	mu   sync.Mutex // guards all below and adding to words
	dict *dict
	long map[string]int32 // longer folded words -> term id or noTerm
}

// A val is what a word or run stands for: a term id (>= 0), nothing (-1:
// stop word, too short, too long, no letters), or the term ids in
// termCache.multi[-2-val] for a run of several words.
const noTerm = -1

// newVocab returns an empty vocab for tokenising text of about textBytes
// bytes. Its table starts at a size that such text rarely outgrows, as
// growing it holds up the other workers.
func newVocab(d *dict, textBytes int) *vocab {
	v := &vocab{dict: d, long: make(map[string]int32)}
	v.words.Store(newSharedTable(tableSize(textBytes)))
	return v
}

// tableSize is the size of a shared table for text of about textBytes
// bytes: room for a distinct word in 512 bytes, at most 3/4 full. Text has
// fewer distinct words in more bytes: a word in 600 bytes at 10,000
// generated pages (92 MB, 150,000 words, a table of 256 K entries, 8 MB).
// Lookups read it at random, a cache miss each but for the most frequent
// words, so it is kept small rather than sparse (it was 16 MB, 1/3 full: the
// lookups took a quarter longer); text with more words grows it.
func tableSize(textBytes int) int {
	return 1 << bits.Len(uint(min(max(textBytes/(512*3/4), 1<<12), 1<<20)-1))
}

// reserve grows the shared table to the size for text of about textBytes
// bytes, if it is smaller, before the workers start. An empty dict gets room
// for as many terms as the table has words, so that it does not grow
// (rehashing its table) with the lock held.
func (v *vocab) reserve(textBytes int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if tab := v.words.Load(); len(tab.entries) < tableSize(textBytes) {
		v.words.Store(tab.grownTo(tableSize(textBytes)))
	}
	if d := v.dict; len(d.terms) == 0 {
		d.init(tableSize(textBytes))
		d.terms = make([]string, 0, tableSize(textBytes)*3/4)
	}
}

// term returns the val of folded word w. It looks in the shared table first,
// without a lock; k is w's key, or nil if w is longer than keyBytes.
func (v *vocab) term(w string, k *wordKey) int32 {
	if k != nil {
		h := k.hash()
		if val, ok := v.words.Load().getHashed(k, h); ok {
			return val
		}
		return v.add(w, k, h)
	}
	v.mu.Lock()
	val, ok := v.long[w]
	v.mu.Unlock()
	if ok {
		return val
	}
	t := stemOf(w)
	v.mu.Lock()
	defer v.mu.Unlock()
	if val, ok := v.long[w]; ok {
		return val
	}
	val = v.termOf(t)
	v.long[strings.Clone(w)] = val // w may point into the page text
	return val
}

// add returns the val of folded word w, whose key k (with hash h) the
// shared table did not have when the caller looked, and adds it to the
// table unless another worker has meanwhile. It stems w before it takes
// the lock: now and then two workers both stem a word, and get the same
// term. w need not outlive the call.
func (v *vocab) add(w string, k *wordKey, h uint64) int32 {
	t := stemOf(w)
	v.mu.Lock()
	defer v.mu.Unlock()
	tab := v.words.Load()
	if 4*(tab.n+1) > 3*len(tab.entries) { // at most 3/4 full
		tab = tab.grown()
		v.words.Store(tab)
	}
	e, found := tab.find(k, h)
	if found {
		return atomic.LoadInt32(&e.val)
	}
	val := v.termOf(t)
	tab.publish(e, k, val)
	return val
}

// stemOf is the term of folded word w, or "" for none.
func stemOf(w string) string {
	if !indexable(w) {
		return ""
	}
	return Stem(w)
}

// termOf is the val of term t ("" for none); only with v.mu held.
func (v *vocab) termOf(t string) int32 {
	if t == "" {
		return noTerm
	}
	return v.dict.id(t)
}

// termCache is one indexing worker's: it finds the place of a term in the
// page being tokenised in a small table of the page's own (seen), which
// stays in the fastest cache, and keeps the words the shared table does not.
type termCache struct {
	vocab *vocab
	runs  wordTable        // runs of up to 24 bytes with other characters than ASCII letters and digits -> val
	long  map[string]int32 // words and runs of over 24 bytes -> val
	multi [][]int32        // term lists of runs of several words, see val

	// the page being tokenised
	doc        int32            // its number, counted from 1 by begin: no seenEntry is of page 0
	seen       []seenEntry      // the page's terms: an open addressing table by term id
	smallPages int              // pages in a row that needed at most a quarter of seen
	terms      []int32          // the page's terms in order of appearance
	counts     [][nFields]uint8 // their counts by field
	lens       [nFields]int     // words by field
	keyBuf     [maxWordRunes]byte
	words      wordBounds // of the text add cuts
	batch      []int32    // the terms lookUp found
	body       []uint32   // docTerms' buffers: the body-only terms' entries
	notBody    []int32    // and the other terms' places in terms
	tags       []string   // addFields' buffer
}

// seenEntry is a term of page doc, at terms[idx]. An entry of another
// page is free, so the table needs no clearing between pages.
type seenEntry struct {
	doc, term, idx int32
}

// minSeen is the smallest size of termCache.seen: 12 KB, room for 512 terms
// a page. Pages with more terms grow it.
const minSeen = 1 << 10

func newTermCache(v *vocab) *termCache {
	c := &termCache{vocab: v, long: make(map[string]int32), seen: make([]seenEntry, minSeen), batch: make([]int32, lookAhead)}
	c.runs.init(1 << 10)
	return c
}

// tokenize splits a page's fields into terms and counts them per field. The
// terms are ids in c.vocab.dict.
func tokenize(d *Doc, c *termCache) docTerms {
	c.begin()
	c.addFields(d)
	c.add(fBody, d.Text)
	c.end()
	return c.docTerms()
}

// tokenizeBody is tokenize of a page's plain text alone, in the body field.
func tokenizeBody(text string, c *termCache) docTerms {
	c.begin()
	c.add(fBody, text)
	c.end()
	return c.docTerms()
}

// tokenizeWith is tokenize of a page whose body (its plain text) was
// tokenised before, by tokenizeBody: it tokenises the other fields and
// merges the two. A body term that is in another field too takes its
// count there; the others are taken as they are: the merged terms share
// body.body, skipping its entries that moved.
func tokenizeWith(d *Doc, body *docTerms, c *termCache) docTerms {
	c.begin()
	c.addFields(d)
	defer c.end() // after the last c.find: it may drop the page's table
	dt := docTerms{lens: c.lens, body: body.body}
	dt.lens[fBody] = body.lens[fBody]
	// most body terms are in no other field: the other fields' terms in
	// a bitmap rule them out with a load and a test, not a lookup
	var fields termBits
	for _, t := range c.terms {
		fields.add(t)
	}
	for k, e := range body.body {
		if !fields.has(int32(e >> bodyBits)) {
			continue
		}
		if idx, ok := c.find(int32(e >> bodyBits)); ok {
			c.counts[idx][fBody] = uint8(e & (1<<bodyBits - 1))
			dt.skip = append(dt.skip, int32(k))
		}
	}
	n := len(c.terms) + len(body.terms)
	dt.terms, dt.counts = make([]int32, 0, n), make([][nFields]uint8, 0, n)
	for i, t := range body.terms {
		if idx, ok := c.find(t); ok {
			c.counts[idx][fBody] = body.counts[i][fBody]
		} else {
			dt.terms, dt.counts = append(dt.terms, t), append(dt.counts, body.counts[i])
		}
	}
	dt.terms, dt.counts = append(dt.terms, c.terms...), append(dt.counts, c.counts...)
	return dt
}

// termBits is a set of terms, or more: a term is in it if its low
// bits are some term's.
type termBits [64]uint64

func (b *termBits) add(t int32)      { b[t>>6&63] |= 1 << (t & 63) }
func (b *termBits) has(t int32) bool { return b[t>>6&63]&(1<<(t&63)) != 0 }

// begin starts a page: a new page number, so that every entry of c.seen is
// free, and empty buffers.
func (c *termCache) begin() {
	if c.doc == math.MaxInt32 {
		clear(c.seen)
		c.doc = 0
	}
	c.doc++
	c.terms, c.counts, c.lens = c.terms[:0], c.counts[:0], [nFields]int{}
}

// addFields counts the words of every field of d but the body. The
// strings of a field (headings, tags) are counted in one go, joined by
// line breaks, which end words as their ends do: an add costs about half a
// microsecond besides its words, and a page has about ten headings.
func (c *termCache) addFields(d *Doc) {
	c.add(fTitle, d.Title)
	c.add(fHeadings, strings.Join(d.Headings, "\n"))
	c.add(fSummary, d.Summary)
	tags := append(c.tags[:0], d.Subregio.Title)
	for _, t := range d.Themas {
		tags = append(tags, t.Title)
	}
	c.add(fTags, strings.Join(tags, "\n"))
	clear(tags) // not to keep the titles
	c.tags = tags
}

// end ends a page. A table grown for a page with many terms shrinks again
// after a run of pages that need a quarter of it: a large table is slower
// to use (it leaves the fastest cache), making tables is slow too.
func (c *termCache) end() {
	if len(c.seen) > minSeen && 8*len(c.terms) <= len(c.seen) {
		if c.smallPages++; c.smallPages == 32 {
			c.seen, c.smallPages = make([]seenEntry, len(c.seen)/2), 0
		}
	} else {
		c.smallPages = 0
	}
}

// docTerms copies the page's terms out of c's buffers.
func (c *termCache) docTerms() docTerms {
	dt := docTerms{lens: c.lens}
	// one pass, into c's buffers, then copies of their exact size: most
	// terms are body only, and go in an inner loop without a call
	if cap(c.body) < len(c.terms) {
		c.body = make([]uint32, len(c.terms)+len(c.terms)/4)
	}
	terms := c.terms
	counts, body, nb := c.counts[:len(terms)], c.body[:len(terms)], 0
	c.notBody = c.notBody[:0]
	for i := 0; i < len(terms); i++ {
		for ; i < len(terms) && bodyOnly(terms[i], &counts[i]); i++ {
			body[nb] = uint32(terms[i])<<bodyBits | uint32(counts[i][fBody])
			nb++
		}
		if i < len(terms) {
			c.notBody = append(c.notBody, int32(i))
		}
	}
	if nb > 0 {
		dt.body = slices.Clone(body[:nb])
	}
	if n := len(c.notBody); n > 0 {
		dt.terms, dt.counts = make([]int32, n), make([][nFields]uint8, n)
		for k, i := range c.notBody {
			dt.terms[k], dt.counts[k] = c.terms[i], c.counts[i]
		}
	}
	return dt
}

// bodyOnly reports whether term t with counts c goes in docTerms.body.
func bodyOnly(t int32, c *[nFields]uint8) bool {
	// the counts of the four fields before fBody, loaded at once
	return binary.LittleEndian.Uint32(c[:fBody]) == 0 && c[fBody] < 1<<bodyBits && t < 1<<(32-bodyBits)
}

// bodyOnly takes fBody for the fifth field: this fails to compile if it
// is not.
const _ = uint(fBody-4) + uint(4-fBody)

// add counts the words of text in field f.
//
// The shared table is far larger than the caches (8 MB at 10,000 pages),
// so a lookup in it is mostly a cache miss. add therefore works on
// lookAhead words at a time, and on two such batches at once: it cuts the
// words of the next batch from the text (see wordBounds), computes their
// keys and where in the table they are looked up, and asks for those
// entries (prefetch), then looks up and counts the words of the batch it
// cut before. The misses overlap each other and that work.
func (c *termCache) add(f int, text string) {
	nw := c.words.cut(text)
	var q [2]batch
	w := c.words.runs(text, 0, nw, c.vocab.words.Load(), &q[0])
	for cur := 0; q[cur].n > 0; cur ^= 1 {
		w = c.words.runs(text, w, nw, c.vocab.words.Load(), &q[cur^1])
		c.countTerms(c.lookUp(text, &q[cur]), f)
	}
}

// batch is up to lookAhead runs of text that add has cut but not yet
// looked up and counted: the kth is text[at[k][0]:at[k][1]].
type batch struct {
	key  [lookAhead]wordKey  // a runWord's; for the others {noKey, kind}
	hash [lookAhead]uint64   // a runWord's key.hash(), else 0
	home [lookAhead]uint32   // hash's place in the shared table that runs saw (set by prefetch)
	at   [lookAhead][2]int32 // where the run is in the text
	n    int

	warmed uint64 // what prefetch returns, kept: see prefetch_other.go
}

// noKey is the first word of the key of a run that is not a runWord: no
// key in the shared table starts with it (their bytes are ASCII), so that
// lookUp tells such runs by the key it compares anyway.
const noKey = ^uint64(0)

// kind is the kind of run k of q.
func (q *batch) kind(k int) uint8 {
	if q.key[k][0] != noKey {
		return runWord
	}
	return uint8(q.key[k][1])
}

// runs cuts the words from the wth of text on (of nw) into q, up to
// lookAhead of them, skipping ASCII words too short or too long, asks for
// the entries of tab where their lookups start, and returns the number
// of the next word.
func (wb *wordBounds) runs(text string, w, nw int, tab *sharedTable, q *batch) int {
	q.n = 0
	for q.n < lookAhead && w < nw {
		// the common runs in a loop of their own, the others here
		w += q.fast(text, wb.pairs()[w:nw])
		if q.n < lookAhead && w < nw {
			if q.cut(q.n, text, int(wb.bounds[2*w]), int(wb.bounds[2*w+1])) {
				q.n++
			}
			w++
		}
	}
	q.warmed = prefetch(tab.entries, &q.hash, &q.home, q.n, tab.shift)
	return w
}

// fast puts the runs of pairs (a start and an end each) in q after its
// first q.n, up to lookAhead, while they are no ASCII word longer than
// keyBytes and not in the last keyBytes of text, skipping ASCII words of
// one byte, and returns how many it took. It is a loop of its own that
// calls nothing and has few variables, which the compiler then keeps in
// registers.
func (q *batch) fast(text string, pairs [][2]int32) int {
	n := q.n
	for k, p := range pairs {
		i, j := int(p[0]), int(p[1])
		l := uint(j - i)
		if l > keyBytes || i+keyBytes > len(text) || n == lookAhead {
			q.n = n
			return k
		}
		// the key loaded eight bytes at a time, lower cased and masked to
		// the word's length without a branch on it (scalars: the
		// compiler keeps an array such as wordKey in memory)
		s, m := text[i:i+keyBytes], &keyMasks[l]
		const lower = 0x2020202020202020 // for letters; digits have it
		k0, k1, k2 := (load8(s[0:])|lower)&m[0], (load8(s[8:])|lower)&m[1], (load8(s[16:])|lower)&m[2]
		r := n & (lookAhead - 1) // == n, without a bounds check
		q.at[r] = p
		if (k0|k1|k2)&0x8080808080808080 != 0 {
			q.key[r], q.hash[r] = wordKey{noKey, runOther}, 0
			n++
			continue
		}
		q.key[r], q.hash[r] = wordKey{k0, k1, k2}, hash3(k0, k1, k2)
		if l >= 2 { // else one ASCII character
			n++
		}
	}
	q.n = n
	return len(pairs)
}

// cut puts the run text[i:j] in q at n where fast does not: near the end
// of text, where the key cannot be loaded eight bytes at a time, and for
// runs longer than keyBytes. It returns false for a run to skip: an ASCII
// word too short or too long.
func (q *batch) cut(n int, text string, i, j int) bool {
	w := text[i:j]
	q.at[n] = [2]int32{int32(i), int32(j)}
	q.key[n], q.hash[n] = wordKey{noKey, runOther}, 0
	for k := range len(w) {
		if w[k] >= 0x80 {
			return true
		}
	}
	switch {
	case len(w) < 2 || len(w) > maxWordRunes:
		return false
	case len(w) > keyBytes:
		q.key[n][1] = runLong
	default:
		q.key[n] = asciiKey(w)
		q.hash[n] = q.key[n].hash()
	}
	return true
}

// lookUp returns the terms of the runs of q, in order, in c.batch. Its
// loop takes the words at the first place they probe, as most are;
// the others it leaves to lookUpRest, in order: new words get term ids in
// the order they appear.
func (c *termCache) lookUp(text string, q *batch) []int32 {
	entries := c.vocab.words.Load().entries
	var vals [lookAhead]int32
	var rest uint32 // bit k: run k is not found yet
	for k := range q.key[:q.n] {
		// The table may have grown since runs: then the home is
		// another's, whose key differs, and lookUpRest looks again.
		e, key := &entries[q.home[k]], &q.key[k]
		// k0 first: if it is the key's, the rest of the entry was
		// written before it (see sharedTable), and is read as it is
		if atomic.LoadUint64(&e.k0) == key[0] && (e.k1^key[1])|(e.k2^key[2]) == 0 {
			vals[k] = e.val
		} else { // always for runs other than runWord (noKey)
			rest |= 1 << k
		}
	}
	if rest != 0 {
		c.lookUpRest(text, q, &vals, rest)
	}
	ts, n := c.batch[:cap(c.batch)], 0 // room for a term a run, but for multi
	for _, val := range vals[:q.n] {
		if val < noTerm {
			ts = append(ts[:n], c.multi[-2-val]...)
			n, ts = len(ts), slices.Grow(ts, q.n)
			ts = ts[:cap(ts)]
			continue
		}
		ts[n] = val
		n += int(uint32(^val) >> 31) // 1 for a term, 0 for noTerm, without a branch
	}
	c.batch = ts
	return ts[:n]
}

// lookUpRest sets vals[k] to the val of run k of q for each bit k of rest.
func (c *termCache) lookUpRest(text string, q *batch, vals *[lookAhead]int32, rest uint32) {
	tab := c.vocab.words.Load()
	for ; rest != 0; rest &= rest - 1 {
		k := bits.TrailingZeros32(rest)
		run := text[q.at[k][0]:q.at[k][1]]
		if kind := q.kind(k); kind != runWord {
			vals[k] = c.other(run, kind)
		} else if val, ok := tab.getHashed(&q.key[k], q.hash[k]); ok {
			vals[k] = val
		} else {
			// the word lower cased, which its key is, in c.keyBuf,
			// passed without a copy: add keeps none of it
			key := &q.key[k]
			binary.LittleEndian.PutUint64(c.keyBuf[0:], key[0])
			binary.LittleEndian.PutUint64(c.keyBuf[8:], key[1])
			binary.LittleEndian.PutUint64(c.keyBuf[16:], key[2])
			vals[k] = c.vocab.add(unsafe.String(&c.keyBuf[0], len(run)), key, q.hash[k])
		}
	}
}

// lookAhead is how many words add looks up at once: more misses overlap,
// up to what the processor can have in flight (16 was faster than 8; 32
// and 64 no faster).
const lookAhead = 16

// lookUp keeps a bit a run in a uint32: this fails to compile if
// lookAhead is larger.
const _ = uint(32 - lookAhead)

// The kinds of runs.
const (
	runWord  = iota // 2 to keyBytes ASCII letters and digits
	runLong         // keyBytes+1 to maxWordRunes ASCII letters and digits
	runOther        // a run with characters other than ASCII
)

// other returns the val of a run of kind runLong or runOther, from c's own
// tables.
func (c *termCache) other(run string, kind uint8) int32 {
	switch {
	case kind == runLong:
		lower := c.lower(run)
		val, ok := c.long[string(lower)]
		if !ok {
			w := string(lower)
			val = c.vocab.term(w, nil)
			c.long[w] = val
		}
		return val
	case len(run) <= keyBytes:
		k := rawKey(run)
		val, ok := c.runs.get(&k)
		if !ok {
			val = c.runOf(run)
			c.runs.put(&k, val)
		}
		return val
	default:
		val, ok := c.long[run]
		if !ok {
			val = c.runOf(run)
			c.long[strings.Clone(run)] = val
		}
		return val
	}
}

// lower returns the ASCII word w in lower case, in c.keyBuf.
func (c *termCache) lower(w string) []byte {
	b := c.keyBuf[:len(w)]
	for i := range len(w) {
		b[i] = w[i] | 0x20 // lower case for letters, the same for digits
	}
	return b
}

// countTerms counts one occurrence of each term of ts in field f.
//
// A term is mostly at its home in c.seen, or its home is free, so the loop
// handles both without a branch on which (it would be mispredicted often):
// it writes the entry either way, and the term and its counts at the end
// of c.terms, which only a new term keeps. Room for every term of ts to be
// new is made before it, so that the loop calls nothing (it would keep its
// variables in memory) but for a term whose home another term holds,
// which it leaves to place.
func (c *termCache) countTerms(ts []int32, f int) {
	c.lens[f] += len(ts)
	for 2*(len(c.terms)+len(ts)) > len(c.seen) {
		c.growSeen()
	}
	if cap(c.terms)-len(c.terms) < len(ts) || cap(c.counts)-len(c.counts) < len(ts) {
		c.terms, c.counts = slices.Grow(c.terms, len(ts)+256), slices.Grow(c.counts, len(ts)+256)
	}
	doc := c.doc
	for k := 0; k < len(ts); k++ {
		seen, shift := c.seen, seenShift(len(c.seen))&31
		terms, counts, n := c.terms[:cap(c.terms)], c.counts[:cap(c.counts)], int32(len(c.terms))
		for ; k < len(ts); k++ {
			t := ts[k]
			e := &seen[uint32(t)*0x9e3779b1>>shift]
			free := e.doc != doc
			if !free && e.term != t { // another term at its home
				break
			}
			idx := e.idx
			if free {
				idx = n
			}
			*e = seenEntry{doc, t, idx}
			terms[n], counts[n] = t, [nFields]uint8{} // kept if new
			if free {
				n++
			}
			if k := &counts[idx][f]; *k < math.MaxUint8 {
				*k++
			}
		}
		c.terms, c.counts = terms[:n], counts[:n]
		if k < len(ts) {
			if k := &c.counts[c.place(ts[k])][f]; *k < math.MaxUint8 {
				*k++
			}
		}
	}
}

// place returns where term t is in c.terms, adding it if the page does
// not have it yet.
func (c *termCache) place(t int32) int32 {
	mask := uint32(len(c.seen) - 1)
	for i := seenHome(t, len(c.seen)); ; i = (i + 1) & mask {
		e := &c.seen[i]
		if e.doc != c.doc {
			idx := int32(len(c.terms))
			*e = seenEntry{c.doc, t, idx}
			c.terms = append(c.terms, t)
			c.counts = append(c.counts, [nFields]uint8{})
			if 2*len(c.terms) > len(c.seen) {
				c.growSeen()
			}
			return idx
		}
		if e.term == t {
			return e.idx
		}
	}
}

// find returns where term t is in c.terms, if the page has it.
func (c *termCache) find(t int32) (int32, bool) {
	mask := uint32(len(c.seen) - 1)
	for i := seenHome(t, len(c.seen)); ; i = (i + 1) & mask {
		e := &c.seen[i]
		if e.doc != c.doc {
			return 0, false
		}
		if e.term == t {
			return e.idx, true
		}
	}
}

// seenHome is the first place to look for term t in a seen table of size n
// (a power of two): the top bits of a multiplicative hash.
func seenHome(t int32, n int) uint32 {
	return uint32(t) * 0x9e3779b1 >> seenShift(n)
}

// seenShift is the shift of seenHome for a table of size n.
func seenShift(n int) uint32 { return uint32(32 - bits.TrailingZeros(uint(n))) }

// growSeen doubles c.seen and puts the page's terms back in.
func (c *termCache) growSeen() {
	c.seen = make([]seenEntry, 2*len(c.seen))
	mask := uint32(len(c.seen) - 1)
	for idx, t := range c.terms {
		i := seenHome(t, len(c.seen))
		for c.seen[i].doc == c.doc {
			i = (i + 1) & mask
		}
		c.seen[i] = seenEntry{c.doc, t, int32(idx)}
	}
}

// runOf splits a run with characters other than ASCII letters and digits
// into folded words and returns its val.
func (c *termCache) runOf(run string) int32 {
	var terms []int32
	for _, w := range textnorm.Words(run) {
		var t int32
		if len(w) <= keyBytes {
			k := rawKey(w)
			t = c.vocab.term(w, &k)
		} else {
			t = c.vocab.term(w, nil)
		}
		if t >= 0 {
			terms = append(terms, t)
		}
	}
	switch len(terms) {
	case 0:
		return noTerm
	case 1:
		return terms[0]
	}
	c.multi = append(c.multi, terms)
	return -1 - int32(len(c.multi))
}

// isASCIISep tells for each byte whether it is ASCII but not a letter or digit.
var isASCIISep = func() (t [256]bool) {
	for c := range 0x80 {
		t[c] = !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9')
	}
	return t
}()

// keyBytes is the longest key a wordTable holds.
const keyBytes = 24

// wordKey is a key of 1 to keyBytes bytes, none of them zero, padded with
// zeros: a folded word, or a run as written.
type wordKey [3]uint64

// asciiKey is the key of a word of 1 to keyBytes ASCII letters and digits:
// the word lower cased, which is the word folded.
func asciiKey(w string) wordKey {
	k := rawKey(w)
	n := len(w)
	k[0] |= lowerBits(n)
	k[1] |= lowerBits(n - 8)
	k[2] |= lowerBits(n - 16)
	return k
}

// keyMasks[n] has all bits set in the first n bytes of a key (0 to keyBytes).
var keyMasks = func() (t [keyBytes + 1]wordKey) {
	for n := range t {
		for w := range t[n] {
			if b := n - 8*w; b > 0 {
				t[n][w] = lowBytes(b)
			}
		}
	}
	return t
}()

// load8 is the first 8 bytes of s as a little-endian number (one load).
func load8(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// lowBytes has all bits set in the first n bytes (1 to 8).
func lowBytes(n int) uint64 {
	if n >= 8 {
		return ^uint64(0)
	}
	return 1<<(8*uint(n)) - 1
}

// lowerBits has 0x20, the lower case bit, in each of the first n bytes (0 to 8).
func lowerBits(n int) uint64 {
	switch {
	case n <= 0:
		return 0
	case n >= 8:
		return 0x2020202020202020
	}
	return 0x2020202020202020 >> (64 - 8*n)
}

// rawKey is the key of s (1 to keyBytes bytes, none zero) as it is.
func rawKey(s string) wordKey {
	var b [keyBytes]byte
	copy(b[:], s)
	return wordKey{
		binary.LittleEndian.Uint64(b[0:]),
		binary.LittleEndian.Uint64(b[8:]),
		binary.LittleEndian.Uint64(b[16:]),
	}
}

// hash mixes the three words of k, each by a multiplication of its own
// (they run side by side), and adds them up; tables use the top bits,
// which depend on every bit of the key (Fibonacci hashing). At 10,000
// generated pages (148,000 words in 256 K entries) the mean probe distance
// is 0.648, as with a splitmix64 finish after the sum (0.652), which took
// two more multiplications in a row.
func (k *wordKey) hash() uint64 { return hash3(k[0], k[1], k[2]) }

// hash3 is the hash of the wordKey {k0, k1, k2}.
func hash3(k0, k1, k2 uint64) uint64 {
	return k0*0x9e3779b97f4a7c15 + k1*0xc2b2ae3d27d4eb4f + k2*0x165667b19e3779f9
}

// wordTable is a hash table from wordKey to int32 with open addressing and
// linear probing. It holds no pointers, so the garbage collector skips it.
type wordTable struct {
	entries []wordEntry // a power of two long; an empty entry has key[0] == 0
	shift   uint        // 64 - log2(len(entries)): an entry's home is hash >> shift
	n       int
}

type wordEntry struct {
	key wordKey
	val int32
}

func (t *wordTable) init(size int) {
	t.entries = make([]wordEntry, size)
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	t.n = 0
}

func (t *wordTable) get(k *wordKey) (int32, bool) {
	mask := uint64(len(t.entries) - 1)
	for i := k.hash() >> t.shift; ; i = (i + 1) & mask {
		e := &t.entries[i]
		if e.key[0] == k[0] && e.key[1] == k[1] && e.key[2] == k[2] {
			return e.val, true
		}
		if e.key[0] == 0 {
			return 0, false
		}
	}
}

// put adds k, which must not be in t yet.
func (t *wordTable) put(k *wordKey, val int32) {
	if 4*(t.n+1) > 3*len(t.entries) { // at most 3/4 full
		old := t.entries
		t.init(2 * len(old))
		for i := range old {
			if old[i].key[0] != 0 {
				t.put(&old[i].key, old[i].val)
			}
		}
	}
	mask := uint64(len(t.entries) - 1)
	i := k.hash() >> t.shift
	for t.entries[i].key[0] != 0 {
		i = (i + 1) & mask
	}
	t.entries[i] = wordEntry{*k, val}
	t.n++
}

// sharedTable is a wordTable that many goroutines read while one (holding
// vocab.mu) adds to it: an entry's other fields are written before its k0,
// which publishes it, all with atomic loads and stores (plain moves on
// amd64). A full table is replaced by a larger copy; readers that still hold
// the old one miss the entries added since and take the lock to find them.
type sharedTable struct {
	entries []sharedEntry // a power of two long; an empty entry has k0 == 0
	shift   uint          // 64 - log2(len(entries))
	n       int           // entries in use; only the writer reads it
}

type sharedEntry struct {
	k0, k1, k2 uint64 // the wordKey
	val        int32
	_          int32 // 32 bytes on 32-bit processors too, where the atomic loads of k0, k1 and k2 need them 8-aligned
}

func newSharedTable(size int) *sharedTable {
	return &sharedTable{entries: make([]sharedEntry, size), shift: uint(64 - bits.TrailingZeros(uint(size)))}
}

// getHashed returns the value of k, whose hash is h, and whether k is in
// the table; without a lock.
func (t *sharedTable) getHashed(k *wordKey, h uint64) (int32, bool) {
	mask := uint64(len(t.entries) - 1)
	for i := h >> (t.shift & 63); ; i = (i + 1) & mask {
		e := &t.entries[i]
		k0 := atomic.LoadUint64(&e.k0)
		if k0 == k[0] && atomic.LoadUint64(&e.k1) == k[1] && atomic.LoadUint64(&e.k2) == k[2] {
			return atomic.LoadInt32(&e.val), true
		}
		if k0 == 0 {
			return 0, false
		}
	}
}

// find returns the entry of k (hash h) and true, or the free entry where
// k goes and false; only with vocab.mu held.
func (t *sharedTable) find(k *wordKey, h uint64) (*sharedEntry, bool) {
	mask := uint64(len(t.entries) - 1)
	for i := h >> (t.shift & 63); ; i = (i + 1) & mask {
		e := &t.entries[i]
		k0 := atomic.LoadUint64(&e.k0)
		if k0 == 0 {
			return e, false
		}
		if k0 == k[0] && atomic.LoadUint64(&e.k1) == k[1] && atomic.LoadUint64(&e.k2) == k[2] {
			return e, true
		}
	}
}

// publish writes k and val in e, the free entry find gave for k; only
// with vocab.mu held. The entry's other fields are written before k0,
// which publishes it.
func (t *sharedTable) publish(e *sharedEntry, k *wordKey, val int32) {
	atomic.StoreUint64(&e.k1, k[1])
	atomic.StoreUint64(&e.k2, k[2])
	atomic.StoreInt32(&e.val, val)
	atomic.StoreUint64(&e.k0, k[0])
	t.n++
}

// free returns the entry where k goes.
func (t *sharedTable) free(k *wordKey) *sharedEntry {
	mask := uint64(len(t.entries) - 1)
	i := k.hash() >> t.shift
	for atomic.LoadUint64(&t.entries[i].k0) != 0 {
		i = (i + 1) & mask
	}
	return &t.entries[i]
}

// grown returns a copy of t twice as large; only with vocab.mu held. No
// one sees the copy before it is stored in vocab.words, so it is written
// with plain stores.
func (t *sharedTable) grown() *sharedTable { return t.grownTo(2 * len(t.entries)) }

// grownTo is grown to size entries, a larger power of two.
func (t *sharedTable) grownTo(size int) *sharedTable {
	g := newSharedTable(size)
	for i := range t.entries {
		e := &t.entries[i]
		if k0 := atomic.LoadUint64(&e.k0); k0 != 0 {
			k := wordKey{k0, atomic.LoadUint64(&e.k1), atomic.LoadUint64(&e.k2)}
			*g.free(&k) = sharedEntry{k0: k[0], k1: k[1], k2: k[2], val: atomic.LoadInt32(&e.val)}
			g.n++
		}
	}
	return g
}
