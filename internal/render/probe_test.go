package render

import (
	"bytes"

	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/site"
	"testing"
	"testing/fstest"
)

// TestEscapeErrorsWithProbes checks that a layout or partial that
// html/template cannot escape gives, on every page that uses it, the same
// problem as without the probes of layout sets (addProbes): the one
// html/template reports on the page's first run; and that a layout of a set
// that the probe cannot escape still runs as a fast template once
// html/template has run it.
func TestEscapeErrorsWithProbes(t *testing.T) {
	fsys := memoLayouts(`<li>{{.Item.Title}}</li>`)
	fsys["layouts/page.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{template "partials/nope.html" .}}{{end}}`)}
	fsys["layouts/home.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<p title="{{.Title}}{{end}}`)}
	fsys["layouts/partials/card.html"] = &fstest.MapFile{Data: []byte(`<a href="{{.Item.Title}}`)}
	templates, problems := LoadTemplates(fsys, nil)
	if len(problems) > 0 {
		t.Fatal(problems.String())
	}
	for _, tc := range []struct {
		layout string
		data   any
		want   string
	}{
		{"page.html", &View{Title: "a"}, "layouts/page.html:1:28: no such template \"partials/nope.html\"\n"},
		{"home.html", &View{Title: "a"}, "layouts/home.html: html/template:base.html: ends in a non-text context: {stateAttr delimDoubleQuote urlPartNone jsCtxRegexp [] attrNone elementNone <nil>}\n"},
		{"list.html", []item{{"x"}}, "layouts/list.html: html/template:partials/card.html: ends in a non-text context: {stateURL delimDoubleQuote urlPartNone jsCtxRegexp [] attrURL elementNone <nil>}\n"},
		{"404.html", &View{Title: "a"}, ""},
	} {
		tpl, name := templates.lookup(tc.layout)
		for page := range 2 {
			var b bytes.Buffer
			got := templates.execute(&b, tpl, name, tc.data).String()
			if got != tc.want {
				t.Errorf("%s, page %d: got %q, want %q", tc.layout, page, got, tc.want)
			}
		}
	}
	// The card partial, which fails, is in every layout set, so no set's
	// probe escapes; 404.html does not call it and compiles after its
	// first run.
	if templates.pages[templates.byName["404.html"]].fast.Load() == nil {
		t.Error("404.html did not compile after html/template ran it")
	}
}

// TestFirstRunIsFast checks that the first page of a layout set and the
// first card run as fast templates, escaped by their probes rather than by a
// first run of html/template, with html/template's output.
func TestFirstRunIsFast(t *testing.T) {
	fsys := memoLayouts(`<li class="{{.Page.Meta.Title}}">{{.Level}} {{.Page.Meta.Title}}</li>`)
	fsys["layouts/page.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<h1 title="{{.Title}}">{{.Title}}</h1>{{cards .Pager.Pages 2}}{{end}}`)}
	pages := []*site.Page{{Page: &content.Page{Meta: content.Meta{Title: "<b>'t & \"x\""}}}}
	v := &View{Title: "<script>", Pager: &site.Pager{Pages: pages}}
	plain, problems := loadTemplates(fsys, nil, false)
	if len(problems) > 0 {
		t.Fatal(problems.String())
	}
	tpl, name := plain.lookup("page.html")
	want, problems := execute(tpl, name, v)
	if len(problems) > 0 {
		t.Fatal(problems.String())
	}
	templates, problems := LoadTemplates(fsys, nil)
	if len(problems) > 0 {
		t.Fatal(problems.String())
	}
	var card *fastInner
	for _, f := range templates.fast {
		if f.inner == cardPartial+innerSuffix && f.tpl == templates.byName["page.html"] {
			card = f
		}
	}
	var b bytes.Buffer
	if !card.run(&b, Card{pages[0], 3}) {
		t.Error("the first card ran through html/template")
	}
	b.Reset()
	tpl, _ = templates.lookup("page.html")
	if !templates.pages[tpl].run(&b, v) {
		t.Error("the first page ran through html/template")
	}
	if b.String() != string(want) {
		t.Errorf("got  %s\nwant %s", b.String(), want)
	}
}
