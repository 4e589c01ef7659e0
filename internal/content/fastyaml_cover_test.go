package content_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/samenopleiden/handboek/internal/benchgen"
	"github.com/samenopleiden/handboek/internal/content"
)

// TestFastYAMLCoversContent checks that the fast path builds the tree yaml.v3
// builds for the frontmatter of the real handbook (read only) and of a
// generated site, and that it reads every generated file: a change to the
// content model or to benchgen that leaves the fast path shows up here. An
// editor may write YAML the fast path leaves to yaml.v3 (a comment, say):
// that is only logged, so that such a file never fails the tests.
func TestFastYAMLCoversContent(t *testing.T) {
	gen := t.TempDir()
	if _, err := benchgen.Generate(gen, benchgen.Options{Pages: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"../../content", filepath.Join(gen, "content")} {
		n, generated := 0, dir != "../../content"
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			n++
			start, stop, _ := content.FrontmatterSpan(src)
			if stop < 0 {
				t.Errorf("%s: no frontmatter", path)
				return nil
			}
			data := src[start:stop]
			var got, want yaml.Node
			if !content.FastYAML(string(data), &got, nil) {
				report := t.Logf
				if generated {
					report = t.Errorf
				}
				report("%s: the fast path does not read this frontmatter:\n%s", path, data)
				return nil
			}
			if err := yaml.Unmarshal(data, &want); err != nil {
				t.Errorf("%s: %v", path, err)
			} else if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: the fast path builds another tree than yaml.v3 (see TestFastYAML)", path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n < 50 {
			t.Errorf("%s: only %d files", dir, n)
		}
	}
}
