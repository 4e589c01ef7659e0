package textnorm

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldRef and slugRef are Fold and Slug as they were before their fast
// paths (foldLatin, the byte loop of Slug), kept as the reference those are
// held equal to.
func foldRef(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if rep, ok := special[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

func slugRef(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range foldRef(s) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

func checkSame(t *testing.T, s string) {
	t.Helper()
	if got, want := Fold(s), foldRef(s); got != want {
		t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
	}
	if got, want := Slug(s), slugRef(s); got != want {
		t.Fatalf("Slug(%q) = %q, want %q", s, got, want)
	}
}

// TestFoldLatinTable checks what latinFold's comment claims of every rune
// it maps: its decomposition adds no combining mark that Fold keeps, and its
// fold is in NFC and holds only starters, so that nothing in a neighbouring
// fold can compose with it but a starter right next to it (which
// TestFoldLatinPairs tries).
func TestFoldLatinTable(t *testing.T) {
	for r := rune(0); r < latinLimit; r++ {
		for _, d := range norm.NFKD.String(string(r)) {
			if norm.NFKD.PropertiesString(string(d)).CCC() != 0 && !unicode.Is(unicode.Mn, d) {
				t.Errorf("U+%04X decomposes to U+%04X, a non-starter that Fold keeps", r, d)
			}
		}
		f := foldRef(string(r))
		if !norm.NFC.IsNormalString(f) {
			t.Errorf("fold of U+%04X, %q, is not NFC", r, f)
		}
		for _, c := range f {
			if norm.NFC.PropertiesString(string(c)).CCC() != 0 {
				t.Errorf("fold of U+%04X, %q, holds the non-starter U+%04X", r, f, c)
			}
		}
		if r >= utf8.RuneSelf && latinFold[r-utf8.RuneSelf] != f {
			t.Errorf("latinFold[U+%04X] = %q, want %q", r, latinFold[r-utf8.RuneSelf], f)
		}
	}
}

// TestFoldLatinPairs compares Fold and Slug with the reference on every pair
// of runes below latinLimit, with a capital and a space around it.
func TestFoldLatinPairs(t *testing.T) {
	var buf []byte
	for a := rune(0); a < latinLimit; a++ {
		for b := rune(0); b < latinLimit; b++ {
			buf = utf8.AppendRune(append(buf[:0], 'A'), a)
			buf = append(utf8.AppendRune(buf, b), ' ')
			checkSame(t, string(buf))
		}
	}
}

// TestFoldRandom compares Fold and Slug with the reference on random strings
// of runes below latinLimit, mostly, and a few others: marks that combine,
// letters with a fold of their own, the replacement character and bytes that
// are not UTF-8.
func TestFoldRandom(t *testing.T) {
	others := []string{"\u0301", "\u0308", "\u0327", "\u034f", "\u02bc", "’", "ﬁ", "Ω", "İ", "ǅ", "가", "\u1100\u1161", "\ufffd", "\xff", "\xc3", "\xe2\x80"}
	rng := rand.New(rand.NewPCG(7, 7))
	var b strings.Builder
	for range 200_000 {
		b.Reset()
		for n := rng.IntN(12); n > 0; n-- {
			switch k := rng.IntN(20); {
			case k < 8:
				b.WriteByte(byte(rng.IntN(utf8.RuneSelf)))
			case k < 19:
				b.WriteRune(rune(utf8.RuneSelf + rng.IntN(latinLimit-utf8.RuneSelf)))
			default:
				b.WriteString(others[rng.IntN(len(others))])
			}
		}
		checkSame(t, b.String())
	}
}

func FuzzFoldSame(f *testing.F) {
	for _, s := range []string{"Creëren Samen", "ÀÉÎõü ½ ĳ ŉ ǅ", "e\u0301", "R’IJssel", "\xff", "Straße"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSame(t, s)
	})
}

var benchHeadings = []string{"Waarom samen opleiden?", "Creëren van ideeën", "Coöperatie en ICT (2026)", "Lijn 83", "R’IJssel", "opleiden-in-de-school"}

func BenchmarkSlug(b *testing.B) {
	for b.Loop() {
		for _, s := range benchHeadings {
			Slug(s)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	for b.Loop() {
		for _, s := range benchHeadings {
			Fold(s)
		}
	}
}
