package search

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// TestBodyConcurrent tokenises pages on several goroutines at once into one
// Index, whose shared table starts small, so that the workers read it while
// one of them adds words and replaces it with a larger one (run it with
// -race). Every page must get the terms a single goroutine gives it.
func TestBodyConcurrent(t *testing.T) {
	docs := synthDocsSized(120, 1500)
	want := make([]map[string][nFields]uint8, len(docs))
	single := NewIndex()
	for i := range docs {
		want[i] = bodyTerms(single.Body(docs[i].Text))
	}
	const workers = 4
	x := NewIndex()
	got := make([]*Body, len(docs))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			// each worker starts elsewhere, so that they meet new words at once
			for k := range docs {
				i := (k + w*len(docs)/workers) % len(docs)
				if b := x.Body(docs[i].Text); w == 0 {
					got[i] = b
				}
			}
		})
	}
	wg.Wait()
	if n := len(x.vocab.words.Load().entries); n <= tableSize(0) {
		t.Errorf("the shared table kept its first size, %d entries: the test did not grow it", n)
	}
	for i := range docs {
		if g := bodyTerms(got[i]); !maps.Equal(g, want[i]) {
			t.Errorf("page %d: %d terms on %d goroutines, %d on one", i, len(g), workers, len(want[i]))
		}
	}
}

// bodyTerms returns the terms of b with their counts.
func bodyTerms(b *Body) map[string][nFields]uint8 {
	m := map[string][nFields]uint8{}
	b.terms.each(func(t int32, c [nFields]uint8) { m[b.dict.terms[t]] = c })
	return m
}

// TestLookUpAfterGrowth: a batch that runs cut against the shared table
// before it grew (another worker added words meanwhile) is looked up in
// the grown table, where most of its homes are other words' places: its
// words are found all the same.
func TestLookUpAfterGrowth(t *testing.T) {
	text := "Samen creëren: ideeën, de leerkrachten en hun opleidingen op school, " +
		"masterclasses voor gemeenten " + strings.Repeat("lang", 7) + " en x"
	c := newTermCache(newVocab(newDict(), 0))
	tokenizeBody(text, c) // every word in the table
	nw := c.words.cut(text)
	var q batch
	tab := c.vocab.words.Load()
	w := c.words.runs(text, 0, nw, tab, &q)
	if w != nw || q.n != nw-1 { // "x" skipped
		t.Fatalf("runs took %d words of %d into %d runs, want all but x", w, nw, q.n)
	}
	want := slices.Clone(c.lookUp(text, &q))
	grown := tab.grown()
	moved := 0
	for k := range q.n {
		if e := &grown.entries[q.home[k]]; e.k0 != q.key[k][0] {
			moved++
		}
	}
	if moved == 0 {
		t.Fatal("every word is at its old home in the grown table: the test tests nothing")
	}
	c.vocab.words.Store(grown)
	if got := c.lookUp(text, &q); !slices.Equal(got, want) {
		t.Errorf("after growing: terms %v, want %v", got, want)
	}
}

// TestVocabAdd: add gives a word that another worker added meanwhile
// (between the caller's lookup and add's) the val it has, adding nothing;
// a stop word gets noTerm; the dict keeps a copy of the term, not the
// caller's buffer, which lookUpRest reuses.
func TestVocabAdd(t *testing.T) {
	v := newVocab(newDict(), 0)
	const w = "leerkrachten"
	buf := []byte(w)
	k := asciiKey(w)
	id := v.add(unsafe.String(&buf[0], len(buf)), &k, k.hash())
	copy(buf, "xxxxxxxxxxxx")
	if id < 0 || v.dict.terms[id] != Stem(w) {
		t.Fatalf("add(%q) = %d, term %q, want %q", w, id, v.dict.terms[max(id, 0)], Stem(w))
	}
	words, terms := v.words.Load().n, len(v.dict.terms)
	if again := v.add(w, &k, k.hash()); again != id || v.words.Load().n != words || len(v.dict.terms) != terms {
		t.Errorf("add of a word in the table: %d (table %d -> %d words, dict %d -> %d terms), want %d and nothing added",
			again, words, v.words.Load().n, terms, len(v.dict.terms), id)
	}
	stop := asciiKey("de")
	if got := v.add("de", &stop, stop.hash()); got != noTerm {
		t.Errorf("add(de) = %d, want noTerm", got)
	}
	if got := v.term("de", &stop); got != noTerm || v.words.Load().n != words+1 {
		t.Errorf("term(de) = %d with %d words in the table, want noTerm and %d", got, v.words.Load().n, words+1)
	}
}

// TestTermBits: a term added is in the set, and so is any term with the
// same low 12 bits (tokenizeWith looks those up); other terms are not.
func TestTermBits(t *testing.T) {
	var b termBits
	added := []int32{0, 1, 63, 64, 4095, 70000}
	for _, id := range added {
		b.add(id)
	}
	for id := range int32(3 * 4096) {
		want := false
		for _, a := range added {
			want = want || id%4096 == a%4096
		}
		if b.has(id) != want {
			t.Errorf("has(%d) = %v, want %v", id, b.has(id), want)
		}
	}
	if b.has(70000+1<<20) != true || b.has(2) {
		t.Errorf("has(%d) = %v, has(2) = %v", 70000+1<<20, b.has(70000+1<<20), b.has(2))
	}
}
