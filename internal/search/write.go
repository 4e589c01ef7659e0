package search

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/maphash"
	"math"
	"math/bits"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/samenopleiden/handboek/internal/textnorm"
)

// Term is a taxonomy value a page is tagged with: a subregio or a thema.
type Term struct {
	Slug  string // the page slug, used in filters (?thema=ict)
	Title string // shown in results and filters
}

// Doc is one page as search sees it. The build fills it from the site model;
// search does not know the site model.
type Doc struct {
	URL       string // page URL including the base path: "/handboek/goede-praktijken/ixperium/"
	Title     string
	Type      string // section key: "goede-praktijken", "masterclasses", ...; "" for a plain page
	TypeLabel string // Dutch label: "Goede praktijk", "Masterclass", ...
	Summary   string
	Headings  []string
	Text      string // plain body text, no markup; not read when Body is set
	// Body is Text tokenised ahead by Index.Body, for a caller that should
	// not keep every page's text until Write (the build tokenises each page
	// as it loads it). It stands for Text: Write reads no Text when it is set.
	Body     *Body
	Subregio Term // zero if none
	Themas   []Term
	Date     string // YYYY-MM-DD or ""
}

// Writer receives the index files. name is slash-separated and relative to
// the output root. It must be safe for concurrent use: Write writes the
// files on all cores. WriteFile must not change data: Write reads it on the
// side meanwhile. output.Dir and output.Mem satisfy it.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// Options tune Write. The zero value gives the defaults.
type Options struct {
	// Dir is the index folder relative to the output root; default "zoeken/index".
	// Each build writes into Dir/<version>/, version being a hash of the contents.
	Dir string
	// ShardBytes is the target size of one term shard before compression;
	// default 64 KiB. Fewer, larger shards mean fewer files and more bytes per query.
	ShardBytes int
	// DocBytes is the target size of one file of result data (titles, URLs,
	// excerpts) before compression; default 8 KiB.
	DocBytes int
	// ExcerptRunes bounds the text kept per page to build snippets from:
	// the summary, then the start of the body text. The default gives small
	// sites long excerpts (snippets can show hits deep in a page) and large
	// ones short: 150,000 / pages, at least 280 and at most 2,000
	// (maxExcerptRunes). A Body keeps the start of its text for excerpts of
	// up to 2,000 characters, so pages given as Body get no longer ones.
	ExcerptRunes int
	// FirstQueryBudget is the most a first one-word query may download
	// (gzipped, worst case: manifest, largest shard, result files of the
	// first page); Write warns above it. Default 150,000 bytes; negative: no check.
	FirstQueryBudget int64
	// TotalBudget is the most all index files together may take (raw); Write
	// warns above it. Default 50,000,000 bytes; negative: no check.
	TotalBudget int64
	// Measure gzips every file to fill in Stats.Gzip and Stats.FirstQuery.
	// It costs about as much time as the indexing; the benchmark sets it.
	Measure bool
}

// Result describes what Write wrote.
type Result struct {
	// Manifest is the path of the manifest relative to the site root, e.g.
	// "zoeken/index/3f2a9c1b7d0e/manifest.json": the one file the search page
	// loads first. Everything else is found from it.
	Manifest string
	Stats    Stats
	// Warnings are human-readable, in English: the index is over a budget.
	Warnings []string
}

// Stats are the index's figures, for the build's report and the benchmark.
type Stats struct {
	Docs     int   // pages indexed
	Terms    int   // distinct terms
	Shards   int   // term shard files
	DocFiles int   // result data files
	Files    int   // all files, manifest included
	Bytes    int64 // all files, raw
	Gzip     int64 // all files, each gzipped; only with Options.Measure
	// ManifestGzip is the gzipped manifest: what the search page loads first.
	ManifestGzip int64
	// FirstQuery is the median over the 50 most frequent terms of what a
	// one-word query downloads, gzipped: manifest + the term's shard + the
	// result files holding its first page of results. Only with Options.Measure.
	FirstQuery int64
	// FirstQueryMax is the worst case of the same: manifest + the largest
	// shard + the largest result files a first page can need.
	FirstQueryMax int64
}

// Figures shared with search.js; the manifest carries them so the browser
// does not hard-code them.
const (
	// FormatVersion is the manifest's "v"; change it when the format changes.
	FormatVersion = 1
	// PageSize is how many results the search page shows at first.
	PageSize = 10
	// prefixShards is the most shards the last, unfinished query word may
	// load for prefix matching; a shorter prefix is matched exactly.
	prefixShards = 2
)

// Fields of a page, in the order of fieldWeight.
const (
	fTitle = iota
	fHeadings
	fSummary
	fTags // subregio and thema titles
	fBody
	nFields
)

// BM25F parameters: a term's weight in a page is
// tf' = Σ w_f·tf_f / (1 - b + b·len_f/avglen_f), then tf'/(k1+tf').
var (
	fieldWeight = [nFields]float64{5, 2.5, 2, 2, 1}
	fieldB      = [nFields]float64{0.5, 0.75, 0.75, 0.5, 0.75}
)

const k1 = 1.2

// Write builds the search index of docs and writes it through w under
// opts.Dir/<version>/. The output depends only on docs and opts: docs are
// ordered by URL first, so their order does not matter. Two docs with one URL
// are an error.
func Write(w Writer, docs []Doc, opts Options) (Result, error) {
	return NewIndex().Write(w, docs, opts)
}

// maxExcerptRunes is the most runes of a page's text an excerpt shows by
// default, and what a Body keeps of it.
const maxExcerptRunes = 2000

// Index remembers the terms of every page between calls of its Write, so
// that writing the index again after a few pages changed tokenises only
// those: for a dev server that rebuilds on every save. Its output is the same
// as the function Write's. It holds every term once and about 5 bytes per
// distinct term of each page (20 MB for the 4.2 million of 10,000 generated
// pages). Not safe for concurrent use, but for Body.
type Index struct {
	dict   *dict     // every term seen; ids never change
	vocab  *vocab    // the words of dict's terms
	caches sync.Pool // *termCache for Body
	last   lastPages // the pages of the last Write
	sorted []int32   // the ids of all terms in dict, ordered by term
	seed   maphash.Seed
}

// lastPages is the pages of the last Write, ordered by URL as it ordered
// them: slices, not a map by URL, which took a serial stretch of every
// Write to fill.
type lastPages struct {
	urls []string
	keys []uint64   // hash of the Doc
	per  []docTerms // its terms
}

// Body is a page's plain text (Doc.Text) as the index needs it: its terms
// with their counts, and its start for the page's excerpt. Index.Body makes
// it, so that the text need not be kept until Write.
type Body struct {
	dict  *dict    // of the Index that made it
	terms docTerms // in the body field only
	start string   // the text up to its (maxExcerptRunes+1)th character other than space: all an excerpt shows
	key   uint64   // hash of the text with bodySeed
}

var bodySeed = maphash.MakeSeed()

// Body tokenises a page's plain text for a later Write of this Index or any
// other (this one's is faster: the terms are its own). It is safe to call
// from many goroutines at once, but not during Write.
func (x *Index) Body(text string) *Body {
	c, _ := x.caches.Get().(*termCache)
	if c == nil {
		c = newTermCache(x.vocab)
	}
	b := &Body{dict: x.dict, terms: tokenizeBody(text, c), start: excerptStart(text), key: maphash.String(bodySeed, text)}
	x.caches.Put(c)
	return b
}

// GobEncode fails: a Body holds ids into its Index. It lets encoding/gob
// encode Docs without one (a nil Body), with their Text.
func (b *Body) GobEncode() ([]byte, error) {
	return nil, errors.New("search: a Body cannot be encoded; give the page's Text")
}

// GobDecode fails, as GobEncode does.
func (b *Body) GobDecode([]byte) error {
	return errors.New("search: a Body cannot be decoded")
}

// Reserve makes room for the words of about textBytes bytes of text, to be
// given to Body: the table of words grows on the way otherwise, which holds
// up the goroutines calling Body.
func (x *Index) Reserve(textBytes int) { x.vocab.reserve(textBytes) }

// NewIndex returns an empty Index.
func NewIndex() *Index {
	d := newDict()
	return &Index{dict: d, vocab: newVocab(d, 0), seed: maphash.MakeSeed()}
}

// Write is like the function Write, reusing the terms of pages that did not
// change since the last call.
func (x *Index) Write(w Writer, docs []Doc, opts Options) (Result, error) {
	opts = opts.withDefaults(len(docs))
	docs, err := sortDocs(docs)
	if err != nil {
		return Result{}, err
	}
	side := startDocFiles(docs, opts) // while the pages are indexed
	ix := x.index(docs)
	files, sum := ix.files(opts, side)
	// the stats gzip some files: on the side, while the files are written
	stats := make(chan Stats, 1)
	go func() { stats <- ix.stats(files, opts.Measure) }()

	dir := path.Join(opts.Dir, hex.EncodeToString(sum)[:12])
	errs := make([]error, len(files))
	eachTaken(len(files), func(next func() (int, bool)) {
		for i, ok := next(); ok; i, ok = next() {
			errs[i] = w.WriteFile(dir+"/"+files[i].name, files[i].data)
		}
	})
	for _, err := range errs {
		if err != nil {
			return Result{}, err
		}
	}
	res := Result{Manifest: dir + "/manifest.json", Stats: <-stats}
	st := res.Stats
	if opts.FirstQueryBudget >= 0 && st.FirstQueryMax > opts.FirstQueryBudget {
		res.Warnings = append(res.Warnings, fmt.Sprintf(
			"search index: a first query may download %s gzipped, over the budget of %s (%d pages, %d terms, %d shards)",
			kb(st.FirstQueryMax), kb(opts.FirstQueryBudget), st.Docs, st.Terms, st.Shards))
	}
	if opts.TotalBudget >= 0 && st.Bytes > opts.TotalBudget {
		res.Warnings = append(res.Warnings, fmt.Sprintf(
			"search index: %s in %d files, over the budget of %s (%d pages)",
			kb(st.Bytes), st.Files, kb(opts.TotalBudget), st.Docs))
	}
	return res, nil
}

func kb(n int64) string { return strconv.FormatFloat(float64(n)/1000, 'f', 1, 64) + " kB" }

func (o Options) withDefaults(docs int) Options {
	if o.Dir == "" {
		o.Dir = "zoeken/index"
	}
	o.Dir = strings.Trim(o.Dir, "/")
	if o.ShardBytes <= 0 {
		o.ShardBytes = 64 << 10
	}
	if o.DocBytes <= 0 {
		o.DocBytes = 8 << 10
	}
	if o.ExcerptRunes <= 0 {
		o.ExcerptRunes = min(max(150_000/max(docs, 1), 280), maxExcerptRunes)
	}
	if o.FirstQueryBudget == 0 {
		o.FirstQueryBudget = 150_000
	}
	if o.TotalBudget == 0 {
		o.TotalBudget = 50_000_000
	}
	return o
}

// sortDocs returns docs ordered by URL, the order that gives them their ids.
// Ordering by URL also groups them by section, which makes the facet string
// and the result files compress well.
// The build gives them in that order: then they are not copied.
func sortDocs(docs []Doc) ([]Doc, error) {
	inOrder := true
	for i := 1; i < len(docs) && inOrder; i++ {
		inOrder = docs[i-1].URL <= docs[i].URL
	}
	sorted := docs
	if !inOrder {
		// sorting their numbers moves 4 bytes where a Doc is 200
		order := make([]int32, len(docs))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortStableFunc(order, func(a, b int32) int { return strings.Compare(docs[a].URL, docs[b].URL) })
		sorted = make([]Doc, len(docs))
		for i, k := range order {
			sorted[i] = docs[k]
		}
	}
	for i, d := range sorted {
		if d.URL == "" {
			return nil, fmt.Errorf("search: page %q has no URL", d.Title)
		}
		if i > 0 && sorted[i-1].URL == d.URL {
			return nil, fmt.Errorf("search: two pages with URL %s", d.URL)
		}
	}
	if len(sorted) >= 1<<27 {
		return nil, errors.New("search: too many pages")
	}
	return sorted, nil
}

// indexer holds the inverted index of one Write call.
type indexer struct {
	docs    []Doc
	terms   []string // sorted
	all     []uint32 // the postings of terms[i] are all[ends[i-1]:ends[i]] (see postings)
	ends    []uint32
	encoded *encodedPostings
	first   []string // first term of each shard, from files
}

// postings returns the postings of terms[i]: doc<<5 | weight, by doc.
func (ix *indexer) postings(i int) []uint32 {
	lo := uint32(0)
	if i > 0 {
		lo = ix.ends[i-1]
	}
	return ix.all[lo:ix.ends[i]:ix.ends[i]]
}

// docTerms is one page's terms (ids in dict) with their counts per field.
// Nine in ten terms of a page are in the body only, a few times: they take
// 4 bytes each in body, the others 9 in terms and counts.
type docTerms struct {
	body   []uint32         // terms only in the body, fewer than 1<<bodyBits times: id<<bodyBits | count
	skip   []int32          // indexes in body of entries to skip, ascending: their terms are in terms (see tokenizeWith)
	terms  []int32          // the other terms
	counts [][nFields]uint8 // their counts; they saturate at 255: BM25 saturates long before
	lens   [nFields]int
}

const bodyBits = 4

// each calls fn for every term of dt with its counts.
func (dt *docTerms) each(fn func(t int32, c [nFields]uint8)) {
	skip := dt.skip
	for k, e := range dt.body {
		if len(skip) > 0 && int(skip[0]) == k {
			skip = skip[1:]
			continue
		}
		var c [nFields]uint8
		c[fBody] = uint8(e & (1<<bodyBits - 1))
		fn(int32(e>>bodyBits), c)
	}
	for i, t := range dt.terms {
		fn(t, dt.counts[i])
	}
}

// dict numbers terms: ids that postings are gathered by. Its table holds
// 8 bytes a term, the term's id and a part of its hash: a lookup reads the
// term only when the hash matches. A map[string]int32 took a cache miss a
// lookup for its control word (most lookups are of new terms).
type dict struct {
	slots []uint64 // open addressing, linear probing: hash<<32 | id+1; 0 is free
	shift uint     // 64 - log2(len(slots)): a term's home is its hash >> shift
	terms []string // by id
}

var dictSeed = maphash.MakeSeed()

func newDict() *dict {
	d := &dict{}
	d.init(1 << 10)
	return d
}

// init empties d's table and makes it size slots (a power of two).
func (d *dict) init(size int) {
	d.slots = make([]uint64, size)
	d.shift = uint(64 - bits.TrailingZeros(uint(size)))
}

// id returns the id of term t, giving it the next one if it is new.
func (d *dict) id(t string) int32 {
	h := maphash.String(dictSeed, t)
	mask := uint64(len(d.slots) - 1)
	i := h >> (d.shift & 63)
	for ; d.slots[i] != 0; i = (i + 1) & mask {
		if s := d.slots[i]; uint32(s>>32) == uint32(h) && d.terms[uint32(s)-1] == t {
			return int32(uint32(s) - 1)
		}
	}
	id := int32(len(d.terms))
	d.terms = append(d.terms, strings.Clone(t)) // t may point into the page text
	d.slots[i] = h<<32 | uint64(id+1)
	if 4*len(d.terms) > 3*len(d.slots) { // at most 3/4 full
		d.grow()
	}
	return id
}

// grow doubles d's table.
func (d *dict) grow() {
	old := d.slots
	d.init(2 * len(old))
	mask := uint64(len(d.slots) - 1)
	for _, s := range old {
		if s != 0 {
			i := maphash.String(dictSeed, d.terms[uint32(s)-1]) >> d.shift
			for d.slots[i] != 0 {
				i = (i + 1) & mask
			}
			d.slots[i] = s
		}
	}
}

// index tokenises the pages that changed since the last call (in parallel)
// and builds the inverted index.
func (x *Index) index(docs []Doc) *indexer {
	per := make([]docTerms, len(docs))
	keys := make([]uint64, len(docs))
	cores := min(runtime.GOMAXPROCS(0), max(1, len(docs)/64))
	onEach(cores, func(c int) {
		for i := c * len(docs) / cores; i < (c+1)*len(docs)/cores; i++ {
			keys[i] = x.key(&docs[i])
		}
	})
	tokenise := make([]bool, len(docs)) // else per has its terms
	text := 0                           // bytes to tokenise, roughly
	last, j := &x.last, 0
	for i := range docs {
		// both are ordered by URL
		for j < len(last.urls) && last.urls[j] < docs[i].URL {
			j++
		}
		if j < len(last.urls) && last.urls[j] == docs[i].URL && last.keys[j] == keys[i] {
			per[i] = last.per[j]
		} else {
			tokenise[i] = true
			text += len(docs[i].Summary)
			if docs[i].Body == nil {
				text += len(docs[i].Text)
			}
		}
	}
	x.vocab.reserve(text)

	// The pages are tokenised and their postings counted by term on all
	// cores, each core a run of pages (a chunk), while the terms known
	// so far are sorted (those of the other fields that tokenising adds,
	// a few, are sorted after).
	chunks := min(runtime.GOMAXPROCS(0), maxChunks, max(1, len(docs)/64))
	counts := make([][]uint32, chunks) // by chunk, then term id
	known := x.dict.terms              // the workers append to x.dict.terms
	onEach(chunks+1, func(c int) {
		if c == chunks {
			x.sortedTerms(known)
			return
		}
		tc := newTermCache(x.vocab)
		n := make([]uint32, len(known), len(known)+len(known)/8+1024) // room for the terms the workers add
		for i := c * len(docs) / chunks; i < (c+1)*len(docs)/chunks; i++ {
			if tokenise[i] {
				if d := &docs[i]; d.Body != nil {
					per[i] = tokenizeWith(d, x.own(d.Body), tc)
				} else {
					per[i] = tokenize(d, tc)
				}
			}
			n = addCounts(n, &per[i])
		}
		counts[c] = n
	})
	dict := x.dict
	order := x.sortedTerms(dict.terms)
	for c, n := range counts {
		counts[c] = slices.Grow(n, len(dict.terms)-len(n))[:len(dict.terms)] // zeros: a copy only if n has no room
	}
	urls := make([]string, len(docs))
	for i := range docs {
		urls[i] = docs[i].URL
	}
	x.last = lastPages{urls, keys, per}

	var avg [nFields]float64
	for _, dt := range per {
		for f, n := range dt.lens {
			avg[f] += float64(n)
		}
	}
	for f := range avg {
		avg[f] = max(avg[f]/float64(max(len(docs), 1)), 1)
	}
	ranked, all, ends, ep := placePostings(per, order, counts, &avg)
	ix := &indexer{docs: docs, terms: make([]string, len(ranked)), all: all, ends: ends, encoded: ep}
	for r, id := range ranked {
		ix.terms[r] = dict.terms[id]
	}
	return ix
}

// addCounts adds one to n[t] for each term t of dt, growing n as need be,
// and returns n.
func addCounts(n []uint32, dt *docTerms) []uint32 {
	count := func(n []uint32, body []uint32) []uint32 {
		for _, e := range body {
			t := e >> bodyBits
			if int(t) >= len(n) { // a term new to this Write
				n = append(n, make([]uint32, int(t)+1-len(n))...)
			}
			n[t]++
		}
		return n
	}
	from := 0 // the entries between those to skip
	for _, skip := range dt.skip {
		n = count(n, dt.body[from:skip])
		from = int(skip) + 1
	}
	n = count(n, dt.body[from:])
	for _, t := range dt.terms {
		if int(t) >= len(n) {
			n = append(n, make([]uint32, int(t)+1-len(n))...)
		}
		n[t]++
	}
	return n
}

// maxChunks bounds the runs of pages that Index.index counts and places
// postings of at once: each takes an array of a number a term (600 KB at
// 10,000 pages).
const maxChunks = 8

// bucketPostings is about how many postings placePostings places at once
// in a bucket: with their terms' numbers and a copy, 320 KB, within a
// core's cache. A variable for tests.
var bucketPostings uint32 = 32 << 10

// bucketBits is the bits of a term's number in its bucket: a bucket has at
// most 1<<bucketBits terms, so that the buckets are fewer than 1<<(32 -
// bucketBits) (postings and terms both fewer than 1<<32).
const bucketBits = 12

// placePostings places the postings of the pages of per (doc<<5 | weight)
// in one array, all, each term's in one stretch of it, by page, and the
// stretches in term order, so that encoding them reads the array from start
// to end. It returns the ids of the terms with postings in term order, the
// array, and the end of each term's stretch, in the same order. counts[c]
// has the postings of each term, by term id, in the cth run of pages
// (chunk), as index cuts per; order is the term ids in term order.
//
// Putting each posting straight in its place, page by page, writes all
// over an array far larger than the caches (17 MB at 10,000 generated
// pages): each write a cache miss, about 50 ns. So the stretches are grouped into
// buckets of about bucketPostings postings, one after the other, and the
// postings are placed twice: each chunk's in the stretch of their bucket,
// with their term's number in the bucket (a few hundred places written in
// turn, which stay in the cache), each core a chunk; then each bucket's in
// their places in it (which fits in the cache), each core a bucket. A
// chunk's postings of a bucket go after those of the chunks before, so the
// array is the same as placing all pages in order on one core. The terms'
// numbers take 2 bytes a posting for a while.
func placePostings(per []docTerms, order []int32, counts [][]uint32, avg *[nFields]float64) (ranked []int32, all, ends []uint32, ep *encodedPostings) {
	chunks := len(counts)
	// the stretches and their buckets: bucket b holds all[bounds[b]:bounds[b+1]],
	// the stretches of ranked[first[b]:first[b+1]]
	var bounds, first []uint32
	starts := make([]uint32, 0, len(order))
	ranked = make([]int32, 0, len(order))
	slot := make([]uint32, len(counts[0])) // by term id: its bucket<<bucketBits | its number in the bucket
	next := make([][]uint32, chunks)       // by chunk, bucket: the chunk's postings in it, then where the next goes
	total := uint32(0)
	for _, id := range order {
		n := uint32(0)
		for _, cn := range counts {
			n += cn[id]
		}
		if n == 0 {
			continue
		}
		b := len(bounds) - 1
		if b < 0 || total-bounds[b]+n > bucketPostings || uint32(len(ranked))-first[b] == 1<<bucketBits {
			bounds, first = append(bounds, total), append(first, uint32(len(ranked)))
			for c := range next {
				next[c] = append(next[c], 0)
			}
			b++
		}
		for c, cn := range counts {
			next[c][b] += cn[id]
		}
		slot[id] = uint32(b)<<bucketBits | (uint32(len(ranked)) - first[b])
		ranked, starts = append(ranked, id), append(starts, total)
		total += n
	}
	bounds, first = append(bounds, total), append(first, uint32(len(ranked)))
	for b := range len(bounds) - 1 {
		at := bounds[b]
		for c := range next {
			next[c][b], at = at, at+next[c][b]
		}
	}

	all = make([]uint32, total)
	nums := make([]uint16, total) // each posting's term's number in its bucket
	onEach(chunks, func(c int) {
		next := next[c]
		for id := c * len(per) / chunks; id < (c+1)*len(per)/chunks; id++ {
			dt := &per[id]
			w := newWeigher(dt, avg)
			// the body-only terms' postings by count, so that placeBody's
			// loop calls nothing and keeps its variables in registers
			var byCount [1 << bodyBits]uint32
			for n := range byCount {
				var c [nFields]uint8
				c[fBody] = uint8(n)
				byCount[n] = uint32(id)<<5 | w.weight(c)
			}
			from := 0 // the entries between those to skip
			for _, skip := range dt.skip {
				placeBody(dt.body[from:skip], &byCount, slot, next, all, nums)
				from = int(skip) + 1
			}
			placeBody(dt.body[from:], &byCount, slot, next, all, nums)
			for k, t := range dt.terms {
				s := slot[t]
				i := &next[s>>bucketBits]
				all[*i], nums[*i] = uint32(id)<<5|w.weight(dt.counts[k]), uint16(s&(1<<bucketBits-1))
				*i++
			}
		}
	})

	// each starts[r] goes from the start of its stretch to its end; then
	// the bucket's postings are encoded, while they are in the cache
	ep = &encodedPostings{blocks: make([][]byte, len(bounds)-1), ends: make([]uint32, len(ranked)), block: make([]uint32, len(ranked)), first: first}
	eachTaken(len(bounds)-1, func(next func() (int, bool)) {
		var copied []uint32
		for b, ok := next(); ok; b, ok = next() {
			lo, hi := bounds[b], bounds[b+1]
			starts := starts[first[b]:first[b+1]]
			copied = append(copied[:0], all[lo:hi]...)
			for k, p := range copied {
				i := &starts[nums[lo+uint32(k)]]
				all[*i] = p
				*i++
			}
			ep.blocks[b] = encodePostings(all, lo, starts, ep.ends[first[b]:first[b+1]])
			for r := first[b]; r < first[b+1]; r++ {
				ep.block[r] = uint32(b)
			}
		}
	})
	return ranked, all, starts, ep
}

// encodePostings encodes the postings of a bucket of terms, all[lo:ends[0]]
// for its first term, then all[ends[0]:ends[1]] and so on, and sets
// encEnds[r] to where the rth term's end in what it returns.
func encodePostings(all []uint32, lo uint32, ends, encEnds []uint32) []byte {
	n := 2 * (ends[len(ends)-1] - lo) // most numbers take a digit: close
	enc := make([]byte, 0, n+n/4)
	for r, end := range ends {
		prev := uint32(0)
		for _, p := range all[lo:end] {
			doc := p >> 5
			enc = appendNum(enc, doc-prev)  // the first one is absolute: prev is 0
			enc = append(enc, digits[p&31]) // a weight is less than 32: one digit
			prev = doc
		}
		encEnds[r] = uint32(len(enc))
		lo = end
	}
	return enc
}

// placeBody places the postings of body, entries of docTerms.body, where
// next says in all and nums; byCount is their posting by count.
func placeBody(body []uint32, byCount *[1 << bodyBits]uint32, slot, next, all []uint32, nums []uint16) {
	for _, e := range body {
		s := slot[e>>bodyBits]
		b := s >> bucketBits
		i := next[b]
		all[i], nums[i] = byCount[e&(1<<bodyBits-1)], uint16(s&(1<<bucketBits-1))
		next[b] = i + 1
	}
}

// onEach calls fn(0) to fn(n-1), each on a goroutine of its own, and
// returns when they have returned.
func onEach(n int, fn func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { fn(i) })
	}
	wg.Wait()
}

// eachTaken does n items on all cores: it runs worker once a core (fewer
// for fewer items), and each worker calls next for the number of its next
// item until next says none is left. A worker may keep state of its own
// between items, such as a buffer.
func eachTaken(n int, worker func(next func() (int, bool))) {
	var taken atomic.Int64
	next := func() (int, bool) {
		i := int(taken.Add(1)) - 1
		return i, i < n
	}
	onEach(min(runtime.GOMAXPROCS(0), n), func(int) { worker(next) })
}

// own returns the terms of b as ids in x.dict: b's own if x made it.
func (x *Index) own(b *Body) *docTerms {
	if b.dict == x.dict {
		return &b.terms
	}
	v := x.vocab
	v.mu.Lock()
	defer v.mu.Unlock()
	dt := &docTerms{lens: b.terms.lens}
	b.terms.each(func(t int32, c [nFields]uint8) {
		id := v.dict.id(b.dict.terms[t])
		if bodyOnly(id, &c) {
			dt.body = append(dt.body, uint32(id)<<bodyBits|uint32(c[fBody]))
		} else {
			dt.terms, dt.counts = append(dt.terms, id), append(dt.counts, c)
		}
	})
	return dt
}

// sortedTerms returns the ids of terms, the terms of x.dict or the first
// of them, ordered by term. It keeps the order for the next call, which
// sorts only the terms added since.
func (x *Index) sortedTerms(terms []string) []int32 {
	if len(x.sorted) == len(terms) {
		return x.sorted
	}
	added := sortTerms(terms, len(x.sorted))
	if len(x.sorted) == 0 {
		x.sorted = added
		return added
	}
	// each added term goes in where a binary search finds its place:
	// mostly few, where a merge compared every term (a cache miss each)
	merged := make([]int32, 0, len(terms))
	rest := x.sorted
	for _, id := range added {
		i, _ := slices.BinarySearchFunc(rest, terms[id], func(e int32, t string) int { return strings.Compare(terms[e], t) })
		merged = append(append(merged, rest[:i]...), id)
		rest = rest[i:]
	}
	merged = append(merged, rest...)
	x.sorted = merged
	return merged
}

// sortTerms returns the ids from..len(terms)-1 ordered by term. It sorts by
// the first 8 bytes as a number first, which saves most string comparisons
// and their cache misses.
func sortTerms(terms []string, from int) []int32 {
	type key struct {
		head uint64 // the first 8 bytes, big-endian, zero-padded
		id   int32
	}
	keys := make([]key, len(terms)-from)
	for i := range keys {
		id := from + i
		var b [8]byte
		copy(b[:], terms[id])
		keys[i] = key{binary.BigEndian.Uint64(b[:]), int32(id)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		switch {
		case a.head < b.head:
			return -1
		case a.head > b.head:
			return 1
		}
		return strings.Compare(terms[a.id], terms[b.id])
	})
	ids := make([]int32, len(keys))
	for i, k := range keys {
		ids[i] = k.id
	}
	return ids
}

// key hashes everything of d that its terms depend on.
func (x *Index) key(d *Doc) uint64 {
	var h maphash.Hash
	h.SetSeed(x.seed)
	for _, s := range [...]string{d.Title, d.Summary, d.Subregio.Title} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	if d.Body != nil {
		h.WriteByte(3)
		h.Write(binary.LittleEndian.AppendUint64(nil, d.Body.key))
	} else {
		h.WriteString(d.Text)
		h.WriteByte(0)
	}
	for _, s := range d.Headings {
		h.WriteString(s)
		h.WriteByte(1)
	}
	for _, t := range d.Themas {
		h.WriteString(t.Title)
		h.WriteByte(2)
	}
	return h.Sum64()
}

// weigher gives the weights of one page's terms.
type weigher struct {
	norm [nFields]float64 // BM25F length normalisation of each field
}

func newWeigher(dt *docTerms, avg *[nFields]float64) *weigher {
	w := &weigher{}
	for f := range w.norm {
		w.norm[f] = 1 - fieldB[f] + fieldB[f]*float64(dt.lens[f])/avg[f]
	}
	return w
}

// weight packs a term's weight in a page into 0..29: ten times its best field
// tier (2 title, 1 headings, summary or tags, 0 body) plus 0..9 for its BM25F
// term frequency part. The browser multiplies it by the term's idf. The tier
// keeps a title hit above a heading hit above a body hit for the same word.
func (w *weigher) weight(c [nFields]uint8) uint32 {
	tf := 0.0
	for f, n := range c {
		if n > 0 {
			tf += fieldWeight[f] * float64(n) / w.norm[f]
		}
	}
	q := uint32(math.Round(9 * tf / (k1 + tf)))
	switch {
	case c[fTitle] > 0:
		return 20 + q
	case c[fHeadings] > 0 || c[fSummary] > 0 || c[fTags] > 0:
		return 10 + q
	}
	return q
}

// file is one index file before writing.
type file struct {
	name string
	data []byte
	kind byte // 'm' manifest, 's' shard, 'd' result data
}

// manifest is manifest.json; docs/search-index.md describes every key.
type manifest struct {
	Version      int         `json:"v"`
	Docs         int         `json:"n"`
	Prefix       string      `json:"prefix"`
	PageSize     int         `json:"page"`
	PrefixShards int         `json:"px"`
	Stop         []string    `json:"stop"`
	Types        [][2]string `json:"types"`
	Subregios    [][2]string `json:"subregios"`
	Themas       [][2]string `json:"themas"`
	Facets       string      `json:"facets"`
	Shards       []string    `json:"shards"`
	PerFile      int         `json:"per"`
}

// shard is the contents of s<i>.json, which files writes by hand.
type shard struct {
	Terms    []string `json:"t"`
	Postings []string `json:"p"`
}

// files encodes the index: manifest.json, s<i>.json term shards and d<i>.json
// result data, in that order, and returns them with their SHA-256 (see
// hashFile), which names their folder. side waits for what startDocFiles
// makes of ix.docs.
func (ix *indexer) files(opts Options, side func() *docFiles) ([]file, []byte) {
	// A shard is {"t":[terms],"p":[postings]}, the terms in order, cut
	// where the next term would take it over opts.ShardBytes. The postings
	// are encoded already (on all cores, by placePostings), the shards cut
	// on one (a sum a term), then put together on all cores.
	ep := ix.encoded
	sizes := ix.termSizes(ep)
	bounds := shardBounds(sizes, opts.ShardBytes)
	shards := make([]file, len(bounds)-1)
	first := make([]string, len(shards))
	for s := range shards {
		first[s] = ix.terms[bounds[s]]
	}
	ix.first = slices.Clone(first)
	if len(first) > 0 {
		first[0] = "" // the first shard starts at the beginning
	}
	// The files are hashed in order, on one core, as they are ready: the
	// manifest once the result files are (made on the side since the
	// start of Write), then each shard once it is put together. Hashed
	// after them all, they took a stretch of the build on one core.
	ready := make([]chan struct{}, len(shards))
	for s := range ready {
		ready[s] = make(chan struct{})
	}
	hashed := make(chan []file, 1)
	h := sha256.New()
	go func() {
		d := side()
		m := manifest{
			Version:      FormatVersion,
			Docs:         len(ix.docs),
			Prefix:       d.prefix,
			PageSize:     PageSize,
			PrefixShards: prefixShards,
			Stop:         Stopwords,
			Types:        d.types,
			Subregios:    d.subregios,
			Themas:       d.themas,
			Facets:       d.facets,
			Shards:       first,
			PerFile:      d.perFile,
		}
		mf := file{name: "manifest.json", data: marshal(m), kind: 'm'}
		hashFile(h, mf)
		for s := range shards {
			<-ready[s]
			hashFile(h, shards[s])
		}
		for _, f := range d.results {
			hashFile(h, f)
		}
		hashed <- append(append([]file{mf}, shards...), d.results...)
	}()
	eachTaken(len(shards), func(next func() (int, bool)) {
		for s, ok := next(); ok; s, ok = next() {
			lo, hi := bounds[s], bounds[s+1]
			shards[s] = file{name: "s" + strconv.Itoa(s) + ".json", data: ix.shard(lo, hi, sizes[lo:hi], ep), kind: 's'}
			close(ready[s])
		}
	})
	files := <-hashed
	return files, h.Sum(nil)
}

// hashFile adds file f to h: its name and size, then its bytes.
func hashFile(h hash.Hash, f file) {
	fmt.Fprintf(h, "%s %d\n", f.name, len(f.data))
	h.Write(f.data)
}

// docFiles is what the files take from the pages but not from their
// terms: the manifest's URL prefix and facets, and the result files.
type docFiles struct {
	prefix                   string
	types, subregios, themas [][2]string
	facets                   string
	results                  []file
	perFile                  int
}

// startDocFiles makes the docFiles of docs on the side and returns a func
// that waits for them: Write makes them while it indexes the pages.
func startDocFiles(docs []Doc, opts Options) func() *docFiles {
	done := make(chan *docFiles, 1)
	go func() {
		d := &docFiles{prefix: urlPrefix(docs)}
		d.types, d.subregios, d.themas, d.facets = facets(docs)
		d.results, d.perFile = resultFiles(docs, d.prefix, opts)
		done <- d
	}()
	return func() *docFiles { return <-done }
}

// encodedPostings is the postings of every term encoded, as a shard holds
// them: for every page the difference from the page before (the first one
// absolute), then the weight, each a number (see appendNum). placePostings
// encodes them on all cores, a bucket of terms at a time, before the terms
// are cut into shards, where their sizes count.
type encodedPostings struct {
	blocks [][]byte // by bucket: its terms' postings, one after the other
	ends   []uint32 // by term: where its postings end in its block
	block  []uint32 // by term: its bucket
	first  []uint32 // by bucket: its first term; and the number of terms
}

// of returns the encoded postings of term ti.
func (ep *encodedPostings) of(ti int) []byte {
	b := ep.block[ti]
	start := uint32(0)
	if ti > int(ep.first[b]) {
		start = ep.ends[ti-1]
	}
	return ep.blocks[b][start:ep.ends[ti]]
}

// termSizes returns the size of each term in its shard as files counts it
// (not quite its bytes: the term is counted unescaped).
func (ix *indexer) termSizes(ep *encodedPostings) []int {
	sizes := make([]int, len(ix.terms))
	for ti, t := range ix.terms {
		sizes[ti] = len(t) + len(ep.of(ti)) + 6 // quotes and commas
	}
	return sizes
}

// shardBounds cuts terms of the given sizes into shards of at most
// shardBytes, but for a term larger alone: shard s holds the terms
// bounds[s] to bounds[s+1]-1.
func shardBounds(sizes []int, shardBytes int) []int {
	bounds := []int{0}
	size := 0
	for ti, n := range sizes {
		if size > 0 && size+n > shardBytes {
			bounds = append(bounds, ti)
			size = 0
		}
		size += n
	}
	if size > 0 {
		bounds = append(bounds, len(sizes))
	}
	return bounds
}

// shard returns the shard of the terms lo to hi-1: their list, then their
// encoded postings, each list a string (digits need no escaping). sizes
// are the terms' from termSizes: the shard's bytes but for escapes.
func (ix *indexer) shard(lo, hi int, sizes []int, ep *encodedPostings) []byte {
	n := len(`{"t":[],"p":[]}`)
	for _, size := range sizes {
		n += size
	}
	data := append(make([]byte, 0, n), `{"t":[`...)
	for ti := lo; ti < hi; ti++ {
		if ti > lo {
			data = append(data, ',')
		}
		data = appendJSONString(data, ix.terms[ti])
	}
	data = append(data, `],"p":[`...)
	for ti := lo; ti < hi; ti++ {
		if ti > lo {
			data = append(data, ',')
		}
		data = append(append(append(data, '"'), ep.of(ti)...), '"')
	}
	return append(data, `]}`...)
}

// resultFiles returns the d<i>.json files and how many pages each holds.
func resultFiles(docs []Doc, prefix string, opts Options) ([]file, int) {
	rows := make([][4]string, len(docs))
	total := 0
	var scratch []byte
	for i, d := range docs {
		var ex string
		text := d.Text
		if d.Body != nil {
			text = d.Body.start
		}
		ex, scratch = excerpt(d.Summary, text, opts.ExcerptRunes, scratch[:0])
		rows[i] = [4]string{strings.TrimPrefix(d.URL, prefix), d.Title, d.Date, ex}
		total += 12 + len(rows[i][0]) + len(rows[i][1]) + len(rows[i][2]) + len(rows[i][3])
	}
	per := 1
	if len(rows) > 0 {
		per = max(1, opts.DocBytes*len(rows)/max(total, 1))
	}
	var out []file
	for i := 0; i < len(rows); i += per {
		part := rows[i:min(i+per, len(rows))]
		data := append(make([]byte, 0, opts.DocBytes+opts.DocBytes/4), '[')
		for j, row := range part {
			if j > 0 {
				data = append(data, ',')
			}
			data = appendJSONStrings(data, row[:])
		}
		out = append(out, file{name: "d" + strconv.Itoa(i/per) + ".json", data: append(data, ']'), kind: 'd'})
	}
	return out, per
}

// urlPrefix is the longest common prefix of all URLs that ends in "/".
func urlPrefix(docs []Doc) string {
	if len(docs) == 0 {
		return "/"
	}
	p := docs[0].URL
	for _, d := range docs[1:] {
		n := 0
		for n < len(p) && n < len(d.URL) && p[n] == d.URL[n] {
			n++
		}
		p = p[:n]
	}
	return p[:strings.LastIndexByte(p, '/')+1]
}

// facets returns the facet values (key, label) sorted by label, and the
// facet string: for every page in id order its type, its subregio + 1 (0 for
// none), its number of themas and their indexes, each in the compact number
// encoding.
func facets(docs []Doc) (types, subregios, themas [][2]string, enc string) {
	type vals struct {
		label map[string]string
		index map[string]uint32
		list  [][2]string
	}
	newVals := func() *vals { return &vals{label: map[string]string{}, index: map[string]uint32{}} }
	ty, sr, th := newVals(), newVals(), newVals()
	typeKey := func(d *Doc) (string, string) {
		if d.Type == "" {
			return "pagina", cmp(d.TypeLabel, "Pagina")
		}
		return d.Type, cmp(d.TypeLabel, d.Type)
	}
	for i := range docs {
		d := &docs[i]
		k, l := typeKey(d)
		setOnce(ty.label, k, l)
		if d.Subregio.Slug != "" {
			setOnce(sr.label, d.Subregio.Slug, cmp(d.Subregio.Title, d.Subregio.Slug))
		}
		for _, t := range d.Themas {
			if t.Slug != "" {
				setOnce(th.label, t.Slug, cmp(t.Title, t.Slug))
			}
		}
	}
	for _, v := range []*vals{ty, sr, th} {
		for k, l := range v.label {
			v.list = append(v.list, [2]string{k, l})
		}
		slices.SortFunc(v.list, func(a, b [2]string) int {
			if c := strings.Compare(textnorm.Fold(a[1]), textnorm.Fold(b[1])); c != 0 {
				return c
			}
			return strings.Compare(a[0], b[0])
		})
		for i, kl := range v.list {
			v.index[kl[0]] = uint32(i)
		}
	}
	var b []byte
	for i := range docs {
		d := &docs[i]
		k, _ := typeKey(d)
		b = appendNum(b, ty.index[k])
		if d.Subregio.Slug == "" {
			b = appendNum(b, 0)
		} else {
			b = appendNum(b, sr.index[d.Subregio.Slug]+1)
		}
		var ids []uint32
		for _, t := range d.Themas {
			if j, ok := th.index[t.Slug]; ok && !slices.Contains(ids, j) {
				ids = append(ids, j)
			}
		}
		slices.Sort(ids)
		b = appendNum(b, uint32(len(ids)))
		for _, j := range ids {
			b = appendNum(b, j)
		}
	}
	return nonNil(ty.list), nonNil(sr.list), nonNil(th.list), string(b)
}

func nonNil(l [][2]string) [][2]string {
	if l == nil {
		return [][2]string{}
	}
	return l
}

func cmp(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

func setOnce(m map[string]string, k, v string) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// excerpt is the text a snippet is cut from: the summary, then the body text,
// white space collapsed, cut at a word boundary after at most n runes, with
// "…" when cut. Invalid UTF-8 becomes U+FFFD. It builds the excerpt in b,
// which it returns for the next call.
func excerpt(summary, body string, n int, b []byte) (string, []byte) {
	space, cut := false, false
	for _, text := range [2]string{summary, body} {
		for i := 0; i < len(text); {
			c, size := text[i], 1
			var r rune
			if c < utf8.RuneSelf {
				if asciiSpace[c] {
					space = len(b) > 0
					i++
					continue
				}
			} else if r, size = utf8.DecodeRuneInString(text[i:]); unicode.IsSpace(r) {
				space = len(b) > 0
				i += size
				continue
			}
			if n <= 0 {
				cut = true
				break
			}
			if space {
				b = append(b, ' ')
				space = false
				n--
			}
			switch {
			case c < utf8.RuneSelf:
				b = append(b, c)
			case r == utf8.RuneError && size == 1:
				b = utf8.AppendRune(b, r)
			default:
				b = append(b, text[i:i+size]...)
			}
			n--
			i += size
		}
		space = len(b) > 0
	}
	if !cut {
		return string(b), b
	}
	if sp := bytes.LastIndexByte(b, ' '); sp > len(b)/2 {
		b = b[:sp]
	}
	b = append(bytes.TrimRight(b, " ,;:-–"), "…"...)
	return string(b), b
}

// excerptStart returns a copy of the start of text that excerpt can show
// with n up to maxExcerptRunes, wherever the summary ends: up to its
// (maxExcerptRunes+1)th character other than space, where excerpt stops at
// the latest (each character shown counts at least one).
func excerptStart(text string) string {
	n := 0
	for i := 0; i < len(text); {
		// eight ASCII bytes at a time, while they cannot take n over
		// maxExcerptRunes: most of a page's text
		if n+8 <= maxExcerptRunes && len(text)-i >= 8 {
			if x := load8(text[i:]); x&0x8080808080808080 == 0 {
				n += 8 - asciiSpaces(x)
				i += 8
				continue
			}
		}
		c, size := text[i], 1
		if c < utf8.RuneSelf {
			if !asciiSpace[c] {
				n++
			}
		} else {
			var r rune
			if r, size = utf8.DecodeRuneInString(text[i:]); !unicode.IsSpace(r) {
				n++
			}
		}
		i += size
		if n > maxExcerptRunes {
			return strings.Clone(text[:i])
		}
	}
	return strings.Clone(text) // not to keep a larger string alive that text may be part of
}

// asciiSpaces counts the bytes of x, eight ASCII bytes, that asciiSpace
// takes for space: ' ' and '\t' to '\r'. It works on every byte at once:
// with the top bit of each byte set first, subtracting from a byte borrows
// nothing from the next, and leaves the top bit set where the byte was at
// least as large.
func asciiSpaces(x uint64) int {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	y := x ^ 0x20*ones                       // zero where x is ' '
	blank := ^((y | high) - ones | y) & high // top bit where y is zero
	ge9, ge14 := (x|high)-0x09*ones, (x|high)-0x0e*ones
	return bits.OnesCount64(blank | ge9&^ge14&high)
}

// asciiSpace tells which ASCII bytes unicode.IsSpace takes for space.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// stats measures the files. Gzipping everything costs about as much as
// indexing, so unless measure is set only the files a worst-case first query
// could need are gzipped: the manifest, the largest shards, the largest
// result files (largest raw, which are the largest gzipped but for noise).
func (ix *indexer) stats(files []file, measure bool) Stats {
	st := Stats{Docs: len(ix.docs), Terms: len(ix.terms), Files: len(files)}
	var shards, docFiles []int // indexes into files
	for i, f := range files {
		st.Bytes += int64(len(f.data))
		switch f.kind {
		case 's':
			shards = append(shards, i)
		case 'd':
			docFiles = append(docFiles, i)
		}
	}
	st.Shards, st.DocFiles = len(shards), len(docFiles)

	gz := make([]int64, len(files)) // 0: not measured yet
	want := []int{0}
	if measure {
		want = make([]int, len(files))
		for i := range want {
			want[i] = i
		}
	} else {
		bySize := func(l []int, n int) []int {
			l = slices.Clone(l)
			slices.SortStableFunc(l, func(a, b int) int { return len(files[b].data) - len(files[a].data) })
			return l[:min(n, len(l))]
		}
		want = append(want, bySize(shards, 3)...)
		want = append(want, bySize(docFiles, PageSize+5)...)
	}
	gzipAll(files, want, gz)
	for _, n := range gz {
		st.Gzip += n
	}
	if !measure {
		st.Gzip = 0
	}
	st.ManifestGzip = gz[0]

	// Worst case: the largest shard and the largest result files.
	largest := func(l []int, n int) int64 {
		sizes := make([]int64, len(l))
		for i, f := range l {
			sizes[i] = gz[f]
		}
		slices.Sort(sizes)
		var sum int64
		for _, s := range sizes[max(0, len(sizes)-n):] {
			sum += s
		}
		return sum
	}
	st.FirstQueryMax = st.ManifestGzip + largest(shards, 1) + largest(docFiles, PageSize)
	if !measure || len(ix.terms) == 0 {
		return st
	}

	// Typical: the 50 most frequent terms, each as a one-word query.
	freq := make([]int, len(ix.terms))
	for i := range freq {
		freq[i] = i
	}
	slices.SortStableFunc(freq, func(a, b int) int { return len(ix.postings(b)) - len(ix.postings(a)) })
	per := (len(ix.docs) + len(docFiles) - 1) / max(len(docFiles), 1)
	var sizes []int64
	for _, t := range freq[:min(50, len(freq))] {
		shard, _ := slices.BinarySearch(ix.first, ix.terms[t]+"\x00")
		n := st.ManifestGzip + gz[shards[shard-1]]
		top := slices.Clone(ix.postings(t))
		slices.SortStableFunc(top, func(a, b uint32) int { return int(b&31) - int(a&31) })
		seen := map[uint32]bool{}
		for _, p := range top[:min(PageSize, len(top))] {
			if f := (p >> 5) / uint32(per); !seen[f] {
				seen[f] = true
				n += gz[docFiles[f]]
			}
		}
		sizes = append(sizes, n)
	}
	slices.Sort(sizes)
	st.FirstQuery = sizes[len(sizes)/2]
	return st
}

// gzipAll sets gz[i] to the gzipped size of files[i] for every i in which,
// on all cores. The level is gzip's default, what web servers use.
func gzipAll(files []file, which []int, gz []int64) {
	eachTaken(len(which), func(next func() (int, bool)) {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
		for k, ok := next(); ok; k, ok = next() {
			b.Reset()
			zw.Reset(&b)
			zw.Write(files[which[k]].data)
			zw.Close()
			gz[which[k]] = int64(b.Len())
		}
	})
}
