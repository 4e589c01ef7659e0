package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/benchgen"
	"github.com/samenopleiden/handboek/internal/markdown"
	"github.com/samenopleiden/handboek/internal/output"
)

// One-off builds minify Markdown bodies with output.Minifier.Body, which
// only drops the newline goldmark writes after block tags. These tests hold
// it to the full minifier: whatever Body leaves of a rendered body, the full
// minifier takes away the same, for the handbook, the test site, a generated
// site and fuzzed Markdown.

func TestBodyMinifyEqualsFull(t *testing.T) {
	gen := t.TempDir()
	if _, err := benchgen.Generate(gen, benchgen.Options{Pages: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	md, min := markdown.New(), output.NewMinifier()
	for _, site := range []string{"../../", "testdata/basic", gen} {
		n := 0
		err := filepath.WalkDir(filepath.Join(site, "content"), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			n++
			checkBodyMinify(t, md, min, path, body(src))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Fatalf("%s: no pages", site)
		}
	}
}

func FuzzBodyMinify(f *testing.F) {
	for _, s := range []string{
		"# Titel\n\nTekst met [link](../a.md#x) en ![alt](foto.jpg).\n\n- a\n- b\n\n  c\n",
		"| a | b |\n|---|---|\n| c | d |\n\n[^1]\n\n[^1]: voetnoot \"x\"",
		"> citaat\n>\n> - lijst\n\n```go\nx := 1\n\n<p>\n```\n\n    ingesprongen\n\ncode\n",
		"Term\n: definitie\n\n***\n\nTwee  spaties\\\nregel  \nregel",
		"1. een\n2. twee\n   1. drie\n\n- [ ] taak\n- [x] klaar",
	} {
		f.Add(s)
	}
	md, min := markdown.New(), output.NewMinifier()
	f.Fuzz(func(t *testing.T, src string) {
		checkBodyMinify(t, md, min, "content/x.md", []byte(src))
	})
}

func checkBodyMinify(t *testing.T, md *markdown.Markdown, min *output.Minifier, name string, src []byte) {
	t.Helper()
	html, err := md.Render(md.Parse(name, src, 0), nil)
	if err != nil {
		return // the build reports it; there is nothing to minify
	}
	full, err := min.HTML(bytes.Clone(html)) // HTML works in place
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	light, _ := min.Body(bytes.Clone(html))
	if !bytes.Equal(bytes.ReplaceAll(light, []byte("\n"), nil), bytes.ReplaceAll(html, []byte("\n"), nil)) {
		t.Fatalf("%s: Body removed more than newlines:\n%s\n%s", name, html, light)
	}
	if again, _ := min.HTML(light); !bytes.Equal(again, full) {
		t.Fatalf("%s: minified in full, Body's output differs from the body's:\n%s\n%s", name, again, full)
	}
}

// body returns the Markdown after a file's frontmatter.
func body(src []byte) []byte {
	if rest, ok := bytes.CutPrefix(src, []byte("---\n")); ok {
		if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
			return rest[i+5:]
		}
	}
	return src
}
