package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"text/template/parse"

	handboek "github.com/samenopleiden/handboek"
	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/site"
)

// TestPageOnly checks which top-level nodes of card partials depend on the
// card's page alone: kinds has a letter per node, p for a page segment, c for one that runs for every card, d for a
// declaration. A replay of a page segment would print the level of another
// card, so every doubt must give c.
func TestPageOnly(t *testing.T) {
	for _, tc := range []struct{ src, kinds string }{
		{`<a href="{{.Page.URL}}">{{.Page.Meta.Title}}</a>`, "ppppp"},
		{`<h{{.Level}}>`, "pcp"},
		{`{{if eq .Level 2}}<h2>{{else}}<h3>{{end}}`, "c"},
		{`{{$p := .Page}}{{$p.URL}}{{$.Page.URL}}`, "dpp"},
		{`{{$l := .Level}}{{$l}}`, "dc"},
		{`{{$c := .}}{{$c.Page.URL}}`, "dc"},
		{`{{$l := .Level}}{{$m := $l}}x{{$m}}`, "ddpc"},
		{`{{$p := .Page}}{{with .Page}}{{$p := $.Level}}{{end}}{{$p.URL}}`, "dcc"},
		{`{{with .Page}}{{.URL}}{{$.Page.URL}}{{end}}`, "p"},
		{`{{with .Page}}{{$.Level}}{{end}}`, "c"},
		{`{{with .Page}}{{$}}{{end}}`, "c"},
		{`{{with .Page}}{{.URL}}{{else}}{{.Level}}{{end}}`, "c"},
		{`{{with .Level}}{{.}}{{end}}`, "c"},
		{`{{with .Level}}{{$x := .}}{{end}}`, "c"},
		{`{{range .Page.Themas}}{{.Page.Slug}} {{end}}`, "p"},
		{`{{range .Page.Themas}}{{$.Level}}{{end}}`, "c"},
		{`{{define "x"}}{{.}}{{end}}{{template "x" .Page.URL}}`, "p"},
		{`{{define "x"}}{{.Page.URL}}{{end}}{{template "x" .}}`, "c"},
		{`{{define "x"}}x{{end}}{{template "x"}}`, "p"},
		{`{{label .Page.Meta.Title}}{{label (printf "%d" .Level)}}`, "pc"},
		{`{{.Page.URL | label}}{{.Level | printf "%d"}}`, "pc"},
		{`{{.}}`, "c"},
	} {
		tpl := template.Must(template.New("card").Funcs(fastTestFuncs).Parse(tc.src))
		card := tpl.Lookup("card")
		cardVars := cardVariables(card.Tree.Root)
		got := ""
		for _, n := range card.Tree.Root.Nodes {
			switch {
			case n.Type() == parse.NodeAction && len(n.(*parse.ActionNode).Pipe.Decl) > 0:
				got += "d"
			case pageOnly(n, dotCard, cardVars):
				got += "p"
			default:
				got += "c"
			}
		}
		if got != tc.kinds {
			t.Errorf("%s: got %s, want %s", tc.src, got, tc.kinds)
		}
	}
}

// TestDefaultCardSegments renders hostile pages with the segments of the
// default card: for every level a page's first card has, its cards at the
// other levels are replayed from the pieces of the first, and every card is
// the same as html/template's.
func TestDefaultCardSegments(t *testing.T) {
	templates := defaultTemplates(t)
	tpl := templates.byName["list.html"]
	inner := cardPartial + innerSuffix
	pages := hostilePages()
	// Escape the tree, as the first card of a build does.
	if err := tpl.ExecuteTemplate(&bytes.Buffer{}, inner, Card{pages[0], 2}); err != nil {
		t.Fatal(err)
	}
	segs := compileSegments(tpl.Lookup(inner).Tree, nil, tpl)
	if segs == nil {
		t.Fatal("the default card has no segments")
	}
	kinds := ""
	for _, k := range segs.kinds {
		kinds += string("cpd"[k])
	}
	// $p, $m; the tag before the title; the title; the tag after it.
	if want := "ddpcpcp"; kinds != want {
		t.Errorf("segments %s, want %s", kinds, want)
	}
	for _, p := range pages {
		for first := 1; first <= 5; first++ {
			var b bytes.Buffer
			spans, err := segs.record(&b, Card{p, first})
			if err != nil {
				t.Fatal(err)
			}
			var pieces []string
			for _, sp := range spans {
				pieces = append(pieces, b.String()[sp.start:sp.end])
			}
			for level := 1; level <= 5; level++ {
				var want, got bytes.Buffer
				if err := tpl.ExecuteTemplate(&want, inner, Card{p, level}); err != nil {
					t.Fatal(err)
				}
				if level == first {
					got.Write(b.Bytes())
				} else if err := segs.replay(&got, Card{p, level}, pieces); err != nil {
					t.Fatal(err)
				}
				if got.String() != want.String() {
					t.Errorf("%q level %d after %d:\ngot  %s\nwant %s", p.Meta.Title, level, first, got.String(), want.String())
				}
			}
		}
	}
}

// TestCardsOfAPageShareSegments renders lists of cards at levels 2 to 5
// with the memo as a build does and without it: the cards are the same, the
// first card of each page keeps its pieces, and a page's card at another
// level is made of them: pieces swapped for markers show up in it.
func TestCardsOfAPageShareSegments(t *testing.T) {
	card, err := fs.ReadFile(handboek.Defaults, "layouts/"+cardPartial)
	if err != nil {
		t.Fatal(err)
	}
	layouts := fstest.MapFS{
		"layouts/base.html":      {Data: []byte(`{{template "main" .}}`)},
		"layouts/home.html":      {Data: []byte(`{{define "main"}}home{{end}}`)},
		"layouts/page.html":      {Data: []byte(`{{define "main"}}page{{end}}`)},
		"layouts/404.html":       {Data: []byte(`{{define "main"}}404{{end}}`)},
		"layouts/list.html":      {Data: []byte(`{{define "main"}}<ul>{{cards .Pages .Level}}</ul>{{end}}`)},
		"layouts/" + cardPartial: {Data: card},
	}
	memoized, problems := loadTemplates(layouts, nil, true)
	plain, more := loadTemplates(layouts, nil, false)
	if problems.Append(more); len(problems) > 0 {
		t.Fatal(problems.String())
	}
	pages := hostilePages()
	type list struct {
		Pages []*site.Page
		Level int
	}
	render := func(templates *Templates, level int) string {
		tpl, name := templates.lookup("list.html")
		var b bytes.Buffer
		if problems := templates.execute(&b, tpl, name, list{pages, level}); len(problems) > 0 {
			t.Fatal(problems.String())
		}
		return b.String()
	}
	for level := 2; level <= 4; level++ {
		if got, want := render(memoized, level), render(plain, level); got != want {
			t.Errorf("level %d:\n%s", level, firstDifference([]byte(got), []byte(want)))
		}
	}
	// The very first card ran in html/template, which compiles the card;
	// that page's card at level 3 kept the pieces.
	m := memoized.memo
	if len(m.pieces.m) != len(pages) {
		t.Fatalf("%d pages with pieces, want %d", len(m.pieces.m), len(pages))
	}
	for k := range m.pieces.m {
		if k.page == pages[1] {
			m.pieces.m[k] = []string{"[piece 1]", "[piece 2]", "[piece 3]"}
		}
	}
	got := render(memoized, 5)
	for _, marker := range []string{"[piece 1]", "[piece 2]", "[piece 3]"} {
		if !strings.Contains(got, marker) {
			t.Errorf("the card of a page at level 5 is not made of its pieces: no %s in\n%s", marker, got)
		}
	}
}

// hostilePages are pages whose titles, slugs, summaries and werkvormen are
// hostile strings; every other one has the one before as subregion and
// theme.
func hostilePages() []*site.Page {
	schema := &content.Schema{Label: `Goede "praktijk" <b>`}
	var pages []*site.Page
	for i, s := range hostile {
		p := &site.Page{Page: &content.Page{Slug: s, Meta: content.Meta{Title: s, Summary: s, Werkvormen: []string{s, "ontwerpen"}}}, URL: s, Schema: schema}
		if i%2 == 1 {
			p.Subregio = pages[i-1]
			p.Themas = []*site.Page{pages[i-1], p}
		}
		pages = append(pages, p)
	}
	return pages
}
