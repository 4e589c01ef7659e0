package site

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/markdown"
)

func TestHasID(t *testing.T) {
	doc := func(n int) *markdown.Doc {
		d := &markdown.Doc{}
		for i := range n {
			d.Headings = append(d.Headings, markdown.Heading{ID: fmt.Sprintf("kop-%d", i)})
		}
		return d
	}
	l := &linker{ids: &idCache{}}
	for _, n := range []int{0, 3, 32, 33, 200} { // scanned, and a set beyond 32
		d := doc(n)
		for _, tc := range []struct {
			id   string
			want bool
		}{{"kop-0", n > 0}, {fmt.Sprintf("kop-%d", n-1), n > 0}, {fmt.Sprintf("kop-%d", n), false}, {"", false}} {
			if got := l.hasID(d, tc.id); got != tc.want {
				t.Errorf("%d headings: hasID(%q) = %v, want %v", n, tc.id, got, tc.want)
			}
		}
	}
}

// TestRefsToPagesInSubfolders: a reference names a page by slug wherever its
// file is under the section; of two with the same slug, the first in the
// section's order is taken.
func TestRefsToPagesInSubfolders(t *testing.T) {
	s, problems := load(t, map[string]string{
		"content/_index.md":                  page("Home"),
		"content/besturen/2024/delta.md":     page("Delta (2024)", "weight: 2"),
		"content/besturen/oud/delta.md":      page("Delta (oud)", "weight: 1"),
		"content/besturen/noord/kappa.md":    page("Kappa"),
		"content/goede-praktijken/x.md":      page("X", "besturen: [delta, kappa]"),
		"content/goede-praktijken/fout.md":   page("Fout", "besturen: [lambda]"),
		"content/goede-praktijken/_index.md": page("Goede praktijken"),
	}, Options{})
	if !strings.Contains(problems, `unknown bestuur "lambda"`) {
		t.Errorf("missing reference not reported:\n%s", problems)
	}
	x := s.PageByFile("content/goede-praktijken/x.md")
	var got []string
	for _, b := range x.Besturen {
		got = append(got, b.Meta.Title)
	}
	if want := "Delta (oud) Kappa"; strings.Join(got, " ") != want {
		t.Errorf("besturen = %q, want %q", strings.Join(got, " "), want)
	}
}

// TestSplitDest holds splitDest to url.Parse: the same parts, or an error
// where url.Parse gives one, on a table and on random destinations built
// from the characters that matter to either.
func TestSplitDest(t *testing.T) {
	same := func(raw string) {
		t.Helper()
		got, gotErr := splitDest(raw)
		want, wantErr := url.Parse(raw)
		if (gotErr != nil) != (wantErr != nil) {
			t.Fatalf("splitDest(%q): error %v, url.Parse: %v", raw, gotErr, wantErr)
		}
		if wantErr != nil {
			return
		}
		if got.path != want.Path || got.query != want.RawQuery || got.fragment != want.Fragment || got.external != (want.Scheme != "" || want.Host != "") {
			t.Fatalf("splitDest(%q) = %+v, url.Parse: %#v", raw, got, *want)
		}
		if e := got.escapedFragment(); e != want.EscapedFragment() {
			t.Fatalf("splitDest(%q): fragment escapes to %q, url.Parse's to %q", raw, e, want.EscapedFragment())
		}
		suffix := (&url.URL{RawQuery: want.RawQuery, Fragment: want.Fragment, RawFragment: want.RawFragment}).String()
		s := got.querySuffix()
		if f := got.escapedFragment(); f != "" {
			s += "#" + f
		}
		if s != suffix {
			t.Fatalf("splitDest(%q): suffix %q, url.URL writes %q", raw, s, suffix)
		}
		if plain := got.u == nil; plain != isPlainDest(raw) {
			t.Fatalf("splitDest(%q): split without url.Parse %v, isPlainDest %v", raw, plain, !plain)
		}
	}
	plain := 0
	for _, raw := range []string{
		"../doelen/autonomie.md", "../doelen/autonomie.md#waarom", "x.md", "#top", "/pdf/gids.pdf",
		"a/./b/../c.md#", "#", "//host/x.md", "///x", "a//b", "~x_y-z.MD", "x.md#a#b", "x.md#a/b",
		"Mijn%20Pagina.md", "https://example.org/x", "mailto:a@b.nl", "a:b/c.md", "x.md?q=1#f",
		"x y.md", "x.md#é", "%zz", "a%2Fb.md", "[x]", "x.md#%41",
	} {
		same(raw)
		if isPlainDest(raw) {
			plain++
		}
	}
	if plain < 8 {
		t.Errorf("only %d plain destinations in the table: the fast path is not tested", plain)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aZ09-._~/#?%:@ é[]\\\"'<>!$&()*+,;="
	for range 200_000 {
		same(randomString(rng, alphabet, 12))
	}
}

// TestLinkProblems holds the resolved address or the problem of each kind of
// relative link, from a page in a subfolder (so targets are joined and
// cleaned): the fast paths of resolve and pageLink and the slow ones.
func TestLinkProblems(t *testing.T) {
	files := map[string]string{
		"content/_index.md":                  page("Home"),
		"content/doelen/_index.md":           page("Doelen"),
		"content/doelen/x.md":                page("X", "soort: proces") + "\n## Waarom?\n",
		"content/doelen/concept.md":          page("Concept", "soort: proces", "draft: true"),
		"content/goede-praktijken/foto.jpg":  "",
		"content/goede-praktijken/2024/a.md": page("A"),
	}
	for _, tc := range []struct {
		dest, want, problem string
	}{
		{"../../doelen/x.md#waarom", "/hb/doelen/x/#waarom", ""},
		{"../.././doelen//x.md", "/hb/doelen/x/", ""},
		{"../../doelen/x.md#nergens", "/hb/doelen/x/#nergens", `content/doelen/x.md has no heading with id #nergens`},
		{"../../doelen/_index.md", "/hb/doelen/", ""},
		{"../../_index.md", "/hb/", ""},
		{"../_index.md#k", "/hb/goede-praktijken/#k", ""}, // a section without _index.md
		{"../foto.jpg?x=1#f", "/hb/goede-praktijken/foto.jpg?x=1#f", ""},
		{"a.md", "/hb/goede-praktijken/2024/a/", ""},
		{"../../doelen/y.md", "", `no such page (looked for content/doelen/y.md) (did you mean "x.md"?)`},
		{"../../doelen/concept.md", "", `that page is a draft`},
		{"../../../buiten.md", "", `points outside content/`},
		{"../geen.jpg", "", `no such file (looked for content/goede-praktijken/geen.jpg)`},
		{"/doelen/x.md#waarom", "", `link to "/doelen/x.md#waarom": a path that starts with / is an address on the published site, which has no .md files; write the path from this page's folder, like ../../doelen/x.md#waarom` + "\n"},
		{"/content/goede-praktijken/2024/a.md", "", `, like a.md`},
		{"/doelen/concept.md", "", `, like ../../doelen/concept.md`},
		{"/doelen/y.md", "", `which has no .md files; write the path from this page's folder` + "\n"},
		{"/goede-praktijken/foto.jpg", "/hb/goede-praktijken/foto.jpg", ""}, // a web address on the site, kept
		{"/uitleg.md", "/hb/uitleg.md", ""},                                 // a file of static/, published as it is
	} {
		files["content/goede-praktijken/2024/b.md"] = page("B") + "\n[link](" + tc.dest + ")\n"
		s, problems := load(t, files, Options{BaseURL: "/hb/", Static: func(name string) bool { return name == "uitleg.md" }})
		b := s.PageByFile("content/goede-praktijken/2024/b.md")
		if got := b.Links[b.Doc.Links[0]]; got != tc.want {
			t.Errorf("%s -> %q, want %q", tc.dest, got, tc.want)
		}
		if tc.problem == "" && problems != "" || !strings.Contains(problems, tc.problem) {
			t.Errorf("%s: problems\n%s\nwant %q", tc.dest, problems, tc.problem)
		}
	}
}

func TestRelPath(t *testing.T) {
	for _, c := range []struct{ dir, file, want string }{
		{"content/goede-praktijken/2024", "content/doelen/x.md", "../../doelen/x.md"},
		{"content/doelen", "content/doelen/x.md", "x.md"},
		{"content", "content/doelen/x.md", "doelen/x.md"},
		{"content/doelen", "content/_index.md", "../_index.md"},
		{"content/a/b", "content/a/bc.md", "../bc.md"},
	} {
		if got := relPath(c.dir, c.file); got != c.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", c.dir, c.file, got, c.want)
		}
	}
}

// TestMetaRefs holds metaRefs to content.Meta.Refs.
func TestMetaRefs(t *testing.T) {
	ref := func(s string) content.Ref { return content.Ref{Slug: s, Pos: diag.Pos{File: "x.md", Line: len(s)}} }
	for _, m := range []content.Meta{
		{},
		{Subregio: ref("arnhem")},
		{Themas: []content.Ref{ref("ict"), ref("taal")}, Besturen: []content.Ref{ref("delta")}},
		{Subregio: ref("arnhem"), Themas: []content.Ref{ref("ict")}, Doelen: []content.Ref{ref("a"), ref("b")}, Besturen: []content.Ref{ref("delta"), ref("kappa")}},
		{Subregio: content.Ref{Pos: diag.Pos{Line: 3}}, Doelen: []content.Ref{ref("a")}},
	} {
		got := slices.Collect(metaRefs(&m))
		if want := m.Refs(); !reflect.DeepEqual(got, want) {
			t.Errorf("metaRefs = %v, Refs = %v", got, want)
		}
		// Stopping early stops.
		n := 0
		for range metaRefs(&m) {
			n++
			break
		}
		if want := min(1, len(m.Refs())); n != want {
			t.Errorf("%d refs before break, want %d", n, want)
		}
	}
}

// isPlainDest is plainDest's verdict alone.
func isPlainDest(raw string) bool {
	_, ok := plainDest(raw)
	return ok
}

// refIsPlainDest is isPlainDest as it was, with a switch for the table.
func refIsPlainDest(raw string) bool {
	if strings.HasPrefix(raw, "//") {
		return false
	}
	hash := false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
		case c == '/' && !hash:
		case c == '#' && !hash:
			hash = true
		default:
			return false
		}
	}
	return true
}

// TestIsPlainDest holds isPlainDest to refIsPlainDest on every string of up
// to two bytes and on random longer ones.
func TestIsPlainDest(t *testing.T) {
	check := func(s string) {
		if got, want := isPlainDest(s), refIsPlainDest(s); got != want {
			t.Fatalf("isPlainDest(%q) = %v, want %v", s, got, want)
		}
		if hash, ok := plainDest(s); ok && hash != strings.IndexByte(s, '#') {
			t.Fatalf("plainDest(%q): '#' at %d", s, hash)
		}
	}
	check("")
	for a := range 256 {
		check(string([]byte{byte(a)}))
		for b := range 256 {
			check(string([]byte{byte(a), byte(b)}))
		}
	}
	rng := rand.New(rand.NewPCG(7, 8))
	const alphabet = "aZ09-._~/#?%é"
	for range 100_000 {
		check(randomString(rng, alphabet, 16))
	}
	// Long plain ones with a '/', a '#' or another byte anywhere: plainDest
	// reads eight bytes at a time.
	const plain, other = "az09-._~", "/#?%é /"
	for range 200_000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = plain[rng.IntN(len(plain))]
		}
		for range rng.IntN(3) {
			if len(b) > 0 {
				b[rng.IntN(len(b))] = other[rng.IntN(len(other))]
			}
		}
		check(string(b))
	}
}

// TestPlainWebAddress checks that url.Parse takes every address
// plainWebAddress accepts without an error, with a scheme and a host, on a
// table and random strings.
func TestPlainWebAddress(t *testing.T) {
	check := func(raw string) bool {
		t.Helper()
		if !plainWebAddress(raw) {
			return false
		}
		u, err := url.Parse(raw)
		if err != nil || u.Scheme == "" || u.Host == "" {
			t.Fatalf("plainWebAddress(%q), but url.Parse gives %#v, %v", raw, u, err)
		}
		return true
	}
	for _, tc := range []struct {
		raw  string
		want bool
	}{
		{"https://example.org/a/b-c.html", true}, {"http://x", true}, {"https://example.org", true},
		{"https://", false}, {"https:///x", false}, {"https://a b", false}, {"https://a:80/", false},
		{"https://u@a/", false}, {"https://a/?q", false}, {"https://a/#f", false}, {"https://[::1]/", false},
		{"https://a/%41", false}, {"HTTPS://a", false}, {"ftp://a", false}, {"mailto:a@b.nl", false},
		{"https://é.nl", false}, {"../a.md", false},
	} {
		if got := check(tc.raw); got != tc.want {
			t.Errorf("plainWebAddress(%q) = %v, want %v", tc.raw, got, tc.want)
		}
	}
	rng := rand.New(rand.NewPCG(15, 16))
	const alphabet = "aZ09-._~/:@?#%[] é"
	accepted := 0
	for range 200_000 {
		b := []byte([]string{"http://", "https://"}[rng.IntN(2)])
		for range rng.IntN(20) {
			if rng.IntN(8) == 0 {
				b = append(b, alphabet[rng.IntN(len(alphabet))])
			} else {
				b = append(b, alphabet[rng.IntN(9)])
			}
		}
		if check(string(b)) {
			accepted++
		}
	}
	if accepted < 10_000 {
		t.Errorf("only %d random addresses accepted: the test tests little", accepted)
	}
}

// TestLinksWithFragments: the addresses with a #fragment of one page are
// cut out of one string; each link keeps its own, between links without.
func TestLinksWithFragments(t *testing.T) {
	s, problems := load(t, map[string]string{
		"content/_index.md":        page("Home"),
		"content/doelen/x.md":      page("X", "soort: proces") + "\n## Een\n\n## Twee drie\n",
		"content/doelen/y.md":      page("Y", "soort: proces") + "\n## Één\n",
		"content/doelen/foto.jpg":  "",
		"content/doelen/_index.md": page("Doelen"),
		"content/doelen/z.md": page("Z", "soort: proces") + "\n[a](x.md#een) [b](x.md) [c](y.md#een-1) [d](foto.jpg?k=1#f) [e](x.md#twee-drie)" +
			" [f](https://example.org/#x) [g](x.md#een) [h](_index.md#lijst) [i](y.md#%C3%A9%C3%A9n) [j](/pdf/a.pdf#p2) ![k](foto.jpg)\n",
	}, Options{BaseURL: "/hb/"})
	if !strings.Contains(problems, "has no heading with id #een-1") {
		t.Errorf("missing anchor not reported:\n%s", problems)
	}
	z := s.PageByFile("content/doelen/z.md")
	want := []string{"/hb/doelen/x/#een", "/hb/doelen/x/", "/hb/doelen/y/#een-1", "/hb/doelen/foto.jpg?k=1#f", "/hb/doelen/x/#twee-drie",
		"", "/hb/doelen/x/#een", "/hb/doelen/#lijst", "/hb/doelen/y/#%C3%A9%C3%A9n", "/hb/pdf/a.pdf#p2", "/hb/doelen/foto.jpg"}
	if len(z.Doc.Links) != len(want) {
		t.Fatalf("%d links, want %d", len(z.Doc.Links), len(want))
	}
	for i, l := range z.Doc.Links {
		if got := z.Links[l]; got != want[i] {
			t.Errorf("%s -> %q, want %q", l.Dest, got, want[i])
		}
	}
}
