package search

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
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
