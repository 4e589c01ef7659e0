package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samenopleiden/handboek/internal/content"
)

// smallSite has a page in every section that references name.
var smallSite = map[string]string{
	"content/_index.md":             "---\ntitle: Handboek\n---\n",
	"content/subregios/arnhem.md":   "---\ntitle: Arnhem\n---\n",
	"content/themas/ict.md":         "---\ntitle: ICT\n---\n",
	"content/doelen/autonomie.md":   "---\ntitle: Autonomie\nsoort: proces\n---\n",
	"content/besturen/delta.md":     "---\ntitle: Stichting Delta\nsubregio: arnhem\n---\n",
	"content/besturen/concept.md":   "---\ntitle: Concept\ndraft: true\n---\n",
	"content/themas/_index.md":      "---\ntitle: Thema's\n---\n",
	"content/handboek/inleiding.md": "---\ntitle: Inleiding\nweight: 1\n---\n",
}

func fixClock(t *testing.T) {
	t.Helper()
	old := now
	now = func() time.Time { return time.Date(2025, 6, 15, 23, 59, 0, 0, time.UTC) }
	t.Cleanup(func() { now = old })
}

// TestNewEverySection creates a page in every section of a small site; each
// must pass check, strictly, with and without drafts.
func TestNewEverySection(t *testing.T) {
	fixClock(t)
	dir := writeSite(t, smallSite)
	for _, section := range content.Sections() {
		code, stdout, stderr := runCLI("new", "--source", dir, section, "  Samen Leren: één stap  ")
		want := filepath.Join(dir, "content", section, "samen-leren-een-stap.md")
		if code != 0 || strings.TrimSpace(stdout) != want {
			t.Fatalf("new %s: exit %d, stdout %q, stderr %s", section, code, stdout, stderr)
		}
		text, err := os.ReadFile(want)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"\ntitle: \"Samen Leren: één stap\"\n", "\ndate: 2025-06-15 ", "\ndraft: true "} {
			if !strings.Contains(string(text), s) {
				t.Errorf("%s: lacks %q:\n%s", section, s, text)
			}
		}
	}
	for _, args := range [][]string{{"check", "--strict"}, {"check", "--strict", "--drafts"}} {
		if code, _, stderr := runCLI(append(args, "--source", dir)...); code != 0 {
			t.Errorf("%v after new: exit %d\n%s", args, code, stderr)
		}
	}
	// Examples in the comments come from the site's pages.
	text, _ := os.ReadFile(filepath.Join(dir, "content/goede-praktijken/samen-leren-een-stap.md"))
	if !strings.Contains(string(text), "Bijvoorbeeld: arnhem.") || !strings.Contains(string(text), "## Aanleiding") {
		t.Errorf("good practice:\n%s", text)
	}
}

func TestNewRefuses(t *testing.T) {
	fixClock(t)
	dir := writeSite(t, map[string]string{
		"content/_index.md":             "---\ntitle: Handboek\n---\n",
		"content/themas/Samen Leren.md": "---\ntitle: Samen leren\n---\n",
		"content/doelen/autonomie.md":   "---\ntitle: Autonomie\nsoort: proces\n---\n",
	})
	tests := []struct {
		name      string
		args      []string
		code      int
		stderrHas string
	}{
		{"unknown section", []string{"new", "--source", dir, "goede-praktijk", "X"}, 2,
			`unknown section "goede-praktijk" (did you mean "goede-praktijken"?); the sections are: handboek, goede-praktijken, masterclasses, subregios, doelen, themas, besturen`},
		{"no title", []string{"new", "--source", dir, "themas"}, 2, "want a section and a title"},
		{"too many", []string{"new", "--source", dir, "themas", "A", "B"}, 2, "want a section and a title"},
		{"title without letters", []string{"new", "--source", dir, "themas", "?!"}, 2, "has no letters or digits"},
		{"bad flag", []string{"new", "--bron", dir, "themas", "X"}, 2, "flag provided but not defined"},
		{"same address", []string{"new", "--source", dir, "themas", "Samen leren"}, 1,
			"content/themas/Samen Leren.md already exists with the address of this title"},
		{"exists", []string{"new", "--source", dir, "doelen", "Autonomie"}, 1, "content/doelen/autonomie.md already exists"},
		{"no content", []string{"new", "--source", t.TempDir(), "themas", "X"}, 1, "no content/ folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderrHas) || stdout != "" {
				t.Errorf("exit %d (want %d), stdout %q, stderr:\n%s\nwant it to contain %q", code, tt.code, stdout, stderr, tt.stderrHas)
			}
		})
	}
	if text, _ := os.ReadFile(filepath.Join(dir, "content/doelen/autonomie.md")); string(text) != "---\ntitle: Autonomie\nsoort: proces\n---\n" {
		t.Errorf("existing page overwritten:\n%s", text)
	}
}

func TestNewFlagOrder(t *testing.T) {
	fixClock(t)
	for i, args := range [][]string{
		{"themas", "Rekenen", "--source", "DIR"},
		{"themas", "--source", "DIR", "Rekenen"},
		{"--source", "DIR", "--", "themas", "Rekenen"},
	} {
		dir := writeSite(t, map[string]string{"content/_index.md": "---\ntitle: H\n---\n"})
		for j := range args {
			if args[j] == "DIR" {
				args[j] = dir
			}
		}
		if code, _, stderr := runCLI(append([]string{"new"}, args...)...); code != 0 {
			t.Errorf("%d: exit %d: %s", i, code, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "content/themas/rekenen.md")); err != nil {
			t.Errorf("%d: %v", i, err)
		}
	}
}
