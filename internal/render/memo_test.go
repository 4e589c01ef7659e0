package render

import (
	"bytes"
	"html/template"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/site"
)

// memoLayouts is a layout set whose list shows cards the way the default
// layouts do: {{template "partials/card.html" (dict ...)}} in a range.
func memoLayouts(card string) fstest.MapFS {
	return fstest.MapFS{
		"layouts/base.html":          {Data: []byte(`<main>{{template "main" .}}</main>`)},
		"layouts/home.html":          {Data: []byte(`{{define "main"}}home{{end}}`)},
		"layouts/page.html":          {Data: []byte(`{{define "main"}}page{{end}}`)},
		"layouts/404.html":           {Data: []byte(`{{define "main"}}404{{end}}`)},
		"layouts/list.html":          {Data: []byte(`{{define "main"}}<ul>{{range .}}{{template "partials/card.html" (dict "Item" . "Level" 2)}}{{end}}</ul>{{end}}`)},
		"layouts/partials/card.html": {Data: []byte(card)},
	}
}

type item struct{ Title string }

// TestMemoizedCardsRenderOncePerArgument renders a list that shows the same
// two items many times: every card is the same as rendered without the memo,
// and the partial runs once per distinct argument.
func TestMemoizedCardsRenderOncePerArgument(t *testing.T) {
	var calls atomic.Int64
	funcs := template.FuncMap{"count": func() string { calls.Add(1); return "" }}
	templates, problems := LoadTemplates(memoLayouts(`{{count}}<li>{{.Item.Title}} ({{.Level}})</li>`), funcs)
	if len(problems) > 0 {
		t.Fatal(problems.String())
	}
	a, b := &item{"A & B"}, &item{"<C>"}
	items := []*item{a, b, a, a, b, a}
	tpl, name := templates.lookup("list.html")
	out, problems := execute(tpl, name, items)
	if len(problems) > 0 {
		t.Fatal(problems.String())
	}
	want := "<main><ul>"
	for _, it := range items {
		want += "<li>" + template.HTMLEscapeString(it.Title) + " (2)</li>"
	}
	want += "</ul></main>"
	if string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("the card partial ran %d times for 2 distinct items", n)
	}
}

// TestMemoizedCardErrorsNameThePartial checks that an error while rendering a
// memoized partial is reported at the partial's own position.
func TestMemoizedCardErrorsNameThePartial(t *testing.T) {
	templates, problems := LoadTemplates(memoLayouts("<li>\n{{.Item.Nope}}</li>"), nil)
	if len(problems) > 0 {
		t.Fatal(problems.String())
	}
	tpl, name := templates.lookup("list.html")
	_, problems = execute(tpl, name, []*item{{"A"}})
	got := problems.String()
	if !strings.Contains(got, "layouts/partials/card.html:2:") || strings.Contains(got, innerSuffix) {
		t.Errorf("problem does not name the card's line 2:\n%s", got)
	}
}

func TestArgKey(t *testing.T) {
	a, b := &item{"a"}, &item{"a"}
	for _, tc := range []struct {
		x, y  any
		equal bool
	}{
		{map[string]any{"Page": a, "Level": 2}, map[string]any{"Level": 2, "Page": a}, true},
		{map[string]any{"Page": a, "Level": 2}, map[string]any{"Page": a, "Level": 3}, false},
		{map[string]any{"Page": a, "Level": 2}, map[string]any{"Page": b, "Level": 2}, false},
		{map[string]any{"S": "x"}, map[string]any{"S": "y"}, false},
		{a, a, true},
		{a, b, false},
		{"S=sx;", map[string]any{"S": "x"}, false},
		{Card{nil, 2}, Card{nil, 2}, true},
		{Card{nil, 2}, Card{nil, 3}, false},
	} {
		kx, okx := argKey(tc.x)
		ky, oky := argKey(tc.y)
		if !okx || !oky || (kx == ky) != tc.equal {
			t.Errorf("argKey(%v) = %v, argKey(%v) = %v; want equal: %v", tc.x, kx, tc.y, ky, tc.equal)
		}
	}
	for _, v := range []any{[]int{1}, map[string]any{"L": []string{"x"}}, item{"v"}} {
		if _, ok := argKey(v); ok {
			t.Errorf("argKey(%v) gave a key; values that are not comparable by identity must not be memoized", v)
		}
	}
}

// TestCardsIsARangeOfCards checks that {{cards $pages 2}} gives what a range
// over the pages calling the card partial gives, with the memo and without,
// for pages whose titles and URLs need escaping.
func TestCardsIsARangeOfCards(t *testing.T) {
	card := `<li data-x="{{.Page.Slug}}"><h{{if eq .Level 2}}2{{else}}3{{end}}><a href="{{.Page.URL}}">{{.Page.Meta.Title}}</a></li>` + "\n"
	fsys := memoLayouts(card)
	fsys["layouts/list.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<ul>{{range .}}{{template "partials/card.html" (card . 2)}}{{end}}</ul>{{end}}`)}
	fsys["layouts/term.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<ul>{{cards . 2}}</ul>{{end}}`)}
	var pages []*site.Page
	for _, title := range []string{`A & "B"`, "<script>alert(1)</script>", "C'+"} {
		pages = append(pages, &site.Page{Page: &content.Page{Slug: "x\" onclick=\"y", Meta: content.Meta{Title: title}}, URL: "javascript:alert('" + title + "')"})
	}
	pages = append(pages, pages[0])
	for _, wrap := range []bool{true, false} {
		templates, problems := loadTemplates(fsys, nil, wrap)
		if len(problems) > 0 {
			t.Fatal(problems.String())
		}
		tpl, name := templates.lookup("list.html")
		want, problems := execute(tpl, name, pages)
		if len(problems) > 0 {
			t.Fatal(problems.String())
		}
		tpl, name = templates.lookup("term.html")
		got, problems := execute(tpl, name, pages)
		if len(problems) > 0 {
			t.Fatal(problems.String())
		}
		if string(got) != string(want) || strings.Contains(string(got), "<script>") || !strings.Contains(string(got), "#ZgotmplZ") {
			t.Errorf("memo %v:\ncards gave %s\nrange gave %s", wrap, got, want)
		}
		// As a build renders it: html/template first, then a fast
		// template that writes the cards into the page.
		for i := range 3 {
			var b bytes.Buffer
			if problems := templates.execute(&b, tpl, name, pages); len(problems) > 0 {
				t.Fatal(problems.String())
			}
			if b.String() != string(want) {
				t.Errorf("memo %v, page %d:\ncards gave %s\nrange gave %s", wrap, i, b.String(), want)
			}
		}
		if ft := templates.pages[tpl]; wrap && (ft == nil || ft.fast.Load() == nil) {
			t.Errorf("memo %v: term.html did not run as a fast template", wrap)
		}
	}
}
