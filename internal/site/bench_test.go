package site

import (
	"os"
	"testing"

	"github.com/samenopleiden/handboek/internal/benchgen"
	"github.com/samenopleiden/handboek/internal/content"
)

// benchPages generates a site of n pages (benchgen, as cmd/bench does) and
// loads it as a build does, for the benchmarks of Link.
func benchPages(b *testing.B, n int) ([]*content.Page, []string) {
	b.Helper()
	dir := b.TempDir()
	if _, err := benchgen.Generate(dir, benchgen.Options{Pages: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	files, problems := content.Walk(fsys)
	if problems.HasErrors(false) {
		b.Fatal(problems)
	}
	var pages []*content.Page
	var assets []string
	for _, f := range files {
		if !f.Page {
			assets = append(assets, f.Path)
			continue
		}
		src, err := os.ReadFile(dir + "/" + f.Path)
		if err != nil {
			b.Fatal(err)
		}
		p, problems := content.Parse(md, f.Path, src, content.Options{})
		if problems.HasErrors(false) {
			b.Fatal(problems)
		}
		pages = append(pages, p)
	}
	return pages, assets
}

// BenchmarkLink links a generated site of 1,000 pages: references, links
// and anchors, order, lists. Under cachegrind, run it at two -benchtime
// counts and take the difference, so loading the site cancels out.
func BenchmarkLink(b *testing.B) {
	pages, assets := benchPages(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		if _, problems := Link(pages, assets, Options{BaseURL: "/handboek/"}); problems.HasErrors(false) {
			b.Fatal(problems)
		}
	}
}
