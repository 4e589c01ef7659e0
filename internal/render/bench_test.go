package render

import (
	"os"
	"path/filepath"
	"testing"

	handboek "github.com/samenopleiden/handboek"
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
		templates, problems := LoadTemplates(handboek.Defaults, nil)
		if problems.HasErrors(false) {
			b.Fatal(problems.Sorted().String())
		}
		jobs := Plan(s, templates, Options{Markdown: md, Assets: assets, SearchIndex: "/zoeken/x.json"})
		if l := Run(jobs, output.Discard{}); l.HasErrors(false) {
			b.Fatal(l.Sorted().String())
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
}
