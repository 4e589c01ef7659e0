package markdown

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// benchSite is a generated site to take realistic page bodies from
// (cmd/bench generates one); the benchmarks skip when it is missing.
// HANDBOEK_BENCH_SITE overrides it.
func benchSite() string {
	if s := os.Getenv("HANDBOEK_BENCH_SITE"); s != "" {
		return s
	}
	return "/tmp/b10k"
}

// benchBodies returns the Markdown bodies (frontmatter stripped) of up to n
// pages of the bench site, in file order.
func benchBodies(b *testing.B, n int) [][]byte {
	b.Helper()
	root := filepath.Join(benchSite(), "content")
	var bodies [][]byte
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || len(bodies) >= n {
			return err
		}
		if d.IsDir() || filepath.Ext(path) != ".md" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rest, ok := bytes.CutPrefix(src, []byte("---\n")); ok {
			if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
				src = rest[i+5:]
			}
		}
		bodies = append(bodies, src)
		return nil
	})
	if err != nil || len(bodies) == 0 {
		b.Skipf("no bench site at %s: %v", root, err)
	}
	return bodies
}

func BenchmarkParse(b *testing.B) {
	bodies := benchBodies(b, 200)
	md := New()
	size := 0
	for _, body := range bodies {
		size += len(body)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, body := range bodies {
			md.Parse("content/x.md", body, 10)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	bodies := benchBodies(b, 200)
	md := New()
	docs := make([]*Doc, len(bodies))
	dests := make([]Resolved, len(bodies))
	for i, body := range bodies {
		docs[i] = md.Parse("content/x.md", body, 10)
		dests[i] = Resolved{}
		for j, l := range docs[i].Links {
			if j%2 == 0 {
				dests[i][l] = "/handboek/themas/wordt/#voor-zijn"
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, doc := range docs {
			if _, err := md.Render(doc, dests[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkFloor is what Parse cannot go below: goldmark, configured as Parse
// configures it, parsing and rendering each body into a reused buffer.
func BenchmarkFloor(b *testing.B) {
	bodies := benchBodies(b, 200)
	md := New()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		for _, body := range bodies {
			buf.Reset()
			if err := md.gm.Convert(body, &buf); err != nil {
				b.Fatal(err)
			}
		}
	}
}
