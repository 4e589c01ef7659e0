package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samenopleiden/handboek/internal/output"
)

// TestParseCacheTrustsOnlyOldFiles checks the rule that lets a rebuild skip
// reading unchanged files: same size and modification time, and the file was
// already older than racyWindow when it was read. A fresh file is read again
// even if size and time look the same (a second save within the clock's
// granularity on a coarse file system).
func TestParseCacheTrustsOnlyOldFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/basic")); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	page := filepath.Join(dir, "content", "doelen", "autonomie.md")
	b := New(Options{Source: dir})
	b.Build(output.NewMem())

	// Same size, same time, an old file: trusted, not read.
	src, _ := os.ReadFile(page)
	same := []byte(string(src[:len(src)-2]) + "X\n")
	os.WriteFile(page, same, 0o644)
	os.Chtimes(page, old, old)
	if res := b.Build(output.NewMem()); res.Parsed != 0 {
		t.Errorf("unchanged size and time of an old file: parsed %d, want 0", res.Parsed)
	}
	// A new modification time: read and parsed.
	now := time.Now()
	os.Chtimes(page, now, now)
	if res := b.Build(output.NewMem()); res.Parsed != 1 {
		t.Errorf("new modification time: parsed %d, want 1", res.Parsed)
	}
	// The file is fresh now: an edit that keeps size and time is still seen.
	os.WriteFile(page, src, 0o644)
	os.Chtimes(page, now, now)
	mem := output.NewMem()
	if res := b.Build(mem); res.Parsed != 1 {
		t.Errorf("fresh file with the same size and time: parsed %d, want 1", res.Parsed)
	}
}

// TestOnceBuilder checks Options.Once: a second build parses every file
// again instead of reusing pages whose text it freed, and the output is an
// ordinary build's, except that pages come from minified layouts with
// bodies minified on their own: minifying such a page as a whole must give
// the ordinary build's page byte for byte (so the two differ in nothing the
// minifier cares about), and must change it by little.
func TestOnceBuilder(t *testing.T) {
	for _, site := range []string{"testdata/basic", "../../"} {
		want, first := buildMem(t, site, "", true)
		b := New(Options{Source: site, Once: true})
		if b.minifiedTemplates() == nil {
			t.Fatalf("%s: the layouts do not load minified", site)
		}
		min := output.NewMinifier()
		for round := 1; round <= 2; round++ {
			got := output.NewMem()
			res := b.Build(got)
			if res.Problems.HasErrors(false) {
				t.Fatalf("%s, round %d: %s", site, round, res.Problems.Sorted())
			}
			if res.Parsed != first.Parsed {
				t.Errorf("%s, round %d: parsed %d files, want all %d", site, round, res.Parsed, first.Parsed)
			}
			if len(got.Files()) != len(want.Files()) {
				t.Errorf("%s, round %d: %d files, an ordinary build writes %d", site, round, len(got.Files()), len(want.Files()))
			}
			var gotBytes, wantBytes int
			for name, data := range want.Files() {
				g, _ := got.ReadFile(name)
				if strings.HasSuffix(name, ".html") {
					gotBytes, wantBytes = gotBytes+len(g), wantBytes+len(data)
					again, err := min.Minify(name, g)
					if err != nil || !bytes.Equal(again, data) {
						t.Errorf("%s, round %d: %s minified as a whole is not the ordinary build's page (%v):\n%s\n%s", site, round, name, err, again, data)
					}
				} else if !bytes.Equal(g, data) {
					t.Errorf("%s, round %d: %s differs from an ordinary build", site, round, name)
				}
			}
			// What is left to minify is html/template's escapes (&#39; for ')
			// and a character next to an action here and there.
			if gotBytes > wantBytes*101/100 {
				t.Errorf("%s, round %d: pages take %d bytes, %d minified as a whole: the layouts are not minified", site, round, gotBytes, wantBytes)
			}
		}
	}
}

// TestSearchIndexNeedsNoMinifying guards the build's shortcut of writing the
// search index without minifying it: the minifier would not change a byte.
func TestSearchIndexNeedsNoMinifying(t *testing.T) {
	mem, _ := buildMem(t, "testdata/basic", "", true)
	min, n := output.NewMinifier(), 0
	for name, data := range mem.Files() {
		if !strings.HasPrefix(name, "zoeken/index/") {
			continue
		}
		n++
		if again, err := min.Minify(name, data); err != nil || !bytes.Equal(again, data) {
			t.Errorf("%s: minifying changes it (%v):\n%s\n%s", name, err, data, again)
		}
	}
	if n == 0 {
		t.Fatal("no search index written")
	}
}

// TestMinifiedLayoutsKeepActions checks the safeguard of minifiedLayouts: a
// layout whose actions the minifier would change is used as written.
func TestMinifiedLayoutsKeepActions(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"<p>\n  {{.Title}}\n</p>", "<p>{{.Title}}</p>", true},
		{"{{if .A}}<b> x </b>{{else}}y{{end}}", "{{if .A}}<b>x</b>{{else}}y{{end}}", true},
		{"{{define \"x\"}} <i>{{.}}</i> {{end}}{{template \"x\" .}}", "{{define \"x\"}}<i>{{.}}</i>{{end}}{{template \"x\" .}}", true},
		{"{{.Title}} {{.Summary}}", "{{.Title}}{{.Summary}}", true}, // text may change, even to nothing
		{"{{.Title}}", "{{.Titel}}", false},
		{"{{range .X}}{{.}}{{end}}", "{{range .X}}{{end}}", false},
		{"{{/* it's */}}<p>{{.A}}</p>", "{{/* its */}}<p>{{.A}}</p>", false},
		{"{{.A}}", "{{.A}", false}, // does not parse
	}
	for _, tt := range tests {
		if got := sameActions([]byte(tt.a), []byte(tt.b)); got != tt.same {
			t.Errorf("sameActions(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}
