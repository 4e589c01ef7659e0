package search

import (
	"encoding/binary"
	"slices"
	"strings"
	"testing"
)

// TestSepMask tests every byte value at every place in a word of eight
// bytes, among bytes of each kind (letter, digit, separator, non-ASCII):
// the additions must not carry from one byte into the next.
func TestSepMask(t *testing.T) {
	for _, fill := range []byte{'a', 'Z', '5', ' ', 0, 0x7f, 0x80, 0xff} {
		for pos := range 8 {
			for b := range 256 {
				var x [8]byte
				for k := range x {
					x[k] = fill
				}
				x[pos] = byte(b)
				m := sepMask(binary.LittleEndian.Uint64(x[:]))
				g := gather(m)
				for k := range x {
					want := isASCIISep[x[k]]
					if got := m>>(8*k)&0xff == 0x80; got != want || m>>(8*k)&0x7f != 0 {
						t.Fatalf("sepMask(% x): byte %d is %#x, want separator %v", x, k, m>>(8*k)&0xff, want)
					}
					if got := g>>k&1 == 1; got != want {
						t.Fatalf("gather(sepMask(% x)): bit %d is %v, want %v", x, k, got, want)
					}
				}
				if g>>8 != 0 {
					t.Fatalf("gather(sepMask(% x)) = %#x: bits past 7", x, g)
				}
			}
		}
	}
}

// wordsByByte cuts text into words byte by byte, as add did before the
// bitmap: the reference for wordBounds.cut.
func wordsByByte(text string) [][2]int {
	var out [][2]int
	for i := 0; i < len(text); {
		if isASCIISep[text[i]] {
			i++
			continue
		}
		j := i
		for j < len(text) && !isASCIISep[text[j]] {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// wordsByBitmap cuts text into words with wb, which may hold the words
// of another text.
func wordsByBitmap(text string, wb *wordBounds) [][2]int {
	n := wb.cut(text)
	out := [][2]int{}
	for k := range n {
		out = append(out, [2]int{int(wb.bounds[2*k]), int(wb.bounds[2*k+1])})
	}
	return out
}

func TestCutWords(t *testing.T) {
	var texts []string
	// every length around the blocks of 64 bytes, with the words ending on
	// and across their bounds
	for n := range 200 {
		for _, unit := range []string{"a ", " b", "é,", "ab ", "woord, ", "x", " ", "é", "lang" + strings.Repeat("e", 60) + " "} {
			texts = append(texts, strings.Repeat(unit, n)[:min(n, len(unit)*n)])
		}
	}
	texts = append(texts,
		"", " ", "a", strings.Repeat(" ", 64)+"woord", strings.Repeat("-", 130)+"x"+strings.Repeat(".", 200),
		strings.Repeat("w", 64), strings.Repeat("w", 65), strings.Repeat("w", 300)+" x",
		"Samen creëren: ideeën, 21e-eeuws!", "thema's R’IJssel co-creatie\x00nul\x7fdel",
	)
	var wb wordBounds
	for _, s := range texts {
		got := wordsByBitmap(s, &wb)
		if want := wordsByByte(s); !slices.Equal(got, want) {
			t.Errorf("%q: words at %v, want %v", s, got, want)
		}
	}
}

// FuzzCutWords checks the bitmap's words against the bytes' on any text,
// in a wordBounds that held the words of another, which may have more:
// none of them must show through.
func FuzzCutWords(f *testing.F) {
	f.Add("Samen creëren: ideeën, 21e-eeuws!", strings.Repeat("lang woord ", 20))
	f.Add(strings.Repeat("x", 70), "")
	f.Fuzz(func(t *testing.T, prev, s string) {
		var wb wordBounds
		wordsByBitmap(prev, &wb)
		got := wordsByBitmap(s, &wb)
		if want := wordsByByte(s); !slices.Equal(got, want) {
			t.Errorf("%q: words at %v, want %v", s, got, want)
		}
	})
}

// TestTokenizeOrder: a page's terms are in the order in which they first
// appear, and a new vocab numbers them in that order too, as the index
// files rely on for being the same from build to build.
func TestTokenizeOrder(t *testing.T) {
	texts := []string{
		"Samen creëren: ideeën, 21e-eeuws! De leerkracht en de leerkrachten, samen.",
		"thema's R’IJssel co-creatie ‘taal’ “quote” " + strings.Repeat("x", 30) + " " + strings.Repeat("lang", 7),
	}
	for _, d := range synthDocsSized(20, 3000) {
		texts = append(texts, d.Text)
	}
	c := newTermCache(newVocab(newDict(), 0))
	seen := map[string]bool{}
	var dict []string // every term in order of first appearance
	for _, s := range texts {
		tokenizeBody(s, c)
		var want []string
		page := map[string]bool{}
		for _, term := range Terms(s) {
			if !page[term] {
				page[term] = true
				want = append(want, term)
			}
			if !seen[term] {
				seen[term] = true
				dict = append(dict, term)
			}
		}
		got := make([]string, len(c.terms))
		for k, id := range c.terms {
			got[k] = c.vocab.dict.terms[id]
		}
		if !slices.Equal(got, want) {
			t.Errorf("%.40q: terms %q, want %q", s, got, want)
		}
	}
	if !slices.Equal(c.vocab.dict.terms, dict) {
		t.Errorf("the dict numbers %d terms in another order than they appear", len(dict))
	}
}
