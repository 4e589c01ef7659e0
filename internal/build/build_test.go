package build

import (
	"bytes"
	"flag"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/output"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// hashedName matches the content hash in a static file name, so goldens do not
// change with every stylesheet edit.
var hashedName = regexp.MustCompile(`\.[0-9a-f]{10}\.(css|js)\b`)

// searchIndex matches the versioned folder of the search index, whose files
// package search tests; here they are compared by name only.
var searchIndex = regexp.MustCompile(`zoeken/index/[0-9a-f]{12}/`)

// buildMem builds the site in dir into memory.
func buildMem(t *testing.T, dir, baseURL string, min bool) (*output.Mem, *Result) {
	t.Helper()
	b := New(Options{Source: dir, BaseURL: baseURL, NoMinify: !min})
	mem := output.NewMem()
	return mem, b.Build(mem)
}

// TestGolden builds testdata/basic under a sub-path and compares every output
// file with testdata/golden/basic (unminified, so diffs are readable).
// Static CSS and JS are compared by name only. Run with -update to rewrite.
func TestGolden(t *testing.T) {
	mem, res := buildMem(t, "testdata/basic", "https://example.org/handboek/", false)
	if res.Problems.HasErrors(false) {
		t.Fatalf("build failed:\n%s", res.Problems)
	}
	golden := "testdata/golden/basic"
	files := mem.Files()
	got := map[string][]byte{}
	for name, data := range files {
		name = searchIndex.ReplaceAllString(hashedName.ReplaceAllString(name, ".HASH.$1"), "zoeken/index/HASH/")
		if ext := filepath.Ext(name); ext == ".css" || ext == ".js" || strings.HasPrefix(name, "zoeken/index/") {
			data = []byte("(compared by name)\n")
		}
		data = hashedName.ReplaceAll(data, []byte(".HASH.$1"))
		got[name] = searchIndex.ReplaceAll(data, []byte("zoeken/index/HASH/"))
	}
	if *update {
		os.RemoveAll(golden)
		for name, data := range got {
			p := filepath.Join(golden, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := map[string][]byte{}
	err := filepath.WalkDir(golden, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(golden, p)
		want[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatalf("%v (run go test ./internal/build -update to create the goldens)", err)
	}
	for _, name := range sortedKeys(want) {
		if _, ok := got[name]; !ok {
			t.Errorf("missing output file %s", name)
		}
	}
	for _, name := range sortedKeys(got) {
		w, ok := want[name]
		switch {
		case !ok:
			t.Errorf("unexpected output file %s", name)
		case !bytes.Equal(got[name], w):
			t.Errorf("%s differs from its golden file (run with -update if the change is intended):\n%s", name, firstDiff(string(w), string(got[name])))
		}
	}
}

// TestErrorReport builds a site full of mistakes and compares the exact,
// sorted problem list.
func TestErrorReport(t *testing.T) {
	mem, res := buildMem(t, "testdata/broken", "", true)
	if len(mem.Files()) != 0 {
		t.Errorf("a build with errors wrote %d files", len(mem.Files()))
	}
	got := res.Problems.String()
	golden := "testdata/broken.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("problems differ from %s:\n%s", golden, firstDiff(string(want), got))
	}
}

// TestDeterministic builds the same site twice with fresh builders and expects
// byte-identical output.
func TestDeterministic(t *testing.T) {
	a, _ := buildMem(t, "testdata/basic", "/", true)
	b, _ := buildMem(t, "testdata/basic", "/", true)
	fa, fb := a.Files(), b.Files()
	if len(fa) == 0 || len(fa) != len(fb) {
		t.Fatalf("file counts differ: %d vs %d", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// TestFailedBuildKeepsPreviousOutput checks that a failed build leaves the
// previous site byte for byte and no temporary folder behind.
func TestFailedBuildKeepsPreviousOutput(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	build := func(src string) bool {
		b := New(Options{Source: src})
		dir, err := output.NewDir(out)
		if err != nil {
			t.Fatal(err)
		}
		res := b.Build(dir)
		if res.Problems.HasErrors(false) {
			dir.Abort()
			return false
		}
		if err := dir.Commit(); err != nil {
			t.Fatal(err)
		}
		return true
	}
	if !build("testdata/basic") {
		t.Fatal("first build failed")
	}
	before := dirSnapshot(t, out)
	if build("testdata/broken") {
		t.Fatal("broken site built")
	}
	if after := dirSnapshot(t, out); !maps.EqualFunc(before, after, bytes.Equal) {
		t.Error("failed build changed the previous output")
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left behind beside the output: %v", names)
	}
	// A second good build replaces the first completely.
	if !build("testdata/basic") {
		t.Fatal("rebuild failed")
	}
	if after := dirSnapshot(t, out); !maps.EqualFunc(before, after, bytes.Equal) {
		t.Error("rebuild of the same input differs")
	}
}

// TestRefusesForeignOutput checks that an output folder holding other files
// is never replaced.
func TestRefusesForeignOutput(t *testing.T) {
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "thesis.docx"), []byte("years of work"), 0o644)
	if _, err := output.NewDir(out); err == nil || !strings.Contains(err.Error(), "did not write") {
		t.Fatalf("NewDir on a foreign folder: err = %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "thesis.docx")); string(data) != "years of work" {
		t.Error("foreign file changed")
	}
}

// TestRebuildParsesOnlyChanged edits one file and expects one parse and the
// same output as a fresh full build.
func TestRebuildParsesOnlyChanged(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/basic")); err != nil {
		t.Fatal(err)
	}
	b := New(Options{Source: dir, NoMinify: true})
	first := b.Build(output.NewMem())
	if first.Parsed < 10 {
		t.Fatalf("first build parsed %d files", first.Parsed)
	}
	page := filepath.Join(dir, "content", "doelen", "autonomie.md")
	src, _ := os.ReadFile(page)
	os.WriteFile(page, bytes.Replace(src, []byte("Leerlingen groeien."), []byte("Leerlingen groeien samen."), 1), 0o644)
	os.Remove(filepath.Join(dir, "content", "handboek", "programma.md"))
	os.WriteFile(filepath.Join(dir, "content", "handboek", "inleiding.md"), []byte("---\ntitle: Inleiding\nweight: 1\n---\n\n## Waarom samen?\n\nNieuw.\n"), 0o644)

	mem := output.NewMem()
	second := b.Build(mem)
	if second.Parsed != 2 {
		t.Errorf("rebuild parsed %d files, want 2", second.Parsed)
	}
	fresh, _ := buildMem(t, dir, "", false)
	if !maps.EqualFunc(mem.Files(), fresh.Files(), bytes.Equal) {
		t.Error("rebuild output differs from a fresh build")
	}
	if data, _ := mem.ReadFile("doelen/autonomie/index.html"); !bytes.Contains(data, []byte("groeien samen")) {
		t.Error("edit not in the rebuilt page")
	}
	if _, ok := mem.ReadFile("handboek/programma/index.html"); ok {
		t.Error("deleted page still in the output")
	}
}

// TestLinksResolve crawls the output of a sub-path build: every local href and
// src must start with the base path and name a file of the output.
func TestLinksResolve(t *testing.T) {
	mem, res := buildMem(t, "testdata/basic", "https://example.org/handboek/", true)
	if res.Problems.HasErrors(false) {
		t.Fatal(res.Problems)
	}
	files := mem.Files()
	attr := regexp.MustCompile(`(?:href|src)="?([^"\s>]+)`)
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range attr.FindAllSubmatch(data, -1) {
			u := string(m[1])
			if strings.HasPrefix(u, "#") || strings.Contains(u, "://") || strings.HasPrefix(u, "mailto:") {
				continue
			}
			if !strings.HasPrefix(u, "/handboek/") {
				t.Errorf("%s: link %q ignores the base path", name, u)
				continue
			}
			p := strings.TrimPrefix(u, "/handboek/")
			p, _, _ = strings.Cut(p, "#")
			p, _, _ = strings.Cut(p, "?")
			if p == "" || strings.HasSuffix(p, "/") {
				p += "index.html"
			}
			if _, ok := files[p]; !ok {
				t.Errorf("%s: link %q goes nowhere", name, u)
			}
		}
	}
}

func dirSnapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		m[p] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(no line differs)"
}

// TestOnceBuildReportsLayoutAndContentErrors: handboek build loads the
// layouts while it parses the content; a broken layout and a broken page are
// still reported together, and nothing is written.
func TestOnceBuildReportsLayoutAndContentErrors(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"content/_index.md":     "---\ntitle: Handboek\n---\n",
		"content/themas/ict.md": "---\ntitle: ICT\nwieght: 3\n---\nTekst.\n",
		"layouts/themas.html":   "{{define \"main\"}}<h1>{{.Title}</h1>{{end}}\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mem := output.NewMem()
	res := New(Options{Source: dir, Once: true}).Build(mem)
	var layout, page bool
	for _, p := range res.Problems {
		if p.Severity == diag.Error {
			layout = layout || p.Pos.File == "layouts/themas.html"
			page = page || p.Pos.File == "content/themas/ict.md"
		}
	}
	if !layout || !page {
		t.Errorf("want an error in layouts/themas.html and one in content/themas/ict.md, got:\n%s", res.Problems)
	}
	if n := len(mem.Files()); n != 0 {
		t.Errorf("a failed build wrote %d files", n)
	}
}

// TestNoContentFolderIsTheOneProblem checks that a site without a content/
// folder, or with a file of that name, gets that one error, not the missing
// home page that linking nothing would add.
func TestNoContentFolderIsTheOneProblem(t *testing.T) {
	for _, file := range []bool{false, true} {
		dir := t.TempDir()
		if file {
			if err := os.WriteFile(filepath.Join(dir, "content"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		res := New(Options{Source: dir, Once: true}).Build(output.Discard{})
		if len(res.Problems) != 1 || res.Problems[0].Pos.File != "content" || res.Problems[0].Severity != diag.Error {
			t.Errorf("content as a file %v: want one error in content, got:\n%s", file, res.Problems)
		}
	}
}
