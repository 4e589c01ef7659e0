package gitdates

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// repo is a temporary git repository whose commits have fixed dates.
type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	// Keep the machine's git configuration out of the test.
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	r := &repo{t: t, dir: t.TempDir()}
	r.git(nil, "init", "-q", "-b", "main")
	return r
}

func (r *repo) git(env []string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Redactie", "GIT_AUTHOR_EMAIL=redactie@example.org",
		"GIT_COMMITTER_NAME=Redactie", "GIT_COMMITTER_EMAIL=redactie@example.org")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (r *repo) write(name, text string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// commit commits everything with author date author and committer date committer.
func (r *repo) commit(author, committer string) {
	r.t.Helper()
	r.git(nil, "add", "-A")
	r.git([]string{"GIT_AUTHOR_DATE=" + author, "GIT_COMMITTER_DATE=" + committer}, "commit", "-q", "-m", "wijziging")
}

func TestLoad(t *testing.T) {
	r := newRepo(t)
	r.write("site/content/_index.md", "home")
	r.write("site/content/doelen/autonomie.md", "v1")
	r.write("site/content/Creëren samen.md", "v1")
	r.write("site/layouts/base.html", "x")
	r.write("README.md", "x")
	r.commit("2025-06-15T10:00:00+02:00", "2025-06-15T10:00:00+02:00")
	r.write("site/content/doelen/autonomie.md", "v2")
	// Author and committer differ, as after a rebase: the committer date counts.
	r.commit("2025-01-01T09:00:00+01:00", "2025-07-01T23:30:00+02:00")
	r.write("site/layouts/base.html", "y")
	r.write("README.md", "y")
	r.commit("2025-08-01T12:00:00Z", "2025-08-01T12:00:00Z")
	// A commit whose date is older than its parent's (clock skew) does not
	// make a file look older.
	r.write("site/content/_index.md", "home 2")
	r.commit("2025-03-01T08:00:00Z", "2025-03-01T08:00:00Z")

	got, err := Load(context.Background(), filepath.Join(r.dir, "site"), "content")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"content/_index.md":           "2025-06-15T10:00:00+02:00",
		"content/doelen/autonomie.md": "2025-07-01T23:30:00+02:00",
		"content/Creëren samen.md":    "2025-06-15T10:00:00+02:00",
	}
	if len(got) != len(want) {
		t.Errorf("got %d files, want %d: %v", len(got), len(want), got)
	}
	for file, w := range want {
		if g := got[file].Format(time.RFC3339); g != w {
			t.Errorf("%s: got %s, want %s", file, g, w)
		}
	}
	// The date keeps the committer's zone: 23:30 on 1 July in +02:00 is still
	// 1 July on the page, although it is 21:30 UTC.
	if d := got["content/doelen/autonomie.md"]; d.Day() != 1 || d.UTC().Hour() != 21 {
		t.Errorf("zone lost: %v", d)
	}
}

func TestLoadNothing(t *testing.T) {
	r := newRepo(t)
	r.write("content/a.md", "a")
	r.commit("2025-06-15T10:00:00Z", "2025-06-15T10:00:00Z")
	r.write("content/a.md", "b")
	r.commit("2025-06-16T10:00:00Z", "2025-06-16T10:00:00Z")

	shallow := filepath.Join(t.TempDir(), "shallow")
	r.git(nil, "clone", "-q", "--depth", "1", "file://"+r.dir, shallow)
	empty := newRepo(t)
	outside := t.TempDir()
	// Make sure git does not find a repository above the temporary folder.
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(outside))

	for _, tt := range []struct{ name, dir string }{
		{"shallow clone", shallow},
		{"no commits yet", empty.dir},
		{"outside a repository", outside},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Load(context.Background(), tt.dir, "content")
			if err != nil || got != nil {
				t.Errorf("got %v, %v; want nil, nil", got, err)
			}
		})
	}
	if got, err := Load(context.Background(), r.dir, "content"); err != nil || len(got) != 1 {
		t.Errorf("full clone: got %v, %v; want one file", got, err)
	}
}

func TestLoadNoGit(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	got, err := Load(context.Background(), t.TempDir())
	if err != nil || got != nil {
		t.Errorf("got %v, %v; want nil, nil", got, err)
	}
}

func TestLoadError(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	_, err := Load(context.Background(), filepath.Join(t.TempDir(), "missing"))
	if err == nil {
		t.Error("a missing folder is an error")
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, out string
		want      map[string]string
		wantErr   bool
	}{
		{"empty", "", map[string]string{}, false},
		{"merge commit without files", "\x012025-06-15T10:00:00Z\x00\n\x012025-06-14T10:00:00Z\x00\na.md\x00", map[string]string{"a.md": "2025-06-14T10:00:00Z"}, false},
		{"name with newline-free specials", "\x012025-06-15T10:00:00+02:00\x00\na \"b\".md\x00c\\d.md\x00", map[string]string{`a "b".md`: "2025-06-15T10:00:00+02:00", `c\d.md`: "2025-06-15T10:00:00+02:00"}, false},
		{"bad date", "\x01gisteren\x00\na.md\x00", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parse([]byte(tt.out))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if len(got) != len(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			for f, w := range tt.want {
				if g := got[f].Format(time.RFC3339); g != w {
					t.Errorf("%s: got %s, want %s", f, g, w)
				}
			}
		})
	}
}
