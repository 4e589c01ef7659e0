package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samenopleiden/handboek/internal/diag"
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
// again instead of reusing pages whose text it freed, and writes what an
// ordinary build writes, byte for byte.
func TestOnceBuilder(t *testing.T) {
	for _, site := range []string{"testdata/basic", "../../"} {
		want, first := buildMem(t, site, "", true)
		b := New(Options{Source: site, Once: true})
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
			for name, data := range want.Files() {
				if g, _ := got.ReadFile(name); !bytes.Equal(g, data) {
					t.Errorf("%s, round %d: %s differs from an ordinary build's", site, round, name)
				}
			}
		}
	}
}

// TestMinifiedLayouts checks how builds render pages: from minified layouts,
// with bodies minified on their own. Minifying such a page as a whole must
// give the page rendered from the layouts as written, minified as a whole,
// byte for byte (so the two differ in nothing the minifier cares about), and
// must change it by little. Every other file is the unminified build's,
// minified, but for static CSS and JavaScript: their names hold a hash of
// their bytes, and the JavaScript minifier names variables by how often
// letters occur, so they are compared by name (without the hash).
func TestMinifiedLayouts(t *testing.T) {
	min := output.NewMinifier()
	unhash := func(b []byte) []byte { return hashedName.ReplaceAll(b, []byte(".HASH.$1")) }
	for _, site := range []string{"testdata/basic", "../../"} {
		if New(Options{Source: site}).minifiedTemplates() == nil {
			t.Fatalf("%s: the layouts do not load minified", site)
		}
		plain, _ := buildMem(t, site, "", false)
		want := map[string][]byte{}
		for name, data := range plain.Files() {
			small, err := min.Minify(name, data)
			if err != nil {
				t.Fatalf("%s: minifying %s: %v", site, name, err)
			}
			want[string(unhash([]byte(name)))] = unhash(small)
		}
		got, res := buildMem(t, site, "", true)
		if res.Problems.HasErrors(false) {
			t.Fatalf("%s: %s", site, res.Problems.Sorted())
		}
		if len(got.Files()) != len(want) {
			t.Errorf("%s: %d files, the unminified build wrote %d", site, len(got.Files()), len(want))
		}
		var gotBytes, wantBytes int
		for name, data := range got.Files() {
			key := string(unhash([]byte(name)))
			w, ok := want[key]
			switch {
			case !ok:
				t.Errorf("%s: %s is not in the unminified build", site, name)
			case strings.HasSuffix(name, ".html"):
				gotBytes, wantBytes = gotBytes+len(unhash(data)), wantBytes+len(w)
				again, err := min.Minify(name, data)
				if err != nil || !bytes.Equal(unhash(again), w) {
					t.Errorf("%s: %s minified as a whole is not the page from the layouts as written (%v):\n%s\n%s", site, name, err, again, w)
				}
			case key != name:
				// static CSS or JavaScript
			case !bytes.Equal(data, w):
				t.Errorf("%s: %s is not the unminified build's, minified", site, name)
			}
		}
		// What is left to minify is html/template's escapes (&#39; for ')
		// and a character next to an action here and there.
		if gotBytes > wantBytes*101/100 {
			t.Errorf("%s: pages take %d bytes, %d minified as a whole: the layouts are not minified", site, gotBytes, wantBytes)
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

// TestRenderErrorsPointIntoLayoutsAsWritten: pages render from minified
// layouts, which join lines; an error while rendering must still name the
// line of the layout as the editor wrote it, in a one-off build and in a
// dev-server rebuild alike.
func TestRenderErrorsPointIntoLayoutsAsWritten(t *testing.T) {
	files := map[string]string{
		"content/_index.md":      "---\ntitle: Handboek\n---\n",
		"content/themas/ict.md":  "---\ntitle: ICT\n---\nTekst.\n",
		"content/themas/taal.md": "---\ntitle: Taal\n---\nTekst.\n",
	}
	broken := "{{define \"main\"}}\n<h1>\n    {{.Title}}\n</h1>\n\n  <p>{{$x := dict \"a\"}}</p>\n{{end}}\n"
	for _, opts := range []Options{{Once: true}, {Incremental: true}} {
		dir := t.TempDir()
		write := func(name, text string) {
			p := filepath.Join(dir, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for name, text := range files {
			write(name, text)
		}
		opts.Source = dir
		b := New(opts)
		if opts.Incremental {
			if res := b.Build(output.NewMem()); res.Problems.HasErrors(false) {
				t.Fatalf("first build: %s", res.Problems)
			}
		}
		write("layouts/themas.html", broken)
		res := b.Build(output.NewMem())
		var found []diag.Pos
		for _, p := range res.Problems {
			if p.Severity == diag.Error && p.Pos.File == "layouts/themas.html" {
				found = append(found, p.Pos)
			}
		}
		if len(found) == 0 {
			t.Errorf("%+v: no error in layouts/themas.html, got:\n%s", opts, res.Problems)
			continue
		}
		for _, pos := range found {
			if pos.Line != 6 {
				t.Errorf("%+v: error at line %d of layouts/themas.html, want 6 (the layout as written):\n%s", opts, pos.Line, res.Problems)
			}
		}
	}
}
