package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	handboek "github.com/samenopleiden/handboek"
	"github.com/samenopleiden/handboek/internal/benchgen"
	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/markdown"
	"github.com/samenopleiden/handboek/internal/site"
)

// memWriter keeps every file.
type memWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (w *memWriter) WriteFile(name string, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files[name] = data
	return nil
}

// generatedSite links a generated site of n pages with the base URL.
func generatedSite(t *testing.T, n int, baseURL string) (*site.Site, *markdown.Markdown) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := benchgen.Generate(dir, benchgen.Options{Pages: n, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	return loadSite(t, dir, baseURL)
}

// loadSite reads and links the site in dir, as a build does (without dates
// from git).
func loadSite(tb testing.TB, dir, baseURL string) (*site.Site, *markdown.Markdown) {
	tb.Helper()
	fsys := os.DirFS(dir)
	files, problems := content.Walk(fsys)
	md := markdown.New()
	var pages []*content.Page
	var assets []string
	for _, f := range files {
		if !f.Page {
			assets = append(assets, f.Path)
			continue
		}
		src, err := fs.ReadFile(fsys, f.Path)
		if err != nil {
			tb.Fatal(err)
		}
		p, l := content.Parse(md, f.Path, src, content.Options{})
		problems.Append(l)
		pages = append(pages, p)
	}
	s, l := site.Link(pages, assets, site.Options{BaseURL: baseURL, Static: func(string) bool { return false }})
	problems.Append(l)
	if problems.HasErrors(false) {
		tb.Fatal(problems.Sorted().String())
	}
	return s, md
}

// renderAll renders every file of s with the default layouts.
func renderAll(t *testing.T, s *site.Site, md *markdown.Markdown, wrap bool) map[string][]byte {
	t.Helper()
	templates, problems := loadTemplates(handboek.Defaults, nil, wrap)
	if problems.HasErrors(false) {
		t.Fatal(problems.Sorted().String())
	}
	w := &memWriter{files: map[string][]byte{}}
	jobs := Plan(s, templates, Options{Markdown: md, Assets: testAssets(s), SearchIndex: s.BasePath + "zoeken/index.json"})
	if l := Run(jobs, w); l.HasErrors(false) {
		t.Fatal(l.Sorted().String())
	}
	return w.files
}

// testAssets are the URLs of the static files the default layouts name.
func testAssets(s *site.Site) map[string]string {
	assets := map[string]string{}
	for _, name := range []string{"css/site.css", "img/favicon.svg", "js/site.js", "js/nav.js", "js/search.js"} {
		assets[name] = s.BasePath + strings.Replace(name, ".", ".0123abcd.", 1)
	}
	return assets
}

// TestSharedPartialsChangeNoByte renders generated sites with the default
// layouts twice: as the build does, with shared and memoized partials, and
// with every partial rendered where it is called. Every file must be the
// same, on a site at the root and on one under a base path.
func TestSharedPartialsChangeNoByte(t *testing.T) {
	for _, base := range []string{"", "https://example.org/handboek/"} {
		s, md := generatedSite(t, 300, base)
		shared, plain := renderAll(t, s, md, true), renderAll(t, s, md, false)
		if len(shared) != len(plain) || len(shared) < 300 {
			t.Fatalf("base %q: %d files shared, %d plain", base, len(shared), len(plain))
		}
		differ := 0
		for name, want := range plain {
			if got := shared[name]; !bytes.Equal(got, want) {
				if differ++; differ <= 3 {
					t.Errorf("base %q: %s differs with shared partials:\n%s", base, name, firstDifference(got, want))
				}
			}
		}
		// The menu shows the current section on its pages: a cache that
		// ignored it would have made them all alike.
		if page := string(shared[s.Sections[0].Pages[0].Out]); !strings.Contains(page, `aria-current="true"`) {
			t.Errorf("base %q: a page of %s does not mark its section in the menu", base, s.Sections[0].Key)
		}
	}
}

func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  ..." + string(got[from:min(len(got), i+80)]) + "\nwant: ..." + string(want[from:min(len(want), i+80)])
}

// sharedLayouts is a layout set with a shared header that calls a menu.
func sharedLayouts(menu string) fstest.MapFS {
	return fstest.MapFS{
		"layouts/base.html":            {Data: []byte(`{{template "partials/header.html" .}}<main>{{template "main" .}}</main>`)},
		"layouts/home.html":            {Data: []byte(`{{define "main"}}home{{end}}`)},
		"layouts/page.html":            {Data: []byte(`{{define "main"}}{{.Title}}{{end}}`)},
		"layouts/list.html":            {Data: []byte(`{{define "main"}}list{{end}}`)},
		"layouts/404.html":             {Data: []byte(`{{define "main"}}404{{end}}`)},
		"layouts/partials/header.html": {Data: []byte("{{- renderOncePer \"menu\" -}}\n{{count}}<header>{{template \"partials/menu.html\" .}}</header>")},
		"layouts/partials/menu.html":   {Data: []byte(menu)},
	}
}

// views are pages of two sections, three of them in section a.
func views(c *cache) []*View {
	s := &site.Site{BasePath: "/", Title: "T & t"}
	for _, key := range []string{"a", "b"} {
		s.Sections = append(s.Sections, &site.Section{Key: key, Title: strings.ToUpper(key), URL: "/" + key + "/"})
	}
	var out []*View
	for _, u := range []string{"/a/1/", "/a/2/", "/a/", "/b/1/", "/a/3/"} {
		out = append(out, &View{Site: s, Kind: "page", Title: "<" + u + ">", URL: u, opts: &Options{}, cache: c})
	}
	return out
}

// TestSharedPartialRendersOncePerKey renders five pages whose menus are in
// three states: the header runs three times, and each page gets the menu of
// its own state.
func TestSharedPartialRendersOncePerKey(t *testing.T) {
	var calls atomic.Int64
	funcs := template.FuncMap{"count": func() string { calls.Add(1); return "" }}
	menu := "{{- renderOncePer \"menu\" -}}\n{{range .Site.Sections}}<a{{if $.IsCurrent .URL}} class=\"{{if eq $.URL .URL}}hier{{else}}in{{end}}\"{{end}}>{{.Title}}</a>{{end}}"
	templates, problems := LoadTemplates(sharedLayouts(menu), funcs)
	if len(problems) > 0 {
		t.Fatal(problems.String())
	}
	tpl, name := templates.lookup("page.html")
	want := []string{
		`<header><a class="in">A</a><a>B</a></header><main>&lt;/a/1/&gt;</main>`,
		`<header><a class="in">A</a><a>B</a></header><main>&lt;/a/2/&gt;</main>`,
		`<header><a class="hier">A</a><a>B</a></header><main>&lt;/a/&gt;</main>`,
		`<header><a>A</a><a class="in">B</a></header><main>&lt;/b/1/&gt;</main>`,
		`<header><a class="in">A</a><a>B</a></header><main>&lt;/a/3/&gt;</main>`,
	}
	for i, v := range views(&cache{}) {
		out, problems := execute(tpl, name, v)
		if len(problems) > 0 {
			t.Fatal(problems.String())
		}
		if string(out) != want[i] {
			t.Errorf("%s:\ngot  %s\nwant %s", v.URL, out, want[i])
		}
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("the header ran %d times for 3 menu states", n)
	}
}

// TestSharedPartialCallingAnOverride checks that a shared partial that calls
// a partial without the declaration (a site's own, say, that shows the
// page's title) is rendered on every page.
func TestSharedPartialCallingAnOverride(t *testing.T) {
	var calls atomic.Int64
	funcs := template.FuncMap{"count": func() string { calls.Add(1); return "" }}
	templates, problems := LoadTemplates(sharedLayouts(`{{.Title}}`), funcs)
	if len(problems) > 0 {
		t.Fatal(problems.String())
	}
	tpl, name := templates.lookup("page.html")
	for _, v := range views(&cache{}) {
		out, problems := execute(tpl, name, v)
		if len(problems) > 0 {
			t.Fatal(problems.String())
		}
		title := template.HTMLEscapeString(v.Title)
		if want := "<header>" + title + "</header><main>" + title + "</main>"; string(out) != want {
			t.Errorf("got  %s\nwant %s", out, want)
		}
	}
	if n := calls.Load(); n != 5 {
		t.Errorf("the header ran %d times for 5 pages; it calls a partial that is not shared", n)
	}
}

func TestSharedDeclarationProblems(t *testing.T) {
	for _, tc := range []struct{ menu, want string }{
		{"<nav>\n{{renderOncePer \"menu\"}}</nav>", "layouts/partials/menu.html:2:2: renderOncePer must be the first action of its template"},
		{`{{with .Kind}}{{else with .URL}}{{renderOncePer "menu"}}{{end}}`, "layouts/partials/menu.html:1:34: renderOncePer must be the first action of its template"},
		{`{{renderOncePer "page"}}`, `layouts/partials/menu.html:1:2: renderOncePer "page": the kinds are "facets", "menu", "site"`},
		{`{{renderOncePer .Kind}}`, `layouts/partials/menu.html:1:2: renderOncePer takes one quoted kind, as in {{renderOncePer "menu"}}`},
	} {
		_, problems := LoadTemplates(sharedLayouts(tc.menu), template.FuncMap{"count": func() string { return "" }})
		if got := problems.String(); !strings.Contains(got, tc.want) || strings.Count(got, "\n") > 1 {
			t.Errorf("%s: got problems\n%s\nwant the one problem %s", tc.menu, got, tc.want)
		}
	}
}

// TestSharedPartialErrorsNameThePartial checks that an error inside a shared
// partial, and inside a shared partial that it calls, is reported at the
// partial's own line.
func TestSharedPartialErrorsNameThePartial(t *testing.T) {
	menu := "{{- renderOncePer \"menu\" -}}\n<p>\n{{.Nope}}</p>"
	templates, problems := LoadTemplates(sharedLayouts(menu), template.FuncMap{"count": func() string { return "" }})
	if len(problems) > 0 {
		t.Fatal(problems.String())
	}
	tpl, name := templates.lookup("page.html")
	_, problems = execute(tpl, name, views(&cache{})[0])
	got := problems.String()
	if !strings.Contains(got, "layouts/partials/menu.html:3:") || strings.Contains(got, sharedSuffix) {
		t.Errorf("problem does not name the menu's line 3:\n%s", got)
	}
	if !problems.HasErrors(false) {
		t.Error("no error")
	}
}

// TestSiteOverrideOfASharedPartial renders a site whose own
// partials/nav.html, without a declaration, shows the page's title: every
// page must show its own, although the default header that calls it is a
// shared partial.
func TestSiteOverrideOfASharedPartial(t *testing.T) {
	layouts := fstest.MapFS{}
	err := fs.WalkDir(handboek.Defaults, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(handboek.Defaults, p)
		layouts[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	layouts["layouts/partials/nav.html"] = &fstest.MapFile{Data: []byte(`<nav class="eigen">{{.Title}}</nav>`)}
	templates, problems := LoadTemplates(layouts, nil)
	if problems.HasErrors(false) {
		t.Fatal(problems.Sorted().String())
	}
	s, md := generatedSite(t, 100, "")
	w := &memWriter{files: map[string][]byte{}}
	assets := map[string]string{"css/site.css": "/c", "img/favicon.svg": "/f", "js/site.js": "/s", "js/nav.js": "/n", "js/search.js": "/z"}
	if l := Run(Plan(s, templates, Options{Markdown: md, Assets: assets}), w); l.HasErrors(false) {
		t.Fatal(l.Sorted().String())
	}
	for _, p := range s.Pages {
		want := `<nav class="eigen">` + template.HTMLEscapeString(p.Meta.Title) + `</nav>`
		if got := string(w.files[p.Out]); !strings.Contains(got, want) {
			t.Fatalf("%s lacks its own menu %s", p.Out, want)
		}
	}
}

// TestDefaultLayoutsShare checks that the default layouts' shared partials
// are shared in every layout: an edit that makes one call a template that is
// not shared would quietly render it on every page again.
func TestDefaultLayoutsShare(t *testing.T) {
	templates := defaultTemplates(t)
	for layout, tpl := range templates.byName {
		for _, name := range []string{"partials/head.html", "partials/header.html", "partials/nav.html", "partials/footer.html", "partials/filter.html", "head"} {
			if src := tpl.Lookup(name).Tree.Root.String(); !strings.HasPrefix(src, "{{shared") {
				t.Errorf("%s: %s is not shared", layout, name)
			}
		}
	}
}

// execute runs a layout with html/template into a byte slice of its own.
func execute(tpl *template.Template, name string, v any) ([]byte, diag.List) {
	b := getBuffer()
	defer putBuffer(b)
	if problems := executeInto(b, tpl, name, v); problems != nil {
		return nil, problems
	}
	return bytes.Clone(b.Bytes()), nil
}
