package build

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/output"
	"github.com/samenopleiden/handboek/internal/render"
)

// TestIncrementalEqualsFullBuild applies a sequence of edits to a site and,
// after each, compares an incremental rebuild with a fresh full build byte
// for byte. Body edits must render only the edited page (plus the few files
// that list every page).
func TestIncrementalEqualsFullBuild(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/basic")); err != nil {
		t.Fatal(err)
	}
	path := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	edit := func(rel, old, new string) func() {
		return func() {
			src, err := os.ReadFile(path(rel))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(src, []byte(old)) {
				t.Fatalf("%s does not contain %q", rel, old)
			}
			os.WriteFile(path(rel), bytes.Replace(src, []byte(old), []byte(new), 1), 0o644)
		}
	}
	steps := []struct {
		name      string
		change    func()
		maxRender int  // 0: no limit; -1: everything
		quick     bool // body edits only: the quick path, search index after
		sameModel bool // the content as before, or only bodies edited: the last site model kept
	}{
		{"body edit", edit("content/doelen/autonomie.md", "Leerlingen groeien.", "Leerlingen groeien samen."), 4, true, true},
		{"body edit of a section intro", edit("content/goede-praktijken/_index.md", "Alle voorbeelden", "Alle goede voorbeelden"), 4, true, true},
		{"summary edit", edit("content/goede-praktijken/ixperium.md", "summary: Onderwijsprofessionals werken", "summary: Leraren werken"), 15, false, false},
		{"order edit", edit("content/doelen/autonomie.md", "weight: 1", "weight: 3"), 12, false, false},
		{"reference edit", edit("content/goede-praktijken/ixperium.md", "doelen: [autonomie]", "doelen: [autonomie, tevredenheid]"), 16, false, false},
		{"title edit", edit("content/themas/ict.md", "title: ICT", "title: ICT en onderwijs"), 0, false, false},
		{"new page", func() {
			os.WriteFile(path("content/goede-praktijken/nieuw.md"), []byte("---\ntitle: Nieuw\nthemas: [ict]\n---\n\nNieuwe tekst.\n"), 0o644)
		}, 0, false, false},
		{"rename", func() {
			os.Rename(path("content/goede-praktijken/nieuw.md"), path("content/goede-praktijken/hernoemd.md"))
		}, 0, false, false},
		{"delete", func() { os.Remove(path("content/goede-praktijken/hernoemd.md")) }, 0, false, false},
		{"layout edit", func() {
			os.MkdirAll(path("layouts"), 0o755)
			os.WriteFile(path("layouts/404.html"), []byte(`{{define "main"}}<h1>Weg</h1>{{end}}`), 0o644)
		}, 0, false, true},
		{"static edit", func() {
			os.MkdirAll(path("static/css"), 0o755)
			os.WriteFile(path("static/css/site.css"), []byte("body{color:teal}"), 0o644)
		}, 0, false, false},
		{"no change", func() {}, 3, false, true},
		{"frontmatter edit with own layouts", edit("content/doelen/tevredenheid.md", "title: Studenten zijn tevreden", "title: Studenten tevreden"), -1, false, false},
		{"second body edit", edit("content/handboek/inleiding.md", "Omdat samen leren werkt.", "Omdat samen leren echt werkt."), 4, true, true},
		{"second layout edit", edit("layouts/404.html", "Weg", "Niet gevonden"), 0, false, true},
		{"static image added", func() {
			os.MkdirAll(path("static/img"), 0o755)
			os.WriteFile(path("static/img/nieuw.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o644)
		}, 0, false, false},
	}
	b := New(Options{Source: dir, Incremental: true})
	first := output.NewMem()
	res := b.Build(first)
	if res.Problems.HasErrors(false) {
		t.Fatal(res.Problems)
	}
	prev, prevSite := first.Files(), res.Site // the builder's last good build, to check Result.Changed against
	for _, st := range steps {
		st.change()
		inc := output.NewMem()
		res := b.Build(inc)
		if res.Problems.HasErrors(false) {
			t.Fatalf("%s: %s", st.name, res.Problems)
		}
		if kept := res.Site == prevSite; kept != st.sameModel {
			t.Errorf("%s: last site model kept = %v, want %v", st.name, kept, st.sameModel)
		}
		prevSite = res.Site
		if want := changed(&snapshot{files: prev}, &snapshot{files: inc.Files()}); res.Changed != nil && !slices.Equal(res.Changed, want) {
			t.Errorf("%s: Changed = %v, want %v", st.name, res.Changed, want)
		}
		full := output.NewMem()
		New(Options{Source: dir}).Build(full)
		got, want := inc.Files(), full.Files()
		if res.SearchPending {
			// The quick path served everything but the search index first.
			for name, data := range want {
				if !isSearchFile(name) && !bytes.Equal(got[name], data) {
					t.Errorf("%s: %s differs from a full build before FinishSearch", st.name, name)
				}
			}
			finished := output.NewMem()
			if fr := b.FinishSearch(finished); fr.Problems.HasErrors(false) {
				t.Fatal(fr.Problems)
			}
			got = finished.Files()
		}
		if st.quick != res.SearchPending {
			t.Errorf("%s: quick path taken = %v, want %v", st.name, res.SearchPending, st.quick)
		}
		for name := range want {
			if !bytes.Equal(got[name], want[name]) {
				t.Errorf("%s: %s differs from a full build", st.name, name)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("%s: stale file %s", st.name, name)
			}
		}
		t.Logf("%s: rendered %d of %d", st.name, res.Rendered, res.Pages)
		if st.maxRender > 0 && res.Rendered > st.maxRender {
			t.Errorf("%s: rendered %d files, want at most %d", st.name, res.Rendered, st.maxRender)
		}
		if st.maxRender < 0 && res.Rendered != res.Pages {
			t.Errorf("%s: rendered %d of %d files, want all", st.name, res.Rendered, res.Pages)
		}
		if st.name == "body edit" && !slicesHave(res.Changed, "doelen/autonomie/index.html") {
			t.Errorf("body edit: Changed = %v", res.Changed)
		}
		if st.name == "no change" && len(res.Changed) != 0 {
			t.Errorf("no change: Changed = %v", res.Changed)
		}
		if !maps.EqualFunc(got, want, bytes.Equal) {
			t.Logf("%s: outputs differ", st.name)
		}
		prev = got // after FinishSearch, with its search index
	}
}

func slicesHave(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// TestRebuildWithHints gives Rebuild the files the watcher saw: a body edit of
// a known page is found without walking content/, and a new file (unknown to
// the last build) makes it walk, so the new page is not missed.
func TestRebuildWithHints(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/basic")); err != nil {
		t.Fatal(err)
	}
	b := New(Options{Source: dir, Incremental: true})
	b.Build(output.NewMem())

	page := filepath.Join(dir, "content", "doelen", "autonomie.md")
	src, _ := os.ReadFile(page)
	os.WriteFile(page, bytes.Replace(src, []byte("groeien."), []byte("groeien hard."), 1), 0o644)
	mem := output.NewMem()
	res := b.Rebuild(mem, []string{"content/doelen/autonomie.md"})
	if res.Parsed != 1 || !res.SearchPending {
		t.Errorf("hinted body edit: parsed %d, quick %v", res.Parsed, res.SearchPending)
	}
	if data, _ := mem.ReadFile("doelen/autonomie/index.html"); !bytes.Contains(data, []byte("groeien hard")) {
		t.Error("hinted edit not in the page")
	}

	os.WriteFile(filepath.Join(dir, "content", "themas", "nieuw.md"), []byte("---\ntitle: Nieuw\n---\n"), 0o644)
	mem = output.NewMem()
	res = b.Rebuild(mem, []string{"content/themas/nieuw.md"})
	if _, ok := mem.ReadFile("themas/nieuw/index.html"); !ok || res.SearchPending {
		t.Errorf("new file: page written %v, quick %v", ok, res.SearchPending)
	}
	full := output.NewMem()
	New(Options{Source: dir}).Build(full)
	if !maps.EqualFunc(mem.Files(), full.Files(), bytes.Equal) {
		t.Error("after a hinted rebuild the site differs from a full build")
	}
}

// TestCollectorKeepsData checks that rendering may reuse its buffers only
// when neither the collector (for the next incremental build) nor its
// Writer keeps what it is given.
func TestCollectorKeepsData(t *testing.T) {
	dir, err := output.NewDir(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer dir.Abort()
	tests := []struct {
		w       Writer
		keepAll bool
		want    bool
	}{
		{dir, false, false},
		{output.Discard{}, false, false},
		{output.NewMem(), false, true},
		{dir, true, true},
		{output.Discard{}, true, true},
	}
	for _, tt := range tests {
		c := newCollector(tt.w, nil, tt.keepAll)
		for _, w := range []render.Writer{c, c.minifiedHTML(), c.unminified()} {
			if got := render.Keeps(w); got != tt.want {
				t.Errorf("%T with %T, keepAll %v: Keeps = %v, want %v", w, tt.w, tt.keepAll, got, tt.want)
			}
		}
	}
}

// TestSized checks that a build reports the size of its content files, every
// file under content/, before it reads them.
func TestSized(t *testing.T) {
	var want int64
	err := filepath.WalkDir("testdata/basic/content", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			want += info.Size()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	b := New(Options{Source: "testdata/basic", Once: true, Sized: func(n int64) { got = append(got, n) }})
	if res := b.Build(output.Discard{}); res.Problems.HasErrors(false) {
		t.Fatal(res.Problems.Sorted())
	}
	if len(got) != 1 || got[0] != want || want == 0 {
		t.Errorf("Sized called with %v, want once with %d", got, want)
	}
}

// TestEditsOfAFailedBuildAreKept: a rebuild that fails keeps the last good
// build to compare with, but its parses are cached. Content edited in the
// failed build must be in the next good one, even though that parses only
// what was mended, or nothing.
func TestEditsOfAFailedBuildAreKept(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/basic")); err != nil {
		t.Fatal(err)
	}
	file := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	write := func(rel, text string) {
		os.MkdirAll(filepath.Dir(file(rel)), 0o755)
		if err := os.WriteFile(file(rel), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(rel string) string {
		src, err := os.ReadFile(file(rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(src)
	}
	const layout, page, other = "layouts/404.html", "content/doelen/autonomie.md", "content/themas/ict.md"
	goodLayout, otherText := `{{define "main"}}<h1>Weg</h1>{{end}}`, read(other)
	edits := 0
	editPage := func() {
		edits++
		write(page, strings.Replace(read(page), "Leerlingen groeien", fmt.Sprintf("Leerlingen groeien (%d)", edits), 1))
	}
	steps := []struct {
		name   string
		change func()
		fails  bool
	}{
		{"body edit and a broken layout", func() { editPage(); write(layout, `{{define "main"}}<h1>{{.Nope}</h1>{{end}}`) }, true},
		{"layout mended", func() { write(layout, goodLayout) }, false},
		{"body edit and a broken link elsewhere", func() { editPage(); write(other, otherText+"\n[weg](nergens.md)\n") }, true},
		{"link mended", func() { write(other, otherText) }, false},
	}
	write(layout, goodLayout)
	b := New(Options{Source: dir, Incremental: true})
	if res := b.Build(output.NewMem()); res.Problems.HasErrors(false) {
		t.Fatal(res.Problems)
	}
	for _, st := range steps {
		st.change()
		got := output.NewMem()
		res := b.Build(got)
		if res.Problems.HasErrors(false) != st.fails {
			t.Fatalf("%s: errors = %v, want %v:\n%s", st.name, res.Problems.HasErrors(false), st.fails, res.Problems)
		}
		if st.fails {
			continue
		}
		if res.SearchPending {
			got = output.NewMem()
			if fr := b.FinishSearch(got); fr.Problems.HasErrors(false) {
				t.Fatal(fr.Problems)
			}
		}
		full := output.NewMem()
		New(Options{Source: dir}).Build(full)
		for name, data := range full.Files() {
			if g, _ := got.ReadFile(name); !bytes.Equal(g, data) {
				t.Errorf("%s: %s differs from a full build's", st.name, name)
			}
		}
		if len(got.Files()) != len(full.Files()) {
			t.Errorf("%s: %d files, a full build has %d", st.name, len(got.Files()), len(full.Files()))
		}
	}
}
