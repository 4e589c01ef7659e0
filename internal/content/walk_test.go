package content

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestWalk checks what loading sees on a real disk: pages and assets in
// order, junk skipped silently, and a named pipe, a symlink and names with
// invisible characters reported, never opened or followed.
func TestWalk(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("---\ntitle: X\n---\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/_index.md")
	write("content/doelen/a.md")
	write("content/doelen/foto.jpg")
	write("content/doelen/.a.md.swp")
	write("content/doelen/a.md~")
	write("content/.git/config")
	write("content/doelen/zero\u200bwidth.md")
	if err := syscall.Mkfifo(filepath.Join(dir, "content", "doelen", "pijp.md"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	os.Symlink("/etc/passwd", filepath.Join(dir, "content", "doelen", "link.md"))

	files, problems := Walk(os.DirFS(dir))
	var got []string
	for _, f := range files {
		got = append(got, f.Path)
	}
	if want := "content/_index.md content/doelen/a.md content/doelen/foto.jpg"; strings.Join(got, " ") != want {
		t.Errorf("files = %q, want %q", strings.Join(got, " "), want)
	}
	want := `content/doelen/link.md: is a symbolic link; links are never followed: copy the file here instead
content/doelen/pijp.md: is a named pipe, not a file; remove it
content/doelen/zero` + "\u200b" + `width.md: file name contains an invisible or control character (U+200B); retype the name
`
	if problems.String() != want {
		t.Errorf("problems:\n%s\nwant:\n%s", problems, want)
	}
}
