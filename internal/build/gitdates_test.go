package build

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/output"
)

// TestGitDates builds a site in a temporary git repository with fixed commit
// dates: each page shows the date of the last commit that touched its file,
// and the sitemap carries it as lastmod. Without GitDates nothing is shown.
func TestGitDates(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir := t.TempDir()
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=R", "GIT_AUTHOR_EMAIL=r@example.org",
			"GIT_COMMITTER_NAME=R", "GIT_COMMITTER_EMAIL=r@example.org",
			"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/_index.md", "---\ntitle: Handboek\n---\n")
	write("content/themas/ict.md", "---\ntitle: ICT\ndate: 2025-01-10\n---\nTekst.\n")
	write("content/themas/taal.md", "---\ntitle: Taal\n---\nTekst.\n")
	git("", "init", "-q")
	git("", "add", "-A")
	git("2025-05-01T12:00:00+02:00", "commit", "-q", "-m", "begin")
	write("content/themas/ict.md", "---\ntitle: ICT\ndate: 2025-01-10\n---\nNieuwe tekst.\n")
	git("", "add", "-A")
	git("2025-06-15T09:00:00+02:00", "commit", "-q", "-m", "ict bijgewerkt")
	write("content/themas/nieuw.md", "---\ntitle: Nieuw\n---\nNog niet gecommit.\n")

	mem := output.NewMem()
	res := New(Options{Source: dir, GitDates: true}).Build(mem)
	if res.Problems.HasErrors(true) {
		t.Fatalf("build: %s", res.Problems)
	}
	for _, tt := range []struct {
		file, want string
	}{
		{"themas/ict/index.html", "Gepubliceerd op <time datetime=\"2025-01-10\">10 januari 2025</time> · Laatst bijgewerkt op <time datetime=\"2025-06-15\">15 juni 2025</time>"},
		{"themas/taal/index.html", "Laatst bijgewerkt op <time datetime=\"2025-05-01\">1 mei 2025</time>"},
		{"sitemap.xml", "<loc>/themas/ict/</loc><lastmod>2025-06-15</lastmod>"},
		{"sitemap.xml", "<loc>/themas/taal/</loc><lastmod>2025-05-01</lastmod>"},
		{"sitemap.xml", "<loc>/themas/nieuw/</loc></url>"},
	} {
		got, _ := mem.ReadFile(tt.file)
		if !strings.Contains(string(got), tt.want) {
			t.Errorf("%s lacks %q:\n%s", tt.file, tt.want, got)
		}
	}
	if got, _ := mem.ReadFile("themas/nieuw/index.html"); strings.Contains(string(got), "Laatst bijgewerkt") {
		t.Error("an uncommitted file has a date")
	}
	plain := output.NewMem()
	New(Options{Source: dir}).Build(plain)
	if got, _ := plain.ReadFile("themas/ict/index.html"); strings.Contains(string(got), "Laatst bijgewerkt") || len(got) == 0 {
		t.Error("dates shown without GitDates")
	}
}

// TestGitDatesFailureIsAWarning: when git fails (here a stand-in on PATH
// that always does), the build still succeeds, without dates, and says why.
func TestGitDatesFailureIsAWarning(t *testing.T) {
	bin := t.TempDir()
	fake := "#!/bin/sh\necho 'fatal: the disk is on fire' >&2\nexit 128\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	dir := t.TempDir()
	for name, text := range map[string]string{
		"content/_index.md":     "---\ntitle: Handboek\n---\n",
		"content/themas/ict.md": "---\ntitle: ICT\n---\nTekst.\n",
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mem := output.NewMem()
	res := New(Options{Source: dir, GitDates: true}).Build(mem)
	if res.Problems.HasErrors(false) {
		t.Fatalf("build failed: %s", res.Problems)
	}
	want := `content: warning: no "Laatst bijgewerkt op" dates: git rev-parse --is-shallow-repository: fatal: the disk is on fire`
	if got := res.Problems.String(); !strings.Contains(got, want) {
		t.Errorf("problems = %q, want them to contain %q", got, want)
	}
	if got, _ := mem.ReadFile("themas/ict/index.html"); len(got) == 0 || strings.Contains(string(got), "Laatst bijgewerkt") {
		t.Errorf("themas/ict/index.html without git: %q", got)
	}
}
