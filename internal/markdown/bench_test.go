package markdown

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
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
func benchBodies(b testing.TB, n int) [][]byte {
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

// BenchmarkParse parses 200 pages of the bench site with Parse ("new") and
// with the passes it replaced ("old", reference_test.go), one after the
// other so that a busy machine slows both alike. cpu-ns/op is the process's
// CPU time (user and system, garbage collection included) per op.
func BenchmarkParse(b *testing.B) {
	bodies := benchBodies(b, 200)
	size := 0
	for _, body := range bodies {
		size += len(body)
	}
	for _, v := range []struct {
		name  string
		md    *Markdown
		parse func(*Markdown, string, []byte, int) *Doc
	}{
		{"new", New(), (*Markdown).Parse},
		{"old", refMarkdown(), refParse},
	} {
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				for _, body := range bodies {
					v.parse(v.md, "content/x.md", body, 10)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

func BenchmarkRender(b *testing.B) {
	bodies := benchBodies(b, 200)
	md := New()
	docs := make([]*Doc, len(bodies))
	dests := make([]Resolved, len(bodies))
	for i, body := range bodies {
		docs[i] = md.Parse("content/x.md", body, 10)
		// As the site resolves them: "../../themas/wordt.md#x" becomes
		// "/themas/wordt/#x"; other links stay as written.
		dests[i] = Resolved{}
		for _, l := range docs[i].Links {
			if path, frag, _ := strings.Cut(l.Dest, "#"); strings.HasSuffix(path, ".md") {
				u := "/" + strings.TrimLeft(strings.TrimSuffix(path, ".md"), "./") + "/"
				if frag != "" {
					u += "#" + frag
				}
				dests[i][l] = u
			}
		}
	}
	for _, v := range []struct {
		name   string
		render func(*Doc, Resolved) ([]byte, error)
	}{
		{"new", md.Render},
		{"old", refRender},
	} {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				for i, doc := range docs {
					if _, err := v.render(doc, dests[i]); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime returns the CPU time the process has used, in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkParseRounds is the steadiest comparison on a busy machine: it
// parses the pages in rounds, turn about with Parse ("new"), the passes it
// replaced ("old") and the floor (goldmark alone, as BenchmarkFloor), and
// reports each one's median CPU time per round of 200 pages, in ms (garbage
// collection of a round's own garbage included; the heap is collected
// between rounds, outside the count). Run it with -benchtime 30x or more.
func BenchmarkParseRounds(b *testing.B) {
	bodies := benchBodies(b, 200)
	md, ref := New(), refMarkdown()
	var buf bytes.Buffer
	variants := []struct {
		name  string
		parse func(body []byte)
	}{
		{"new", func(body []byte) { md.Parse("content/x.md", body, 10) }},
		{"old", func(body []byte) { refParse(ref, "content/x.md", body, 10) }},
		{"floor", func(body []byte) {
			buf.Reset()
			if err := md.gm.Convert(body, &buf); err != nil {
				b.Fatal(err)
			}
		}},
	}
	cpu := make([][]float64, len(variants))
	round := 0
	for b.Loop() {
		for k := range variants {
			v := (round + k) % len(variants)
			b.StopTimer()
			runtime.GC()
			b.StartTimer()
			start := cpuTime()
			for _, body := range bodies {
				variants[v].parse(body)
			}
			cpu[v] = append(cpu[v], float64(cpuTime()-start)/1e6)
		}
		round++
	}
	for v, variant := range variants {
		slices.Sort(cpu[v])
		b.ReportMetric(cpu[v][len(cpu[v])/2], variant.name+"-cpu-ms")
	}
}

// BenchmarkFloor is what Parse cannot go below: goldmark, configured as Parse
// configures it, parsing and rendering each body into a reused buffer. (Its
// headings have no ids: collect gives those, and Parse's writer carries them
// to the heading renderer.)
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

// BenchmarkCheckComplexity runs the guard over 2,000 pages of the bench site.
func BenchmarkCheckComplexity(b *testing.B) {
	bodies := benchBodies(b, 2000)
	size := 0
	for _, body := range bodies {
		size += len(body)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, body := range bodies {
			li := newLineIndex("content/x.md", body, 10)
			if checkComplexity(&li, body) != nil {
				b.Fatal("a generated page is too complex")
			}
		}
	}
}

// BenchmarkPasses times the passes of Parse around goldmark's on 200 pages
// of the bench site parsed beforehand: collect (with the heading ids), and
// rendering with the destinations left out (which is goldmark's renderer
// and ours around it). Under cachegrind, run it at two -benchtime counts and
// take the difference, so the parsing beforehand cancels out.
func BenchmarkPasses(b *testing.B) {
	bodies := benchBodies(b, 200)
	md := New()
	docs := make([]*Doc, len(bodies))
	for i, body := range bodies {
		d := &Doc{source: body, lines: newLineIndex("content/x.md", body, 10)}
		d.root = md.gm.Parser().Parse(text.NewReader(body), parser.WithContext(parser.NewContext()))
		docs[i] = d
	}
	fresh := func(d *Doc) *Doc {
		return &Doc{source: d.source, root: d.root, lines: newLineIndex("content/x.md", d.source, 10)}
	}
	b.Run("collect", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				collect(fresh(d))
			}
		}
	})
	for _, r := range []struct {
		name   string
		render renderFunc
	}{{"prerender", md.renderHTML}, {"prerender-goldmark", md.renderGoldmark}} {
		b.Run(r.name, func(b *testing.B) {
			collected := make([]*Doc, len(docs))
			for i, d := range docs {
				collected[i] = fresh(d)
				collect(collected[i])
			}
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range collected {
					d.lines = lineIndex{}
					md.prerender(d, r.render)
				}
			}
		})
	}
}
