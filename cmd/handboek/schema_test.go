package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/content"
)

func TestSchemaCommand(t *testing.T) {
	dir := writeSite(t, smallSite)
	code, _, stderr := runCLI("schema", "--source", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, s := range content.Schemas {
		if _, err := os.Stat(filepath.Join(dir, "schemas", s.Section+".schema.json")); err != nil {
			t.Error(err)
		}
	}
	var besturen struct {
		Properties map[string]struct {
			Enum []any `json:"enum"`
		} `json:"properties"`
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "schemas/goede-praktijken.schema.json"))
	if err := json.Unmarshal(raw, &besturen); err != nil {
		t.Fatal(err)
	}
	if got := besturen.Properties["subregio"].Enum; !slices.Equal(got, []any{"arnhem", "", nil}) {
		t.Errorf("subregio enum = %v", got)
	}
	if !strings.Contains(string(raw), `"delta"`) || strings.Contains(string(raw), `"concept"`) {
		t.Errorf("besturen: want delta and not the draft concept:\n%s", raw)
	}
	fm, err := os.ReadFile(filepath.Join(dir, "frontmatter.json"))
	if err != nil || !json.Valid(fm) || !strings.Contains(string(fm), `"title": "Stichting Delta"`) {
		t.Errorf("frontmatter.json: %v\n%s", err, fm)
	}

	out := filepath.Join(t.TempDir(), "elders")
	if code, _, stderr := runCLI("schema", "--source", dir, "--out", out, "--frontmatter", "-"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) != len(content.Schemas) {
		t.Errorf("--out holds %d files, want %d", len(entries), len(content.Schemas))
	}

	broken := writeSite(t, map[string]string{"content/_index.md": "---\ntitle: H\n---\n", "content/themas/x.md": "---\ntitel: X\n---\n"})
	code, _, stderr = runCLI("schema", "--source", broken)
	if code != 1 || !strings.Contains(stderr, `unknown key "titel" (did you mean "title"?)`) || !strings.Contains(stderr, "fix these problems first") {
		t.Errorf("broken site: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(broken, "schemas")); err == nil {
		t.Error("schemas written for a broken site")
	}
}
