package render

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	handboek "github.com/samenopleiden/handboek"
	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/site"
)

// hostile are strings that html/template must escape, each differently in
// text, attributes and URLs.
var hostile = []string{
	"",
	"plain title",
	`<script>alert("x")</script>`,
	`Tom & Jerry's "quotes" + 'more'`,
	"javascript:alert(1)",
	"JavaScript:alert(1)",
	"mailto:a@b.nl?subject=a b",
	"https://x.nl/a b/ü?q=1&r=<2>#frag",
	"/pad/met%20spatie/%zz/%4",
	"nul\x00byte",
	"bad utf-8 \xff\xfe end",
	"\ufdd0 and \uffff",
	"é ü ∞ 💥",
	"{{.}} ]]> <!-- -->",
}

type fastThing struct {
	Title string
	URL   string
	Level int
	Tags  []string
	Next  *fastThing
	Any   any
	embedded
}

type embedded struct{ Slug string }

type withMethod struct{ Title string }

func (withMethod) Name() string { return "method" }

func (w *withMethod) Join(sep, s string) string { return w.Title + sep + s }

func (w *withMethod) Fail(s string) (string, error) { return "", errors.New("fails") }

func (w *withMethod) Panic() string { panic("method panics") }

// fastTestFuncs are functions of the types fast templates call.
var fastTestFuncs = template.FuncMap{"label": func(s string) string { return "[" + s + "]" }}

// fastCases are templates with data, each rendered by html/template and by
// a fastTemplate. fast says whether it must compile and run fast.
var fastCases = []struct {
	name, src string
	data      func(s string) any
	fast      bool
}{
	{"text", `<p title="{{.Title}}">{{.Title}}</p>`, func(s string) any { return &fastThing{Title: s} }, true},
	{"url", `<a href="{{.URL}}">x</a><a href="/a?q={{.URL}}">y</a><a href="#{{.Title}}">z</a>`, func(s string) any { return fastThing{URL: s, Title: s} }, true},
	{"int", `<li class="n-{{.Level}}">{{.Level}}</li>`, func(s string) any { return &fastThing{Level: len(s) - 5} }, true},
	{"eq", `{{if eq .Level 2}}<h2>{{else if eq .Level 3 4}}<h3>{{else}}<h5>{{end}}{{if eq .Title "plain title"}}!{{end}}`, func(s string) any { return &fastThing{Level: len(s) % 6, Title: s} }, true},
	{"range", `<ul data-x="{{range .Tags}}{{.}} {{end}}">{{range .Tags}}<li>{{.}}</li>{{else}}<li>none</li>{{end}}</ul>`, func(s string) any { return &fastThing{Tags: strings.Fields(s)} }, true},
	{"with and variables", `{{$t := .Title}}{{with .Next}}{{$n := .Title}}<b>{{$n}} {{$t}} {{$.Title}}</b>{{else}}<i>{{$t}}</i>{{end}}{{with $t}}<u>{{.}}</u>{{end}}`, func(s string) any {
		if len(s)%2 == 0 {
			return &fastThing{Title: s, Next: &fastThing{Title: s + "!"}}
		}
		return &fastThing{Title: s}
	}, true},
	{"variables in scopes", `{{$x := .Title}}{{if .Title}}{{$x := "in"}}{{$y := $x}}<b>{{$y}}{{$x}}</b>{{else}}{{$z := 1}}{{$z}}{{end}}<i>{{$x}}</i>{{range .Tags}}{{$y := .}}{{with $x}}{{$w := $y}}{{$w}}{{.}}{{end}}{{$y}}{{end}}{{$x := "again"}}{{$x}}`, func(s string) any { return &fastThing{Title: s, Tags: strings.Fields(s)} }, true},
	{"chains of fields", `<p>{{.Next.Title}} {{.Next.Next.URL}} {{$.Next.Level}} {{.Next.Slug}} {{.Next.Any.Title}}</p>{{with .Next}}{{.Next.Title}}{{end}}`, func(s string) any {
		return &fastThing{Next: &fastThing{Title: s, Level: len(s), embedded: embedded{s + "/"}, Any: &fastThing{Title: s + "?"}, Next: &fastThing{URL: s}}}
	}, true},
	{"chains of fields of values", `{{range .}}<p>{{.Next.Title}} {{.Next.Next.Title}}</p>{{end}}`, func(s string) any {
		return []fastThing{{Next: &fastThing{Title: s, Next: &fastThing{Title: "b"}}}, {Next: &fastThing{Title: s + "!", Next: &fastThing{}}}}
	}, true},
	{"chain through a nil pointer", `<p>{{.Next.Next.Title}}</p>`, func(s string) any { return &fastThing{Next: &fastThing{Title: s}} }, false},
	{"embedded field", `<a data-slug="{{.Slug}}">{{.Slug}}</a>`, func(s string) any { return &fastThing{embedded: embedded{Slug: s}} }, true},
	{"interface field", `{{with .Any}}<p>{{.}}</p>{{end}}`, func(s string) any { return &fastThing{Any: s} }, true},
	{"map data", `<p>{{.Title}}</p>`, func(s string) any { return map[string]any{"Title": s} }, false},
	{"method", `<p>{{.Name}} {{.Join "-" .Title}}</p>`, func(s string) any { return &withMethod{s} }, true},
	{"method of a value", `<p>{{.Name}}</p>`, func(s string) any { return withMethod{s} }, true},
	{"methods of pointers and values in turn", `{{range .}}<p>{{.Name}} {{.Title}}</p>{{end}}{{range .}}{{with .}}{{.Name}}{{end}}{{end}}`, func(s string) any {
		return []any{&withMethod{s}, withMethod{s}, &withMethod{s + "!"}, withMethod{""}}
	}, true},
	{"pointer methods of elements", `{{range .Items}}<p>{{.Join "-" .Title}} {{.Name}}</p>{{end}}`, func(s string) any {
		return &struct{ Items []withMethod }{[]withMethod{{s}, {s + "?"}}}
	}, true},
	{"pointer to a pointer", `<p>{{.P.Title}}</p>`, func(s string) any {
		p := &fastThing{Title: s}
		return struct{ P **fastThing }{&p}
	}, false},
	{"method that fails", `<p>{{.Fail .Title}}</p>`, func(s string) any { return &withMethod{s} }, false},
	{"method that panics", `<p>{{.Panic}}</p>`, func(s string) any { return &withMethod{s} }, false},
	{"builtins", `{{if and .Title (not .Next) (gt (len .Title) 3)}}<b>{{len .Tags}}</b>{{end}}{{with or .Next .Title}}<i>{{.}}</i>{{end}}{{if lt .Level 3}}lt{{end}}{{if ne .Title "x"}}ne{{end}}{{if ge .Title "m"}}ge{{end}}`, func(s string) any { return &fastThing{Title: s, Level: len(s) % 5, Tags: strings.Fields(s)} }, true},
	{"functions", `<p title="{{label .Title}}">{{.Title | label}}</p>`, func(s string) any { return &fastThing{Title: s} }, true},
	{"template call", `{{define "x"}}<a href="{{.URL}}">{{.Title}}</a>{{end}}{{template "x" .}}{{template "x" .Next}}{{with .Next}}{{template "x" .}}{{end}}`, func(s string) any { return &fastThing{Title: s, URL: s, Next: &fastThing{Title: s + "2"}} }, true},
	{"template call and variables", `{{define "y"}}{{$t := .URL}}<i>{{$t}} {{$.Title}}</i>{{end}}{{$t := .Title}}{{template "y" .Next}}{{with .Next}}{{$u := .URL}}{{template "y" $}}{{$u}}{{end}}<b>{{$t}} {{$.URL}}</b>`, func(s string) any {
		return &fastThing{Title: s, URL: "/" + s, Next: &fastThing{Title: s + "2", URL: s + "3"}}
	}, true},
	{"title", `<title>{{.Title}} · x</title><textarea>{{.Title}}</textarea>`, func(s string) any { return &fastThing{Title: s} }, true},
	{"html in text", `<p>{{.Any}}</p>`, func(s string) any { return &fastThing{Any: template.HTML(s)} }, true},
	{"nil pointer", `<p>{{.Next.Title}}</p>`, func(s string) any { return &fastThing{Title: s} }, false},
	{"not a string", `<p>{{.Tags}}</p>`, func(s string) any { return &fastThing{Tags: []string{s}} }, false},
	{"html in an attribute", `<p title="{{.Any}}">x</p>`, func(s string) any { return &fastThing{Any: template.HTML(s)} }, false},
	{"function", `<p>{{printf "%s" .Title}}</p>`, func(s string) any { return &fastThing{Title: s} }, false},
	{"script", `<script>var t = {{.Title}};</script>`, func(s string) any { return &fastThing{Title: s} }, false},
}

// TestFastTemplateEscapesAsHTMLTemplate renders hostile strings in text,
// attributes and URLs with html/template and with a fastTemplate compiled
// from its escaped tree: the output is the same byte for byte, and a
// template or value fast templates do not handle gives up instead.
func TestFastTemplateEscapesAsHTMLTemplate(t *testing.T) {
	for _, tc := range fastCases {
		t.Run(tc.name, func(t *testing.T) {
			tpl := template.Must(template.New("t").Funcs(fastTestFuncs).Parse(tc.src))
			ran := false
			for _, s := range hostile {
				var want bytes.Buffer
				wantErr := tpl.Execute(&want, tc.data(s))
				ft := compileFast(tpl.Tree, fastTestFuncs, tpl)
				if ft == nil {
					if tc.fast {
						t.Fatalf("%s does not compile", tc.src)
					}
					continue
				}
				var got bytes.Buffer
				err := ft.execute(&got, tc.data(s))
				if errors.Is(err, errNotFast) {
					if tc.fast {
						t.Errorf("%q: gave up on %q", tc.src, s)
					}
					continue
				}
				ran = true
				switch {
				case err != nil || wantErr != nil:
					t.Errorf("%q with %q: error %v, html/template %v", tc.src, s, err, wantErr)
				case got.String() != want.String():
					t.Errorf("%q with %q:\ngot  %s\nwant %s", tc.src, s, got.String(), want.String())
				}
			}
			if ran != tc.fast {
				t.Errorf("ran fast: %v, want %v", ran, tc.fast)
			}
		})
	}
}

// TestFastTemplateStopsTrying checks that a template that gave up on
// maxBails runs is not tried again, and is until then.
func TestFastTemplateStopsTrying(t *testing.T) {
	tpl := template.Must(template.New("t").Parse(`<p>{{.Title}}</p>`))
	if err := tpl.Execute(&bytes.Buffer{}, fastThing{}); err != nil {
		t.Fatal(err)
	}
	ft := compileFast(tpl.Tree, nil, nil)
	var b bytes.Buffer
	for i := range maxBails {
		if err := ft.execute(&b, fastThing{Title: "x"}); err != nil {
			t.Fatalf("after %d give-ups: %v", i, err)
		}
		if err := ft.execute(&b, map[string]any{"Title": "x"}); !errors.Is(err, errNotFast) {
			t.Fatalf("map data: %v, want errNotFast", err)
		}
	}
	if err := ft.execute(&b, fastThing{Title: "x"}); !errors.Is(err, errNotFast) {
		t.Errorf("after %d give-ups: %v, want errNotFast", maxBails, err)
	}
}

// TestDefaultCardIsFast checks that the default card compiles and renders
// hostile pages, at every level, as html/template does.
func TestDefaultCardIsFast(t *testing.T) {
	templates := defaultTemplates(t)
	tpl := templates.byName["list.html"]
	inner := cardPartial + innerSuffix
	pages := hostilePages()
	var ft *fastTemplate
	for _, p := range pages {
		for level := 1; level <= 5; level++ {
			var want bytes.Buffer
			if err := tpl.ExecuteTemplate(&want, inner, Card{p, level}); err != nil {
				t.Fatal(err)
			}
			if ft == nil {
				if ft = compileFast(tpl.Lookup(inner).Tree, nil, nil); ft == nil {
					t.Fatal("the default card does not compile")
				}
			}
			var got bytes.Buffer
			if err := ft.execute(&got, Card{p, level}); err != nil {
				t.Fatalf("%q level %d: %v", p.Meta.Title, level, err)
			}
			if got.String() != want.String() {
				t.Errorf("%q level %d:\ngot  %s\nwant %s", p.Meta.Title, level, got.String(), want.String())
			}
		}
	}
}

// TestFastPartialsOnAHostileSite renders a site whose titles, summaries and
// headings try to break out of text and attributes, with the default
// layouts as a build does and with every partial rendered by html/template:
// every file is the same, and every layout, the card and link partials and
// the shared partials ran as fast templates.
func TestFastPartialsOnAHostileSite(t *testing.T) {
	const evil = `<script>alert(1)</script>" onmouseover="alert(2)' x='</title> + &amp; ]]>`
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	body := "\n## Kop " + evil + "\n\nTekst.\n\n### Onder " + evil + "\n\n## javascript:alert(3)\n"
	files := map[string]string{
		"content/_index.md":                  "---\ntitle: " + q("Site "+evil) + "\n---\n",
		"content/themas/kwaad.md":            "---\ntitle: " + q("Thema "+evil) + "\nsummary: " + q("Samenvatting "+evil) + "\n---\n" + body,
		"content/themas/goed.md":             "---\ntitle: Goed\n---\n" + body,
		"content/goede-praktijken/2025/a.md": "---\ntitle: " + q("Praktijk "+evil) + "\nthemas: [kwaad, goed]\ndate: 2025-01-01\nwerkvormen: [ontwerpen]\n---\n" + body,
		"content/goede-praktijken/b.md":      "---\ntitle: " + q(evil) + "\nthemas: [kwaad]\n---\n" + body,
	}
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, md := loadSite(t, dir, "https://example.org/hand+boek/")
	fast, plain := renderAll(t, s, md, true), renderAll(t, s, md, false)
	if len(fast) != len(plain) {
		t.Fatalf("%d files fast, %d plain", len(fast), len(plain))
	}
	for name, want := range plain {
		if got := fast[name]; !bytes.Equal(got, want) {
			t.Errorf("%s differs with fast partials:\n%s", name, firstDifference(got, want))
		}
	}
	if page := string(fast["themas/kwaad/index.html"]); !strings.Contains(page, "&lt;script&gt;") || strings.Contains(page, "<script>alert") {
		t.Errorf("the hostile title is not escaped:\n%s", page)
	}

	// Which partials ran fast, in some layout set.
	templates, problems := loadTemplates(handboek.Defaults, nil, true)
	if problems.HasErrors(false) {
		t.Fatal(problems.String())
	}
	if l := Run(Plan(s, templates, Options{Markdown: md, Assets: testAssets(s)}), &memWriter{files: map[string][]byte{}}); l.HasErrors(false) {
		t.Fatal(l.Sorted().String())
	}
	ran := map[string]bool{}
	for _, f := range templates.fast {
		if f.fast.Load() != nil {
			ran[strings.TrimSuffix(strings.TrimSuffix(f.inner, innerSuffix), sharedSuffix)] = true
		}
	}
	for _, name := range []string{cardPartial, "partials/link.html", "partials/head.html", "partials/header.html", "partials/nav.html", "partials/footer.html", "partials/filter.html"} {
		if !ran[name] {
			t.Errorf("%s did not run as a fast template", name)
		}
	}
	// The layouts this site uses (it has no doelen, no plain pages...).
	for _, name := range []string{"home.html", "themas.html", "goede-praktijken.html", "list.html", "terms.html", "term.html", "zoeken.html", "404.html"} {
		ft := templates.pages[templates.byName[name]].fast.Load()
		switch {
		case ft == nil:
			t.Errorf("%s did not run as a fast template", name)
		case ft.bail.Load() > 0:
			t.Errorf("%s gave up %d times", name, ft.bail.Load())
		}
	}
}

// TestAppendHTMLEscapedIsHTMLReplacer checks the byte-by-byte escaping against
// html/template's rune-by-rune one, on hostile strings, on every string
// of one or two bytes, and on every byte at every place in strings longer
// than the eight bytes appendHTMLEscaped skips at a time (longStrings).
func TestAppendHTMLEscapedIsHTMLReplacer(t *testing.T) {
	inputs := append([]string{}, hostile...)
	for a := range 256 {
		inputs = append(inputs, string([]byte{byte(a)}))
		for _, b := range []byte{0, '"', '<', 'a', 0x80, 0xc3, 0xa9, 0xff} {
			inputs = append(inputs, string([]byte{byte(a), b}))
		}
	}
	inputs = append(inputs, longStrings()...)
	for _, s := range inputs {
		got := string(appendHTMLEscaped([]byte("x"), s)[1:])
		if want := htmlReplacer(s, htmlReplacementTable, true); got != want {
			t.Errorf("%q: got %q, want %q", s, got, want)
		}
	}
}

// longStrings are strings of 7 to 25 bytes with every byte at every place,
// alone and next to a '%' and hex digits, for escapers that look at eight
// bytes at a time: a byte to escape at the start, the middle and the end of
// the eight, and in the few after the last eight.
func longStrings() []string {
	var out []string
	for _, n := range []int{7, 8, 9, 15, 16, 17, 25} {
		for at := range n {
			for c := range 256 {
				b := []byte(strings.Repeat("abcdefgh", 4)[:n])
				b[at] = byte(c)
				out = append(out, string(b))
				if at+2 < n && c%16 == 0 {
					b[at], b[at+1], b[at+2] = '%', "0aF"[c%3], byte(c)
					out = append(out, string(b))
				}
			}
		}
	}
	out = append(out, "Tom & Jerry's \"quotes\" + 'more' <b>", "<<<<<<<<>>>>>>>>&&&&&&&&\x00\x00\x00", "/pad/met%20spatie/%zz/%4 en nog wat/ü?q=1&r=<2>#frag")
	return out
}

// TestFastTemplatesUseTheSitesFunctions checks that a function of the
// site's own named like a builtin is called, as text/template does, on the
// first page (html/template) and on later ones (after compiling).
func TestFastTemplatesUseTheSitesFunctions(t *testing.T) {
	layouts := memoLayouts(`<li>{{.Item.Title}}</li>`)
	layouts["layouts/page.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{if eq .Title "a"}}eq{{else}}not eq{{end}} {{len .Title}}{{end}}`)}
	funcs := template.FuncMap{
		"eq":  func(a, b string) bool { return a != b },
		"len": func(s string) string { return "len " + s },
	}
	templates, problems := LoadTemplates(layouts, funcs)
	if len(problems) > 0 {
		t.Fatal(problems.String())
	}
	tpl, name := templates.lookup("page.html")
	for i := range 3 {
		var out bytes.Buffer
		if problems := templates.execute(&out, tpl, name, &View{Title: "a"}); len(problems) > 0 {
			t.Fatal(problems.String())
		}
		if want := "<main>not eq len a</main>"; out.String() != want {
			t.Errorf("page %d: got %s, want %s", i, out.String(), want)
		}
	}
}

// FuzzFastTemplate renders fuzzed strings through every case of fastCases
// with html/template and with a fastTemplate: where the fast one runs, the
// bytes are the same.
func FuzzFastTemplate(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	type compiled struct {
		tpl  *template.Template
		fast *fastTemplate
		data func(string) any
	}
	var cases []compiled
	for _, tc := range fastCases {
		tpl := template.Must(template.New("t").Funcs(fastTestFuncs).Parse(tc.src))
		if err := tpl.Execute(io.Discard, tc.data("")); err != nil && tc.fast {
			f.Fatalf("%s: %v", tc.name, err) // escapes the tree
		}
		if ft := compileFast(tpl.Tree, fastTestFuncs, tpl); ft != nil {
			cases = append(cases, compiled{tpl, ft, tc.data})
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range cases {
			var want, got bytes.Buffer
			wantErr := c.tpl.Execute(&want, c.data(s))
			c.fast.bail.Store(0) // a fuzz run may give up many times
			err := c.fast.execute(&got, c.data(s))
			if errors.Is(err, errNotFast) {
				continue
			}
			if err != nil || wantErr != nil || got.String() != want.String() {
				t.Fatalf("%s with %q:\ngot  %s (%v)\nwant %s (%v)", c.tpl.Tree.Root, s, got.String(), err, want.String(), wantErr)
			}
		}
	})
}

// TestExecuteAfterTheFastTemplateGivesUp checks that a page whose fast
// template gives up halfway is rendered again from the start by
// html/template, into the same buffer, without what the fast one wrote.
func TestExecuteAfterTheFastTemplateGivesUp(t *testing.T) {
	layouts := memoLayouts(`<li>{{.Item.Title}}</li>`)
	layouts["layouts/page.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<h1>{{.Title}}</h1>{{end}}`)}
	templates, problems := LoadTemplates(layouts, nil)
	if len(problems) > 0 {
		t.Fatal(problems.String())
	}
	tpl, name := templates.lookup("page.html")
	var b bytes.Buffer
	for i, data := range []any{
		&View{Title: "a"},               // html/template, then compiled for *View
		&View{Title: "b"},               // fast
		map[string]string{"Title": "c"}, // fast writes "<main><h1>" and gives up on the map
	} {
		b.Reset()
		if problems := templates.execute(&b, tpl, name, data); len(problems) > 0 {
			t.Fatal(problems.String())
		}
		want := "<main><h1>" + string(rune('a'+i)) + "</h1></main>"
		if b.String() != want {
			t.Errorf("page %d: got %s, want %s", i, b.String(), want)
		}
	}
	if templates.pages[tpl].fast.Load() == nil {
		t.Error("the layout was never compiled: the test does not reach the fast template")
	}
}

// TestFastViewMethods checks the methods of *View that fast templates call
// without reflection against html/template, on hostile strings, and that a
// call html/template rejects (wrong arguments, a method that fails) makes
// the fast template give up.
func TestFastViewMethods(t *testing.T) {
	for _, fn := range []any{(*View).Description, (*View).EditURL, (*View).Abs, (*View).TermOf} {
		if viewMethod(fn) == nil {
			t.Fatalf("%T is called through reflection", fn)
		}
	}
	base, _ := url.Parse("https://example.org/hand+boek/")
	view := func(s string) *View {
		tl := &site.TermList{Key: "werkvormen"}
		tl.Terms = []*site.Term{{List: tl, Value: s, Title: s, URL: "/" + s}, {List: tl, Value: "x", Title: "X", URL: "/x"}}
		st := &site.Site{Base: base, Repository: "https://github.com/a/b", Description: s, Terms: []*site.TermList{tl}}
		return &View{Site: st, Title: s, URL: s, Summary: s[len(s)/2:], Page: &site.Page{Page: &content.Page{File: "content/" + s + ".md"}}}
	}
	for _, tc := range []struct {
		name, src string
		fast      bool
	}{
		{"methods", `<meta content="{{.Description}}"><a href="{{.Abs .URL}}">{{.EditURL}}</a>{{with .TermOf "werkvormen" .Title}}<a href="{{.URL}}">{{.Title}}</a>{{end}}{{with .TermOf "werkvormen" "x"}}{{.Title}}{{end}}`, true},
		{"too few arguments", `{{.Abs}}`, false},
		{"too many arguments", `{{.Description .Title}}`, false},
		{"not a string", `{{.Abs 3}}`, false},
		{"a method that fails", `{{.TermOf "doelgroepen" .Title}}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tpl := template.Must(template.New("t").Parse(tc.src))
			for _, s := range hostile {
				var want, got bytes.Buffer
				wantErr := tpl.Execute(&want, view(s))
				ft := compileFast(tpl.Tree, nil, tpl)
				if ft == nil {
					t.Fatalf("%s does not compile", tc.src)
				}
				err := ft.execute(&got, view(s))
				switch {
				case !tc.fast:
					if !errors.Is(err, errNotFast) || wantErr == nil {
						t.Errorf("%q: error %v, html/template %v; want it to give up on an error", s, err, wantErr)
					}
				case err != nil || wantErr != nil:
					t.Errorf("%q: error %v, html/template %v", s, err, wantErr)
				case got.String() != want.String():
					t.Errorf("%q:\ngot  %s\nwant %s", s, got.String(), want.String())
				}
			}
		})
	}
}

// TestURLEscapersAreHTMLTemplates renders every byte, alone, between
// letters and around '%', at the start of a URL (filtered and normalized),
// in its path (normalized) and in its query (escaped), in double and single
// quoted attributes, with html/template and with a fastTemplate.
func TestURLEscapersAreHTMLTemplates(t *testing.T) {
	tpl := template.Must(template.New("t").Parse(`<a href="{{.}}">x</a><a href="/a?q={{.}}">y</a><a href="{{.}}/b?c={{.}}#{{.}}">z</a><a href='/p/{{.}}'>p</a><img src="/i/{{.}}.svg?s={{.}}">`))
	var inputs []string
	for c := range 256 {
		b := string([]byte{byte(c)})
		inputs = append(inputs, b, "a"+b+"z", "%"+b+"f", "%f"+b, "%"+b, b+"%4", "http"+b+"//x")
	}
	inputs = append(inputs, longStrings()...)
	var ft *fastTemplate
	for _, s := range inputs {
		var want, got bytes.Buffer
		if err := tpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		if ft == nil {
			if ft = compileFast(tpl.Tree, nil, tpl); ft == nil {
				t.Fatal("does not compile")
			}
		}
		if err := ft.execute(&got, s); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if got.String() != want.String() {
			t.Errorf("%q:\ngot  %s\nwant %s", s, got.String(), want.String())
		}
	}
}
