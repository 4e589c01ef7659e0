package benchgen

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/build"
	"github.com/samenopleiden/handboek/internal/output"
)

// TestGeneratedSiteChecks builds generated sites the way `handboek check`
// does and requires zero problems: no errors and no warnings.
func TestGeneratedSiteChecks(t *testing.T) {
	for _, tc := range []struct {
		pages int
		seed  uint64
	}{
		{MinPages, 1},
		{300, 2},
		{300, 7},
	} {
		dir := t.TempDir()
		st, err := Generate(dir, Options{Pages: tc.pages, Seed: tc.seed})
		if err != nil {
			t.Fatal(err)
		}
		if st.Files != tc.pages {
			t.Errorf("pages=%d: wrote %d files", tc.pages, st.Files)
		}
		res := build.New(build.Options{Source: dir}).Build(output.Discard{})
		if len(res.Problems) > 0 {
			t.Errorf("pages=%d seed=%d: %d problems:\n%s", tc.pages, tc.seed, len(res.Problems), res.Problems.Sorted().String())
		}
		if want := tc.pages - st.Drafts; res.Site == nil || len(res.Site.Pages) != want-1-len(sections) {
			t.Errorf("pages=%d: the site has not the %d regular pages expected", tc.pages, want-1-len(sections))
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for dir, seed := range map[string]uint64{a: 5, b: 5, c: 6} {
		if _, err := Generate(dir, Options{Pages: 120, Seed: seed}); err != nil {
			t.Fatal(err)
		}
	}
	fa, fb, fc := files(t, a), files(t, b), files(t, c)
	if len(fa) != 120 || len(fa) != len(fb) {
		t.Fatalf("got %d and %d files, want 120", len(fa), len(fb))
	}
	differ := 0
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
		if !bytes.Equal(data, fc[name]) {
			differ++
		}
	}
	if differ < 100 {
		t.Errorf("another seed changed only %d of 120 files", differ)
	}
}

func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCorpusShape checks what makes the corpus like the benchmark issue's:
// every section, about 8 KB a page, links with anchors, year folders.
func TestCorpusShape(t *testing.T) {
	dir := t.TempDir()
	const n = 400
	st, err := Generate(dir, Options{Pages: n, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, sec := range sections {
		if st.Sections[sec] == 0 {
			t.Errorf("no pages in %s", sec)
		}
	}
	if st.Sections[""] != len(plainPages) {
		t.Errorf("%d top-level pages, want %d", st.Sections[""], len(plainPages))
	}
	if avg := st.Bytes / int64(st.Files); avg < 6500 || avg > 10000 {
		t.Errorf("average file is %d bytes, want about 8 KB", avg)
	}
	if st.Links < 10*n || st.Anchors < st.Links/3 {
		t.Errorf("%d page links, %d with anchors: too few", st.Links, st.Anchors)
	}
	years, _ := os.ReadDir(filepath.Join(dir, "content", "goede-praktijken"))
	if len(years) < 5 {
		t.Errorf("goede-praktijken has %d entries, want year folders", len(years))
	}
	src := files(t, dir)
	var all strings.Builder
	for _, data := range src {
		all.Write(data)
	}
	for _, want := range []string{"\n## ", "\n### ", "\n- ", "\n1. ", "\n| --- |", "\n> ", "\n: ", "](../", ".md#", "[^1]", "**", "ë"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("corpus never contains %q", want)
		}
	}
}

// TestZipf checks the word distribution: a frequent core of head words and a
// long tail in which many words occur only once.
func TestZipf(t *testing.T) {
	v := newVocabulary(1, 150_000)
	tx := newText(v, rand.New(rand.NewPCG(1, 2)))
	counts := map[string]int{}
	const draws = 200_000
	for range draws {
		counts[tx.word()]++
	}
	once := 0
	for _, c := range counts {
		if c == 1 {
			once++
		}
	}
	if counts["de"] < counts["samenwerking"] || counts["de"] < draws/50 {
		t.Errorf("'de' drawn %d times, 'samenwerking' %d: the head is not frequent", counts["de"], counts["samenwerking"])
	}
	if len(counts) < 20_000 || once < len(counts)/3 {
		t.Errorf("%d distinct words in %d draws, %d once: the tail is not long", len(counts), draws, once)
	}
}

func TestRel(t *testing.T) {
	for _, tc := range []struct{ dir, file, want string }{
		{"content/doelen", "content/doelen/x.md", "x.md"},
		{"content/doelen", "content/themas/y.md", "../themas/y.md"},
		{"content/goede-praktijken/2020", "content/contact.md", "../../contact.md"},
		{"content/goede-praktijken/2020", "content/goede-praktijken/2021/z.md", "../2021/z.md"},
		{"content", "content/doelen/_index.md", "doelen/_index.md"},
	} {
		if got := rel(tc.dir, tc.file); got != tc.want {
			t.Errorf("rel(%q, %q) = %q, want %q", tc.dir, tc.file, got, tc.want)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"een twee drie", 100, "een twee drie"},
		{"een twee drie", 8, "een twee\ndrie"},
		{"lange woorden blijven heel", 3, "lange\nwoorden\nblijven\nheel"},
	} {
		if got := wrap(tc.in, tc.width); got != tc.want {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}
