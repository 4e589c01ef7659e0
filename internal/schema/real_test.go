package schema

import (
	"encoding/json"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/site"
)

// TestRealContent validates the frontmatter of every page of the real
// handbook (content/ of this repository) against the JSON Schemas generated
// from its own slugs: what check accepts, the schemas accept.
func TestRealContent(t *testing.T) {
	fsys := os.DirFS("../..")
	files, problems := content.Walk(fsys)
	var pages []*content.Page
	var assets []string
	for _, f := range files {
		if !f.Page {
			assets = append(assets, f.Path)
			continue
		}
		src, err := fs.ReadFile(fsys, f.Path)
		if err != nil {
			t.Fatal(err)
		}
		p, l := content.Parse(md, f.Path, src, content.Options{})
		problems.Append(l)
		if p != nil {
			pages = append(pages, p)
		}
	}
	s, l := site.Link(pages, assets, site.Options{})
	problems.Append(l)
	if problems.HasErrors(false) {
		t.Fatalf("the real content has errors:\n%s", problems)
	}
	choices := ChoicesOf(s)
	for _, section := range []string{"subregios", "themas", "doelen", "besturen"} {
		if len(choices[section]) == 0 {
			t.Errorf("no choices for %s", section)
		}
	}

	schemas := map[string]map[string]any{}
	for _, sec := range content.Schemas {
		raw, err := JSONSchema(sec, choices)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		schemas[sec.Section] = m
	}
	checked := 0
	for _, p := range pages {
		sch := schemas[p.Section]
		if p.Kind != content.Regular || sch == nil {
			continue
		}
		src, _ := fs.ReadFile(fsys, p.File)
		fm, _, ok := strings.Cut(strings.TrimPrefix(string(src), "---\n"), "\n---\n")
		if !ok {
			t.Fatalf("%s: no frontmatter", p.File)
		}
		for _, problem := range validate(sch, fromYAML(t, fm)) {
			t.Errorf("%s: %s", p.File, problem)
		}
		checked++
	}
	if checked < 50 {
		t.Errorf("validated only %d pages", checked)
	}
	t.Logf("validated %d pages against %d schemas", checked, len(schemas))
}
