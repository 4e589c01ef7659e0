package search

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// withBodies returns docs with their Text tokenised ahead by x and dropped.
func withBodies(x *Index, docs []Doc) []Doc {
	out := slices.Clone(docs)
	for i := range out {
		out[i].Body, out[i].Text = x.Body(out[i].Text), ""
	}
	return out
}

// TestBodyWritesTheSame: pages given as Body make the same files as pages
// given as Text, whether the Body is of the writing Index or another one.
func TestBodyWritesTheSame(t *testing.T) {
	for _, tt := range []struct {
		name string
		docs []Doc
		opts Options
	}{
		{"fixture", fixtureDocs(), Options{}},
		// long texts and the longest excerpts: a Body's start is all they see
		{"60 long pages", synthDocsSized(60, 6000), Options{}},
		{"400 pages", synthDocsSized(400, 1000), Options{ShardBytes: 4 << 10, DocBytes: 2 << 10}},
	} {
		want, rw := write(t, tt.docs, tt.opts)
		x := NewIndex()
		own := withBodies(x, tt.docs)
		got := memWriter{}
		rg, err := x.Write(got, own, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if rg.Manifest != rw.Manifest || !maps.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("%s: bodies of the Index write %s, texts %s", tt.name, rg.Manifest, rw.Manifest)
		}
		// Write uses a new Index: the bodies' terms are another's
		other, ro := write(t, withBodies(NewIndex(), tt.docs), tt.opts)
		if ro.Manifest != rw.Manifest || !maps.EqualFunc(other, want, bytes.Equal) {
			t.Errorf("%s: bodies of another Index write %s, texts %s", tt.name, ro.Manifest, rw.Manifest)
		}
	}
}

// TestIndexReuseBodies is TestIndexReuse with pages given as Body, as the
// build gives them: a page whose text changed comes with a new Body.
func TestIndexReuseBodies(t *testing.T) {
	docs := synthDocsSized(30, 600)
	x := NewIndex()
	bodies := withBodies(x, docs)
	steps := []func(d, b []Doc){
		func(d, b []Doc) {},
		func(d, b []Doc) { d[3].Text += " gloednieuwwoord"; b[3].Body = x.Body(d[3].Text) },
		func(d, b []Doc) {
			d[5].Title, b[5].Title = "Andere titel", "Andere titel"
			d[7].Themas, b[7].Themas = nil, nil
		},
		func(d, b []Doc) { d[9].Summary += " leerkracht"; b[9].Summary = d[9].Summary },
	}
	for i, step := range steps {
		step(docs, bodies)
		got := memWriter{}
		rg, err := x.Write(got, bodies, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want, rw := write(t, docs, Options{})
		if rg.Manifest != rw.Manifest || !maps.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("step %d: bodies in a reused index write %s, texts %s", i, rg.Manifest, rw.Manifest)
		}
	}
}

func TestExcerptStart(t *testing.T) {
	long := strings.Repeat("woord ", maxExcerptRunes)
	for _, tt := range []struct {
		text string
		want int // bytes kept
	}{
		{"", 0},
		{"kort", 4},
		{long, 400*6 + 1}, // to the first letter of word 401
		{long[:maxExcerptRunes], maxExcerptRunes}, // 1,667 characters other than space: all
		{strings.Repeat("é", maxExcerptRunes+5), 2 * (maxExcerptRunes + 1)},
		{strings.Repeat(" \u00a0", 3000) + "x", 3000*3 + 1},
	} {
		if got := excerptStart(tt.text); len(got) != tt.want || !strings.HasPrefix(tt.text, got) {
			t.Errorf("excerptStart(%.20q…) kept %d bytes, want %d", tt.text, len(got), tt.want)
		}
	}
}

// excerptStartRef is excerptStart a byte or rune at a time, as it was
// before it took eight ASCII bytes at once.
func excerptStartRef(text string) string {
	n := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			n++
		}
		i += size
		if n > maxExcerptRunes {
			return text[:i]
		}
	}
	return text
}

// TestASCIISpaces puts every ASCII byte at every place of eight bytes
// of a few kinds.
func TestASCIISpaces(t *testing.T) {
	for _, fill := range []string{"abcdefgh", "        ", "\t\n\v\f\r \x00\x7f", "\x08\x0e\x1f!\x19\x21\x2009"} {
		for place := range 8 {
			for c := range byte(utf8.RuneSelf) {
				b := []byte(fill[:8])
				b[place] = c
				want := 0
				for _, c := range b {
					if unicode.IsSpace(rune(c)) {
						want++
					}
				}
				if got := asciiSpaces(load8(string(b))); got != want {
					t.Errorf("asciiSpaces(%q) = %d, want %d", b, got, want)
				}
			}
		}
	}
}

// FuzzExcerptStart holds excerptStart to excerptStartRef on text repeated
// past what it keeps.
func FuzzExcerptStart(f *testing.F) {
	f.Add("woord ", 400)
	f.Add("a\tb\nc\vd\fe\rf g\u00a0h\u2003ïé\xff ", 150)
	f.Add(strings.Repeat("x", 1995)+"\u00a0yz", 1)
	f.Fuzz(func(t *testing.T, text string, repeat int) {
		if len(text) == 0 || len(text) > 4000 {
			return
		}
		text = strings.Repeat(text, 1+(repeat&0xffff)%(5000/len(text)+1))
		if got, want := excerptStart(text), excerptStartRef(text); got != want {
			t.Errorf("excerptStart(%.40q…) kept %d bytes, want %d", text, len(got), len(want))
		}
	})
}
