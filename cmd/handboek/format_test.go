package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/diag"
)

// writeSite writes files (slash paths) into a new temporary site folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// mistakes is a site with an error, a warning and a whole-file error.
var mistakes = map[string]string{
	"content/_index.md":      "---\ntitle: Handboek\n---\n",
	"content/doelen/x.md":    "---\ntitle: X\nsoort: proces\nsubregoi: arnhem\n---\n\n<b>vet</b>, 100%\n",
	"content/themas/leeg.md": "",
}

func TestGitHubAnnotations(t *testing.T) {
	dir := writeSite(t, mistakes)
	t.Setenv("GITHUB_ACTIONS", "true")
	t.Setenv("GITHUB_WORKSPACE", filepath.Dir(dir))
	code, stdout, stderr := runCLI("check", "--source", dir)
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	site := filepath.Base(dir)
	want := strings.Join([]string{
		"::error file=" + site + "/content/doelen/x.md,line=4,col=1::unknown key \"subregoi\"; allowed keys here: title, summary, date, draft, weight, slug, soort",
		"::warning file=" + site + "/content/doelen/x.md,line=7,col=1::raw HTML \"<b>\" is not rendered; write it in Markdown instead",
		"::warning file=" + site + "/content/doelen/x.md,line=7,col=7::raw HTML \"</b>\" is not rendered; write it in Markdown instead",
		"::error file=" + site + "/content/themas/leeg.md::file is empty; a page starts with frontmatter: a line ---, a line title: \"Titel van de pagina\", and a line ---",
	}, "\n") + "\n"
	if stdout != want {
		t.Errorf("annotations:\n%s\nwant:\n%s", stdout, want)
	}
	if !strings.Contains(stderr, "content/doelen/x.md:4:1: unknown key") {
		t.Errorf("text report missing from stderr:\n%s", stderr)
	}

	t.Setenv("GITHUB_ACTIONS", "")
	if _, stdout, _ := runCLI("check", "--source", dir); stdout != "" {
		t.Errorf("annotations outside GitHub Actions:\n%s", stdout)
	}
}

func TestGitHubEscaping(t *testing.T) {
	var b strings.Builder
	writeGitHub(&b, diag.List{
		{Pos: diag.Pos{File: "content/a,b:c.md", Line: 3}, Message: "100% fout\r\nregel"},
	}, ".")
	want := "::error file=content/a%2Cb%3Ac.md,line=3::100%25 fout%0D%0Aregel\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestGitLabReport(t *testing.T) {
	dir := writeSite(t, mistakes)
	t.Setenv("CI_PROJECT_DIR", dir)
	code, stdout, stderr := runCLI("check", "--source", dir, "--format", "gitlab")
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(stderr, "2 errors, 2 warnings") {
		t.Errorf("text report missing from stderr:\n%s", stderr)
	}
	var issues []gitlabIssue
	if err := json.Unmarshal([]byte(stdout), &issues); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if len(issues) != 4 {
		t.Fatalf("%d issues, want 4:\n%s", len(issues), stdout)
	}
	first, last := issues[0], issues[3]
	if first.Location.Path != "content/doelen/x.md" || first.Location.Lines.Begin != 4 || first.Severity != "major" || first.CheckName != "handboek-check" || !strings.HasPrefix(first.Description, `unknown key "subregoi"`) {
		t.Errorf("first issue = %+v", first)
	}
	if issues[1].Severity != "minor" {
		t.Errorf("a warning is %q, want minor", issues[1].Severity)
	}
	if last.Location.Path != "content/themas/leeg.md" || last.Location.Lines.Begin != 1 {
		t.Errorf("whole-file problem = %+v; want line 1", last.Location)
	}
	seen := map[string]bool{}
	for _, is := range issues {
		if len(is.Fingerprint) != 32 || seen[is.Fingerprint] {
			t.Errorf("fingerprint %q is not a unique 32-digit hash", is.Fingerprint)
		}
		seen[is.Fingerprint] = true
	}

	clean := writeSite(t, map[string]string{"content/_index.md": "---\ntitle: Handboek\n---\n"})
	code, stdout, stderr = runCLI("check", "--source", clean, "--format", "gitlab")
	if code != 0 || strings.TrimSpace(stdout) != "[]" || !strings.Contains(stderr, "no problems") {
		t.Errorf("clean site: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestRepoPath(t *testing.T) {
	abs, _ := filepath.Abs("site")
	t.Setenv("WS", filepath.Dir(abs))
	t.Setenv("EMPTY", "")
	tests := []struct{ source, file, env, want string }{
		{".", "content/x.md", "WS", "content/x.md"},
		{"site", "content/x.md", "WS", "site/content/x.md"},
		{"./site/", "content/x.md", "WS", "site/content/x.md"},
		{abs, "content/x.md", "WS", "site/content/x.md"},
		{abs, "content/x.md", "EMPTY", filepath.ToSlash(abs) + "/content/x.md"},
	}
	for _, tt := range tests {
		if got := repoPath(tt.source, tt.file, tt.env); got != tt.want {
			t.Errorf("repoPath(%q, %q) = %q, want %q", tt.source, tt.file, got, tt.want)
		}
	}
}
