// Package render turns the site model into files: HTML pages through
// html/template layouts, and sitemap.xml, feed.xml, robots.txt, .nojekyll.
// It is the stage after site and before output: it reads the model, never
// changes it, and writes through the Writer it declares, so it knows nothing
// about disks, minification or the dev server.
//
// # Layouts
//
// Layouts are html/template files in layouts/: base.html holds the page
// skeleton and calls the "main" template; partials/*.html hold shared pieces.
// Each page is rendered with the first layout that exists of:
//
//	home.html                        the home page
//	<section>.html, page.html        a page of a section ("doelen.html")
//	<section>-list.html, list.html   a section's list, and later pagers of any list
//	terms.html / term.html           the werkvorm and doelgroep lists
//	zoeken.html                      the search page
//	404.html                         the not-found page
//
// Every layout gets a *View. Functions: datum (a Dutch date), isodate
// (YYYY-MM-DD), label (Dutch label of a werkvorm or doelgroep value), add,
// card (what partials/card.html takes: a page and its heading level), cards
// (the cards of a list of pages: {{cards .Pages 2}}), dict (a
// map from key/value pairs, to pass several values to a partial) and
// renderOncePer (see below). View methods give more: Asset (URL of a static
// file with its content hash), Abs (absolute URL), Facets (what a list can be
// narrowed by), TermOf (the *site.Term of a werkvorm or doelgroep value),
// IsCurrent, EditURL, Description.
//
// # Shared partials
//
// A partial that starts with {{renderOncePer "site"}}, {{renderOncePer
// "menu"}} or {{renderOncePer "facets"}} is rendered once per build and per
// value of what it declares to depend on, and reused on every page: the
// default header, menu, footer, links in <head> and list filter are. A site
// that overrides such a partial gets it rendered on every page unless its own
// file declares it too; shared.go says what each kind allows.
//
// partials/card.html, partials/link.html and partials/term-link.html are
// rendered once per argument and build (a card, a page, a term) wherever they
// are called, which is sound because what a partial shows depends only on
// its argument (memo.go). A page's cards at other heading levels repeat what
// its first card wrote of the top-level parts of partials/card.html that read
// nothing of the card but .Page, and run only the rest (segments.go).
//
// # Speed
//
// html/template spends most of its time calling functions: every {{.X}} in
// a page calls one to three escapers through reflection. The defaults keep
// the actions per page few: shared and memoized partials, {{cards}} rather
// than a range of card partials, and .Page.Meta rather than .Meta on a
// site page (the same value, which text/template finds only by a slow search
// because a site.Page embeds its content.Page). BenchmarkRender measures it.
//
// Layouts and the memoized and shared partials run as fast templates where
// they can (fast.go): once html/template has escaped a layout, its escaped
// tree is compiled into Go closures that look fields up by a remembered
// index and call html/template's escapers (copied) directly, rather than
// through reflection, with the same output byte for byte. A layout that uses
// anything they do not run (a function of an unknown type, a map, a
// template called in a context other than text...) runs as usual, and so
// does a page on which a fast template gives up, so a site's own layouts
// work as before, only slower where they go beyond what fast templates run.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"

	"github.com/samenopleiden/handboek/internal/diag"
)

// Templates is the parsed set of layouts, parsed once per build.
type Templates struct {
	byName map[string]*template.Template     // layout file name -> base + partials + that file
	sameAs map[string]string                 // layout file name -> the earlier one of the same source, whose set it shares
	fast   []*fastInner                      // the partials run as fast templates, for tests
	pages  map[*template.Template]*fastInner // each layout set's base.html as a fast template
	memo   *memo                             // the memoized partials' output, for tests
}

// LoadTemplates parses the layouts in fsys (whose root holds layouts/).
// Template errors come back as positioned problems.
func LoadTemplates(fsys fs.FS, funcs template.FuncMap) (*Templates, diag.List) {
	return loadTemplates(fsys, funcs, true)
}

// loadTemplates is LoadTemplates; without wrap, shared and memoized partials
// are rendered where they are called, as plain html/template would (for
// tests that compare the two).
func loadTemplates(fsys fs.FS, funcs template.FuncMap, wrap bool) (*Templates, diag.List) {
	var problems diag.List
	root := template.New("").Funcs(baseFuncs()).Funcs(funcs)
	read := func(name string) (string, bool) {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			problems.Errorf(diag.Pos{File: name}, "cannot read: %v", err)
			return "", false
		}
		return string(src), true
	}
	parse := func(t *template.Template, name, src string) bool {
		// Templates are named relative to layouts/ ("partials/nav.html"), so
		// layouts call each other by short names; problems add the prefix back.
		if _, err := t.New(strings.TrimPrefix(name, "layouts/")).Parse(src); err != nil {
			problems.Append(templateProblem(name, err))
			return false
		}
		return true
	}
	if src, ok := read("layouts/base.html"); !ok || !parse(root, "layouts/base.html", src) {
		return nil, problems
	}
	partials, _ := fs.Glob(fsys, "layouts/partials/*.html")
	for _, p := range partials {
		if src, ok := read(p); ok {
			parse(root, p, src)
		}
	}
	names, _ := fs.Glob(fsys, "layouts/*.html")
	t := &Templates{byName: map[string]*template.Template{}, sameAs: map[string]string{}}
	bySource := map[string]string{} // a layout's source -> the first layout with it that parsed
	for _, name := range names {
		if name == "layouts/base.html" {
			continue
		}
		src, ok := read(name)
		if !ok {
			continue
		}
		short := path.Base(name)
		if first, ok := bySource[src]; ok {
			// The same source gives the same set: share it, rather than
			// clone, escape and compile it again (the default section
			// layouts are page.html's), with this layout's name in it too.
			tpl := t.byName[first]
			if _, err := tpl.AddParseTree(short, tpl.Lookup(first).Tree); err != nil {
				problems.Errorf(diag.Pos{File: name}, "%v", err)
				continue
			}
			t.byName[short], t.sameAs[short] = tpl, first
			continue
		}
		clone, err := root.Clone()
		if err != nil {
			problems.Errorf(diag.Pos{File: name}, "%v", err)
			continue
		}
		if parse(clone, name, src) {
			t.byName[short] = clone
			bySource[src] = short
		}
	}
	if !problems.HasErrors(false) {
		// Every layout set holds the same partials: report a problem once.
		var shareProblems diag.List
		ids := 0
		m := newMemo()
		base := baseFuncs()
		maps.Copy(base, funcs)
		reg := funcRegistry{}
		t.pages = map[*template.Template]*fastInner{}
		for _, name := range slices.Sorted(maps.Keys(t.byName)) {
			if t.sameAs[name] != "" {
				continue // set up as its first
			}
			tpl := t.byName[name]
			reg[tpl] = maps.Clone(base)
			var card func(Card) (template.HTML, error)
			if wrap {
				shareProblems.Append(share(tpl, reg, &ids, &t.fast))
				for i, p := range memoPartials {
					mp, err := m.wrap(tpl, reg, p, i)
					if err != nil {
						problems.Errorf(diag.Pos{File: "layouts/" + name}, "%v", err)
					}
					if p == cardPartial && mp != nil {
						mp.run.segmented = true
						card = mp.card
					}
				}
			}
			cl := cards(tpl, card)
			reg.add(tpl, template.FuncMap{"cards": cl.html})
			reg[tpl]["cards"] = cl // fast templates write the cards (fast.go)
			if wrap {
				t.pages[tpl] = &fastInner{tpl: tpl, inner: "base.html", funcs: reg[tpl]}
			}
		}
		t.fast = append(t.fast, m.fast...)
		t.memo = m
		if wrap {
			t.addProbes()
		}
		problems.Append(shareProblems.Sorted())
	}
	for _, required := range []string{"home.html", "page.html", "list.html", "404.html"} {
		if _, err := fs.Stat(fsys, "layouts/"+required); err != nil {
			problems.Errorf(diag.Pos{File: "layouts/" + required}, "missing: every site needs this layout")
		}
	}
	return t, problems
}

// probeName names the template that escapes a layout set without running
// it (see addProbes).
const probeName = "#escape"

// addProbes gives every layout set a probe that escapes the templates it
// starts from (its base.html and the originals of its memoized and shared
// partials) without running them: {{if false}}{{template "base.html" .}}...{{end}},
// executed without data, has html/template escape what it calls as calls
// in HTML text, which is how a page or partial runs, and runs nothing. The
// first page or partial of the set to run then runs the probe and compiles
// its fast template (fastInner.compile), rather than running through
// html/template, which escapes a template on its first execution, before a
// fast template could be compiled from the escaped tree. One probe a set:
// html/template goes over every template escaped so far in a set at the
// end of every escaping. The probes are added now, as html/template adds
// nothing to a set after it has executed one of its templates.
func (t *Templates) addProbes() {
	bySet := map[*template.Template][]*fastInner{}
	for _, f := range t.pages {
		bySet[f.tpl] = append(bySet[f.tpl], f)
	}
	for _, f := range t.fast {
		bySet[f.tpl] = append(bySet[f.tpl], f)
	}
	for tpl, entries := range bySet {
		var src strings.Builder
		src.WriteString("{{if false}}")
		for _, f := range entries {
			src.WriteString("{{template " + strconv.Quote(f.inner) + " .}}")
		}
		src.WriteString("{{end}}")
		// Parsed on its own and added as a tree: html/template's Parse
		// goes over every template of the set.
		trees, err := parse.Parse(probeName, src.String(), "", "")
		if err != nil {
			continue
		}
		probe, err := tpl.AddParseTree(probeName, trees[probeName])
		if err != nil {
			continue
		}
		p := &setProbe{tpl: probe}
		for _, f := range entries {
			f.probe = p
		}
	}
}

// setProbe is the probe of a layout set (see addProbes).
type setProbe struct {
	tpl  *template.Template
	once sync.Once
	ok   bool // whether html/template escaped the set
}

// escape escapes the set once and reports whether html/template could.
// Where it cannot, the probe leaves the set's templates as they were: a
// template runs through html/template first, as without a probe, which
// reports the error of one it cannot escape, and compiles one it can
// (TestEscapeErrorsWithProbes).
func (p *setProbe) escape() bool {
	p.once.Do(func() { p.ok = p.tpl.Execute(io.Discard, nil) == nil })
	return p.ok
}

// lookup returns the first of names that exists.
func (t *Templates) lookup(names ...string) (*template.Template, string) {
	for _, n := range names {
		if tpl := t.byName[n]; tpl != nil {
			return tpl, n
		}
	}
	return nil, names[len(names)-1]
}

// Has reports whether a layout exists.
func (t *Templates) Has(name string) bool { return t.byName[name] != nil }

var tplPosRE = regexp.MustCompile(`(?s)template: ?([^:]+):(\d+)(?::(\d+))?: (.*)`)

// templateProblem turns an html/template error into a positioned problem.
func templateProblem(file string, err error) diag.List {
	var l diag.List
	msg := err.Error()
	if m := tplPosRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		rest := m[4]
		// html/template errors may repeat "name:line:col:" inside the message.
		rest = strings.TrimSpace(rest)
		l.Errorf(diag.Pos{File: "layouts/" + strings.TrimPrefix(m[1], "layouts/"), Line: line, Col: col}, "%s", rest)
		return l
	}
	l.Errorf(diag.Pos{File: file}, "%s", strings.TrimPrefix(msg, "template: "))
	return l
}

// execute runs a layout into b, as a fast template when it compiles (see
// fastTemplate).
func (t *Templates) execute(b *bytes.Buffer, tpl *template.Template, name string, v any) diag.List {
	f := t.pages[tpl]
	if f == nil {
		return t.ownFile(executeInto(b, tpl, name, v), name)
	}
	if f.run(b, v) {
		return nil
	}
	b.Reset() // what the fast template wrote before it gave up
	problems := executeInto(b, tpl, name, v)
	if len(problems) == 0 {
		f.compile()
	}
	return t.ownFile(problems, name)
}

// ownFile names layout name in problems where they name the layout whose
// set it shares (see sameAs): its templates came from the same source, so
// the line and column hold for name too.
func (t *Templates) ownFile(problems diag.List, name string) diag.List {
	if first := t.sameAs[name]; first != "" {
		for i := range problems {
			if problems[i].Pos.File == "layouts/"+first {
				problems[i].Pos.File = "layouts/" + name
			}
		}
	}
	return problems
}

// executeInto runs a layout with html/template into b.
func executeInto(b *bytes.Buffer, tpl *template.Template, name string, v any) diag.List {
	if err := tpl.ExecuteTemplate(b, "base.html", v); err != nil {
		return templateProblem("layouts/"+name, innerError(err))
	}
	return nil
}

// buffers holds output buffers for reuse, so that a page is written into a
// buffer that is already large enough rather than one grown step by step.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

// putBuffer returns b to the pool, unless it grew very large.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 4<<20 {
		return
	}
	b.Reset()
	buffers.Put(b)
}

// errorf is for template functions that reject their input.
func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
