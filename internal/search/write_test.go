package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode"
)

// memWriter keeps written files in memory.
type memWriter map[string][]byte

var memWriterMu sync.Mutex // Write writes files on all cores

func (m memWriter) WriteFile(name string, data []byte) error {
	memWriterMu.Lock()
	defer memWriterMu.Unlock()
	m[name] = bytes.Clone(data)
	return nil
}

func write(t *testing.T, docs []Doc, opts Options) (memWriter, Result) {
	t.Helper()
	w := memWriter{}
	res, err := Write(w, docs, opts)
	if err != nil {
		t.Fatal(err)
	}
	return w, res
}

func TestWriteIsDeterministic(t *testing.T) {
	docs := fixtureDocs()
	a, ra := write(t, docs, Options{})
	slices.Reverse(docs)
	b, rb := write(t, docs, Options{})
	if ra.Manifest != rb.Manifest || !maps.EqualFunc(a, b, bytes.Equal) {
		t.Errorf("the order of the docs changed the output: %s vs %s", ra.Manifest, rb.Manifest)
	}
	docs[0].Text += " nieuw"
	_, rc := write(t, docs, Options{})
	if rc.Manifest == ra.Manifest {
		t.Errorf("a changed page kept the version %s", ra.Manifest)
	}
}

// TestWriteSameOnAnyCores: Write places postings (in buckets), encodes
// them (a bucket at a time) and puts shards together on all cores, each
// core a part; the files are the same as on one core with the default
// buckets.
func TestWriteSameOnAnyCores(t *testing.T) {
	docs := synthDocsSized(700, 1500)
	opts := Options{ShardBytes: 8 << 10}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	want, rw := write(t, docs, opts)
	defer func(b uint32) { bucketPostings = b }(bucketPostings)
	for _, procs := range []int{1, 2, 3, 8, 16} {
		runtime.GOMAXPROCS(procs)
		// buckets of one term each, of a few terms, of many, of as many
		// as a bucket can have
		for _, bucket := range []uint32{1, 300, 5000, 1 << 30} {
			bucketPostings = bucket
			got, rg := write(t, docs, opts)
			if rg.Manifest != rw.Manifest || !maps.EqualFunc(got, want, bytes.Equal) {
				t.Errorf("on %d cores, buckets of %d postings: %s, else %s", procs, bucket, rg.Manifest, rw.Manifest)
			}
		}
	}
	if rw.Stats.Shards < 50 || rw.Stats.Terms < 2*4096 {
		t.Errorf("%d shards, %d terms: too few to split", rw.Stats.Shards, rw.Stats.Terms)
	}
}

// TestShardsCut: a shard ends where its next term would take it over
// ShardBytes, counting each term as its length, its postings' and 6 (two
// quotes a list, a comma a list); a term larger alone has a shard of its
// own.
func TestShardsCut(t *testing.T) {
	docs := synthDocsSized(300, 800)
	for _, shardBytes := range []int{16, 300, 4 << 10, 1 << 30} {
		w, res := write(t, docs, Options{ShardBytes: shardBytes})
		dir := strings.TrimSuffix(res.Manifest, "manifest.json")
		var sizes [][]int // by shard, term
		for i := range res.Stats.Shards {
			var s shard
			if err := json.Unmarshal(w[dir+"s"+strconv.Itoa(i)+".json"], &s); err != nil {
				t.Fatal(err)
			}
			var l []int
			for j, term := range s.Terms {
				l = append(l, len(term)+len(s.Postings[j])+6)
			}
			sizes = append(sizes, l)
		}
		for i, l := range sizes {
			sum := 0
			for _, n := range l {
				sum += n
			}
			if sum > shardBytes && len(l) > 1 {
				t.Errorf("ShardBytes %d: shard %d of %d terms takes %d", shardBytes, i, len(l), sum)
			}
			if i+1 < len(sizes) && sum+sizes[i+1][0] <= shardBytes {
				t.Errorf("ShardBytes %d: shard %d takes %d, and the next term %d more: it was cut early", shardBytes, i, sum, sizes[i+1][0])
			}
		}
		if want := map[int]int{16: res.Stats.Terms, 1 << 30: 1}[shardBytes]; want > 0 && len(sizes) != want {
			t.Errorf("ShardBytes %d: %d shards of %d terms, want %d", shardBytes, len(sizes), res.Stats.Terms, want)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name string
		docs []Doc
		want string
	}{
		{"duplicate URL", []Doc{{URL: "/a/", Title: "A"}, {URL: "/a/", Title: "B"}}, "two pages with URL /a/"},
		{"no URL", []Doc{{Title: "Zonder adres"}}, `page "Zonder adres" has no URL`},
	}
	for _, tt := range tests {
		_, err := Write(memWriter{}, tt.docs, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestWriteEmpty(t *testing.T) {
	w, res := write(t, nil, Options{})
	var m manifest
	if err := json.Unmarshal(w[res.Manifest], &m); err != nil {
		t.Fatal(err)
	}
	if m.Docs != 0 || len(m.Shards) != 0 || res.Stats.Files != 1 {
		t.Errorf("empty site: manifest %+v, stats %+v", m, res.Stats)
	}
}

// TestWriteFormat reads a written index back the way search.js does and
// checks it against the docs.
func TestWriteFormat(t *testing.T) {
	docs := synthDocsSized(400, 1000)
	w, res := write(t, docs, Options{ShardBytes: 4 << 10, DocBytes: 2 << 10, Dir: "/zoek/"})
	dir, ok := strings.CutSuffix(res.Manifest, "/manifest.json")
	if !ok || !strings.HasPrefix(dir, "zoek/") || len(dir) != len("zoek/")+12 {
		t.Fatalf("manifest at %q", res.Manifest)
	}
	for name := range w {
		if !strings.HasPrefix(name, dir+"/") {
			t.Errorf("%s outside %s", name, dir)
		}
	}
	var m manifest
	if err := json.Unmarshal(w[res.Manifest], &m); err != nil {
		t.Fatal(err)
	}
	if m.Version != FormatVersion || m.Docs != len(docs) || m.Prefix != "/handboek/" || len(m.Shards) < 10 {
		t.Fatalf("manifest: v %d, n %d, prefix %q, %d shards", m.Version, m.Docs, m.Prefix, len(m.Shards))
	}
	if res.Stats.Files != 1+len(m.Shards)+(len(docs)+m.PerFile-1)/m.PerFile || res.Stats.Files != len(w) {
		t.Errorf("stats say %d files, %d written", res.Stats.Files, len(w))
	}

	// Every term sits in the shard the boundaries name, sorted, with valid postings.
	sorted := slices.Clone(docs)
	slices.SortFunc(sorted, func(a, b Doc) int { return strings.Compare(a.URL, b.URL) })
	postings := map[string]map[uint32]uint32{}
	prev := ""
	for i, first := range m.Shards {
		var s shard
		if err := json.Unmarshal(w[dir+"/s"+strconv.Itoa(i)+".json"], &s); err != nil {
			t.Fatal(err)
		}
		if len(s.Terms) == 0 || len(s.Terms) != len(s.Postings) || (i > 0 && s.Terms[0] != first) {
			t.Fatalf("shard %d: %d terms, %d postings, first %q, manifest says %q", i, len(s.Terms), len(s.Postings), s.Terms[0], first)
		}
		for j, term := range s.Terms {
			if term <= prev {
				t.Fatalf("shard %d: %q after %q", i, term, prev)
			}
			prev = term
			nums, ok := decodeNums(s.Postings[j])
			if !ok || len(nums)%2 != 0 {
				t.Fatalf("%q: bad postings %q", term, s.Postings[j])
			}
			postings[term] = map[uint32]uint32{}
			doc := uint32(0)
			for k := 0; k < len(nums); k += 2 {
				if k == 0 {
					doc = nums[0]
				} else {
					doc += nums[k]
				}
				if doc >= uint32(len(docs)) || nums[k+1] > 29 || (k > 0 && nums[k] == 0) {
					t.Fatalf("%q: posting %d: doc %d weight %d", term, k/2, doc, nums[k+1])
				}
				postings[term][doc] = nums[k+1]
			}
		}
	}
	// Spot checks: the title's terms are in the title tier of their page.
	for id := 0; id < len(sorted); id += 37 {
		for _, term := range Terms(sorted[id].Title) {
			if v, ok := postings[term][uint32(id)]; !ok || v < 20 {
				t.Errorf("page %d %q: title term %q has weight %d (present %v)", id, sorted[id].Title, term, v, ok)
			}
		}
	}
	// Result data: page d in file d/per at d%per.
	for id := 0; id < len(sorted); id += 53 {
		var rows [][4]string
		if err := json.Unmarshal(w[dir+"/d"+strconv.Itoa(id/m.PerFile)+".json"], &rows); err != nil {
			t.Fatal(err)
		}
		r := rows[id%m.PerFile]
		if m.Prefix+r[0] != sorted[id].URL || r[1] != sorted[id].Title || r[2] != sorted[id].Date || !strings.HasPrefix(sorted[id].Summary, strings.TrimSuffix(r[3], "…")[:20]) {
			t.Errorf("page %d: row %q for %s", id, r, sorted[id].URL)
		}
	}
}

func TestFacets(t *testing.T) {
	w, res := write(t, fixtureDocs(), Options{})
	var m manifest
	if err := json.Unmarshal(w[res.Manifest], &m); err != nil {
		t.Fatal(err)
	}
	wantTypes := [][2]string{{"goede-praktijken", "Goede praktijk"}, {"masterclasses", "Masterclass"}, {"pagina", "Pagina"}}
	if !slices.Equal(m.Types, wantTypes) {
		t.Errorf("types %q, want %q", m.Types, wantTypes)
	}
	if want := [][2]string{{"burgerschap", "Burgerschap"}, {"ict", "ICT"}}; !slices.Equal(m.Themas, want) {
		t.Errorf("themas %q, want %q", m.Themas, want)
	}
	// Pages by URL: computers (gp, arnhem, burgerschap), digitale-geletterdheid
	// (gp, nijmegen), ict-in-de-klas (gp, arnhem, ict), leerkrachtvaardigheden
	// (mc, nijmegen), samen-creeren (mc, -, burgerschap ict), over (pagina).
	nums, ok := decodeNums(m.Facets)
	want := []uint32{0, 1, 1, 0, 0, 2, 0, 0, 1, 1, 1, 1, 2, 0, 1, 0, 2, 0, 1, 2, 0, 0}
	if !ok || !slices.Equal(nums, want) {
		t.Errorf("facets %v, want %v", nums, want)
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		summary, text string
		n             int
		want          string
	}{
		{"Kort.", "Tekst  met\n\nwit.", 100, "Kort. Tekst met wit."},
		{"", "een twee drie vier vijf", 12, "een twee…"},
		{"Samenvatting die lang is", "", 14, "Samenvatting…"},
		{"", "ideeën creëren", 9, "ideeën…"},
	}
	for _, tt := range tests {
		if got, _ := excerpt(tt.summary, tt.text, tt.n, nil); got != tt.want {
			t.Errorf("excerpt(%q, %q, %d) = %q, want %q", tt.summary, tt.text, tt.n, got, tt.want)
		}
	}
}

// excerptRunes is excerpt as first written, rune by rune: the reference
// that FuzzExcerpt holds the faster one to.
func excerptRunes(d Doc, n int) string {
	var b strings.Builder
	space, cut := false, false
	for _, text := range [2]string{d.Summary, d.Text} {
		for _, r := range text {
			if unicode.IsSpace(r) {
				space = b.Len() > 0
				continue
			}
			if n <= 0 {
				cut = true
				break
			}
			if space {
				b.WriteByte(' ')
				space = false
				n--
			}
			b.WriteRune(r)
			n--
		}
		space = b.Len() > 0
	}
	s := b.String()
	if !cut {
		return s
	}
	if sp := strings.LastIndexByte(s, ' '); sp > len(s)/2 {
		s = s[:sp]
	}
	return strings.TrimRight(s, " ,;:-–") + "…"
}

func FuzzExcerpt(f *testing.F) {
	f.Add("Kort.", "Tekst  met\n\nwit.", 100)
	f.Add("", "ideeën\u00a0creëren\u2003en \xff\xfe meer", 9)
	f.Add(" \u0085 ", "\t\v\f\r x", 1)
	f.Fuzz(func(t *testing.T, summary, text string, n int) {
		n = n%3000 + 1
		d := Doc{Summary: summary, Text: text}
		want := excerptRunes(d, n)
		for _, scratch := range [][]byte{nil, []byte("oud")} {
			if got, _ := excerpt(summary, text, n, scratch[:0]); got != want {
				t.Errorf("excerpt(%q, %q, %d) = %q, want %q", summary, text, n, got, want)
			}
		}
		if n <= maxExcerptRunes { // what a Body keeps of the text is enough
			if got, _ := excerpt(summary, excerptStart(text), n, nil); got != want {
				t.Errorf("excerpt(%q, excerptStart(%q), %d) = %q, want %q", summary, text, n, got, want)
			}
		}
	})
}

func TestBudgetWarnings(t *testing.T) {
	_, res := write(t, synthDocsSized(50, 1000), Options{FirstQueryBudget: 1000, TotalBudget: 1000})
	if len(res.Warnings) != 2 || !strings.Contains(res.Warnings[0], "first query may download") || !strings.Contains(res.Warnings[1], "over the budget") {
		t.Errorf("warnings %q", res.Warnings)
	}
	_, res = write(t, synthDocsSized(50, 1000), Options{})
	if len(res.Warnings) != 0 {
		t.Errorf("default budgets: warnings %q", res.Warnings)
	}
}

// raceEnabled is set under the race detector, which makes big tests slow.
var raceEnabled bool

// TestSynthetic10000 checks the size goals on 10,000 generated pages.
func TestSynthetic10000(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("slow: indexes 10,000 generated pages (skipped with -short and -race)")
	}
	_, res := write(t, synth10000(), Options{Measure: true})
	st := res.Stats
	t.Logf("%+v", st)
	if st.FirstQueryMax > 150_000 {
		t.Errorf("a first query may download %d bytes gzipped, want <= 150,000", st.FirstQueryMax)
	}
	if st.Files < 100 || st.Files > 1000 {
		t.Errorf("%d files, want hundreds", st.Files)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %q", res.Warnings)
	}
}

// failWriter fails to write the files whose names end in fail, and keeps
// the others' names.
type failWriter struct {
	fail    string
	mu      sync.Mutex
	written []string
}

func (w *failWriter) WriteFile(name string, data []byte) error {
	if strings.HasSuffix(name, w.fail) {
		return errors.New("cannot write " + name)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.written = append(w.written, name)
	return nil
}

// TestWriteFails: Write returns the error of the first file in its order
// (manifest, shards, result files) that the Writer fails to write.
func TestWriteFails(t *testing.T) {
	docs := synthDocsSized(200, 1000)
	for _, tt := range []struct{ fail, want string }{
		{"/manifest.json", "manifest.json"},
		{"/s1.json", "s1.json"},
		{"1.json", "s1.json"},
		{"/d0.json", "d0.json"},
	} {
		w := &failWriter{fail: tt.fail}
		_, err := Write(w, docs, Options{ShardBytes: 4 << 10})
		if err == nil || !strings.HasSuffix(err.Error(), "/"+tt.want) {
			t.Errorf("failing on *%s: error %v, want one for %s", tt.fail, err, tt.want)
		}
		if len(w.written) < 10 {
			t.Errorf("failing on *%s: wrote only %d files", tt.fail, len(w.written))
		}
	}
}

// TestIndexReuse: an Index that has seen earlier versions of the pages writes
// exactly what a fresh Write does.
func TestIndexReuse(t *testing.T) {
	docs := synthDocsSized(30, 600)
	x := NewIndex()
	steps := []func([]Doc) []Doc{
		func(d []Doc) []Doc { return d },
		func(d []Doc) []Doc { d[3].Text += " gloednieuwwoord"; return d },
		func(d []Doc) []Doc { d[5].Title = "Andere titel"; d[7].Themas = nil; return d },
		func(d []Doc) []Doc { return append(d[:10], d[11:]...) },
		func(d []Doc) []Doc {
			return append(d, Doc{URL: "/handboek/nieuw/", Title: "Nieuw", Text: "Helemaal nieuw."})
		},
	}
	for i, step := range steps {
		docs = step(slices.Clone(docs))
		got := memWriter{}
		rg, err := x.Write(got, docs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want, rw := write(t, docs, Options{})
		if rg.Manifest != rw.Manifest || !maps.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("step %d: reused index differs from a fresh one (%s vs %s)", i, rg.Manifest, rw.Manifest)
		}
		if len(x.last.urls) != len(docs) || len(x.last.per) != len(docs) {
			t.Errorf("step %d: %d pages cached, want %d", i, len(x.last.per), len(docs))
		}
	}
}

// TestSortedTermsAdded: the order sortedTerms keeps, sorted in parts as
// terms are added (none, one, a few, as many again), is the order of all
// terms sorted at once (slices.Sort), for random terms with long shared
// prefixes.
func TestSortedTermsAdded(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var terms []string
	seen := map[string]bool{}
	x := NewIndex()
	for step, add := range []int{500, 0, 1, 7, 500, 3000} {
		for len(terms) < len(x.sorted)+add {
			b := []byte("leerkracht"[:r.IntN(11)])
			for range 1 + r.IntN(8) {
				b = append(b, "aezk"[r.IntN(4)])
			}
			if !seen[string(b)] {
				seen[string(b)] = true
				terms = append(terms, string(b))
			}
		}
		got := x.sortedTerms(terms)
		want := slices.Clone(terms)
		slices.Sort(want)
		if len(got) != len(want) {
			t.Fatalf("step %d: %d ids for %d terms", step, len(got), len(want))
		}
		for i, id := range got {
			if terms[id] != want[i] {
				t.Fatalf("step %d: term %d is %q, want %q", step, i, terms[id], want[i])
			}
		}
	}
}

// TestEachTakenDoesEveryItemOnce runs eachTaken with item counts around the
// number of cores and checks that each item is done once, by some worker.
func TestEachTakenDoesEveryItemOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 17, 1000} {
		done := make([]atomic.Int32, n)
		var workers atomic.Int32
		eachTaken(n, func(next func() (int, bool)) {
			workers.Add(1)
			for i, ok := next(); ok; i, ok = next() {
				done[i].Add(1)
			}
		})
		for i := range done {
			if got := done[i].Load(); got != 1 {
				t.Errorf("n=%d: item %d done %d times, want once", n, i, got)
			}
		}
		if w := int(workers.Load()); w > max(n, 0) || n > 0 && w == 0 || w > runtime.GOMAXPROCS(0) {
			t.Errorf("n=%d: %d workers on %d cores", n, w, runtime.GOMAXPROCS(0))
		}
	}
}
