package search

import (
	"hash/maphash"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// refPage counts terms as termCache.countTerms should: the terms in order
// of first appearance, their counts by field (saturating at 255) and the
// fields' lengths.
type refPage struct {
	terms  []int32
	counts map[int32][nFields]uint8
	lens   [nFields]int
}

func (p *refPage) count(ts []int32, f int) {
	for _, t := range ts {
		c, ok := p.counts[t]
		if !ok {
			p.terms = append(p.terms, t)
		}
		if c[f] < 255 {
			c[f]++
		}
		p.counts[t] = c
		p.lens[f]++
	}
}

// collidingTerms returns n term ids that all have the same home in a seen
// table of the given size, so that each probes past the others.
func collidingTerms(n, size int) []int32 {
	var out []int32
	home := seenHome(7, size)
	for t := int32(7); len(out) < n; t++ {
		if seenHome(t, size) == home {
			out = append(out, t)
		}
	}
	return out
}

// TestCountTerms checks countTerms against refPage on pages of terms that
// share their home in c.seen (by the hundred, where c.seen has 1,024
// places), pages with more terms than c.seen holds at first, which grow
// it, runs of small pages after them, which shrink it again, and counts
// past 255, in batches of every size, in several fields.
func TestCountTerms(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	c := newTermCache(newVocab(newDict(), 0))
	colliding := collidingTerms(100, minSeen)
	zipf := rand.NewZipf(r, 1.2, 1, 1<<20)
	page := func(n int) []int32 {
		ts := make([]int32, n)
		for i := range ts {
			switch r.IntN(4) {
			case 0:
				ts[i] = colliding[r.IntN(len(colliding))]
			case 1:
				ts[i] = int32(r.IntN(3)) // counts past 255 on long pages
			default:
				ts[i] = int32(zipf.Uint64())
			}
		}
		return ts
	}
	sizes := []int{0, 1, 30, 700, 3000, 20000}
	for range 40 {
		sizes = append(sizes, 50) // small pages: the grown table shrinks
	}
	sizes = append(sizes, 5000, 300)
	grown := 0
	for i, size := range sizes {
		ts := page(size)
		c.begin()
		ref := refPage{counts: map[int32][nFields]uint8{}}
		for len(ts) > 0 {
			k := min(len(ts), 1+r.IntN(lookAhead+8)) // batches, as lookUp gives them, and longer (multi)
			f := r.IntN(nFields)
			c.countTerms(ts[:k], f)
			ref.count(ts[:k], f)
			ts = ts[k:]
		}
		if !slices.Equal(c.terms, ref.terms) {
			t.Fatalf("page %d (%d terms): terms %v…, want %v…", i, size, c.terms[:min(10, len(c.terms))], ref.terms[:min(10, len(ref.terms))])
		}
		for k, term := range c.terms {
			if c.counts[k] != ref.counts[term] {
				t.Fatalf("page %d: term %d counted %v, want %v", i, term, c.counts[k], ref.counts[term])
			}
			if idx, ok := c.find(term); !ok || idx != int32(k) {
				t.Fatalf("page %d: find(%d) = %d, %v, want %d", i, term, idx, ok, k)
			}
		}
		if _, ok := c.find(1 << 30); ok {
			t.Fatalf("page %d: find of a term not on it found it", i)
		}
		if c.lens != ref.lens {
			t.Fatalf("page %d: lens %v, want %v", i, c.lens, ref.lens)
		}
		if 2*len(c.terms) > len(c.seen) {
			t.Fatalf("page %d: %d terms in a table of %d", i, len(c.terms), len(c.seen))
		}
		grown = max(grown, len(c.seen))
		c.end()
	}
	if grown <= minSeen || len(c.seen) >= grown {
		t.Errorf("c.seen grew to %d and is %d after small pages: the test did not grow and shrink it", grown, len(c.seen))
	}
}

// TestDocTermsSplit checks which terms docTerms puts in body (body only,
// fewer than 16, an id below 1<<28) and which in terms, and that each
// keeps its counts.
func TestDocTermsSplit(t *testing.T) {
	c := newTermCache(newVocab(newDict(), 0))
	c.begin()
	repeat := func(term int32, n int) []int32 { return slices.Repeat([]int32{term}, n) }
	c.countTerms(repeat(1, 15), fBody)
	c.countTerms(repeat(2, 16), fBody)
	c.countTerms(repeat(3, 300), fBody)
	c.countTerms(repeat(1<<28-1, 1), fBody)
	c.countTerms(repeat(1<<28, 1), fBody)
	c.countTerms(repeat(4, 1), fBody)
	c.countTerms(repeat(4, 1), fTags)
	c.countTerms(repeat(5, 2), fTitle)
	dt := c.docTerms()
	wantBody := []uint32{1<<bodyBits | 15, (1<<28-1)<<bodyBits | 1}
	if !slices.Equal(dt.body, wantBody) {
		t.Errorf("body %x, want %x", dt.body, wantBody)
	}
	wantTerms := []int32{2, 3, 1 << 28, 4, 5}
	wantCounts := [][nFields]uint8{{fBody: 16}, {fBody: 255}, {fBody: 1}, {fBody: 1, fTags: 1}, {fTitle: 2}}
	if !slices.Equal(dt.terms, wantTerms) || !slices.Equal(dt.counts, wantCounts) {
		t.Errorf("terms %v %v, want %v %v", dt.terms, dt.counts, wantTerms, wantCounts)
	}
	if want := [nFields]int{fTitle: 2, fTags: 1, fBody: 15 + 16 + 300 + 3}; dt.lens != want {
		t.Errorf("lens %v, want %v", dt.lens, want)
	}
	// a page of body-only terms has no terms, and the other way round
	c.begin()
	c.countTerms([]int32{7, 8}, fBody)
	if dt := c.docTerms(); dt.terms != nil || dt.counts != nil || len(dt.body) != 2 {
		t.Errorf("body-only page: %+v", dt)
	}
	c.begin()
	c.countTerms([]int32{7, 8}, fTitle)
	if dt := c.docTerms(); dt.body != nil || len(dt.terms) != 2 {
		t.Errorf("title-only page: %+v", dt)
	}
}

// TestDict gives terms ids in order and finds them again, across the
// growing of its table, also the terms of a dict sized ahead (reserve).
func TestDict(t *testing.T) {
	terms := []string{"", "a", "ab", "werk", "werken", strings.Repeat("x", 40), "\x00", "ë"}
	for i := range 5000 {
		terms = append(terms, "t"+strconv.Itoa(i*7919))
	}
	for _, reserve := range []int{0, 1 << 20} {
		v := newVocab(newDict(), 0)
		v.reserve(reserve)
		d := v.dict
		for round := range 2 { // new, then known
			for i, term := range terms {
				if id := d.id(term); id != int32(i) || d.terms[id] != term {
					t.Fatalf("reserve %d, round %d: id(%q) = %d (%q), want %d", reserve, round, term, id, d.terms[id], i)
				}
			}
		}
		if len(d.terms) != len(terms) || 4*len(d.terms) > 3*len(d.slots) {
			t.Errorf("reserve %d: %d terms in %d slots", reserve, len(d.terms), len(d.slots))
		}
	}
}

// TestDictHashBitsMatchOtherTerm plants, at a term's home, a slot whose hash
// bits are the term's but whose id is another term's (what two terms whose
// hashes share their low 32 bits would leave): id must compare the terms
// and give the new one its own id.
func TestDictHashBitsMatchOtherTerm(t *testing.T) {
	d := newDict()
	werk := d.id("werk")
	h := maphash.String(dictSeed, "leer")
	d.slots[h>>d.shift] = h<<32 | uint64(werk+1)
	if id := d.id("leer"); id == werk || d.terms[id] != "leer" {
		t.Errorf(`id("leer") = %d (%q), the id of "werk" is %d`, id, d.terms[id], werk)
	}
}
