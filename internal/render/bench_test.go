package render

import (
	"bytes"
	"html/template"
	"os"
	"path/filepath"
	"testing"

	"github.com/samenopleiden/handboek/internal/benchgen"
	"github.com/samenopleiden/handboek/internal/output"
)

// BenchmarkRender renders every file of a generated site of 1,000 pages with
// the default layouts, Markdown included, and drops the output: the render
// stage of a build alone, templates loaded and planned afresh each time as a
// build does. It reports the CPU time of the process per render too
// (cpu-ms/op, garbage collection included), which a busy machine disturbs
// less than the time on the clock. HANDBOEK_RENDER_BENCH_SOURCE=DIR renders
// that site instead:
//
//	HANDBOEK_RENDER_BENCH_SOURCE=/tmp/b10k go test ./internal/render -run '^$' -bench Render -cpuprofile /tmp/render.out
func BenchmarkRender(b *testing.B) {
	source := os.Getenv("HANDBOEK_RENDER_BENCH_SOURCE")
	if source == "" {
		source = filepath.Join(b.TempDir(), "site")
		if _, err := benchgen.Generate(source, benchgen.Options{Pages: 1000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	s, md := loadSite(b, source, "")
	assets := map[string]string{"css/site.css": "/css/site.css", "img/favicon.svg": "/img/favicon.svg", "js/site.js": "/js/site.js", "js/nav.js": "/js/nav.js", "js/search.js": "/js/search.js"}
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		templates := defaultTemplates(b)
		jobs := Plan(s, templates, Options{Markdown: md, Assets: assets, SearchIndex: "/zoeken/x.json"})
		if l := Run(jobs, output.Discard{}); l.HasErrors(false) {
			b.Fatal(l.Sorted().String())
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkExecutePages runs the page layouts alone, once per page of a
// generated site of 1,000 pages, with each page's Markdown rendered before
// and the memoized and shared partials already rendered, as on most pages
// of a build: the cost of the fast templates themselves.
func BenchmarkExecutePages(b *testing.B) {
	source := filepath.Join(b.TempDir(), "site")
	if _, err := benchgen.Generate(source, benchgen.Options{Pages: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	s, md := loadSite(b, source, "")
	templates := defaultTemplates(b)
	r := &renderer{site: s, t: templates, opts: &Options{Markdown: md, Assets: testAssets(s)}, cache: &cache{}}
	type page struct {
		v    *View
		tpl  *template.Template
		name string
	}
	var pages []page
	for _, p := range s.Pages {
		v := r.view("page", p.Meta.Title, p.URL)
		v.Page, v.Section, v.Summary = p, p.Section, p.Meta.Summary
		if p.Listing != nil && len(p.Listing.Pagers) > 0 {
			v.Pager = p.Listing.Pagers[0]
		}
		v.Content, _ = r.body(p, new([]byte)) // a buffer of its own: all are kept
		v.TOC = toc(p.Doc)
		names := []string{"page.html"}
		if p.Section != nil {
			names = []string{p.Section.Key + ".html", "page.html"}
		}
		tpl, name := templates.lookup(names...)
		pages = append(pages, page{v, tpl, name})
	}
	var out bytes.Buffer
	run := func() {
		for _, p := range pages {
			out.Reset()
			if l := templates.execute(&out, p.tpl, p.name, p.v); len(l) > 0 {
				b.Fatal(l.String())
			}
		}
	}
	run() // compiles the layouts and fills the memo
	b.ResetTimer()
	for b.Loop() {
		run()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
}
