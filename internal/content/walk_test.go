package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
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

// TestWalkWithoutContentFolder checks the two ways a site can lack a
// content/ folder: none, or a file of that name.
func TestWalkWithoutContentFolder(t *testing.T) {
	for _, c := range []struct {
		fsys fstest.MapFS
		want string
	}{
		{fstest.MapFS{}, "content: no content/ folder here; run handboek in the site folder or pass --source DIR\n"},
		{fstest.MapFS{"content": {Data: []byte("x")}}, "content: is a file, not a folder; the pages go in a folder named content\n"},
	} {
		files, problems := Walk(c.fsys)
		if len(files) != 0 || problems.String() != c.want {
			t.Errorf("%v: files %v, problems:\n%s\nwant:\n%s", c.fsys, files, problems, c.want)
		}
	}
}

// TestWalkOrder walks a tree of folders, read concurrently, and wants the
// files and problems in the order of fs.WalkDir: depth first, lexical.
func TestWalkOrder(t *testing.T) {
	fsys := fstest.MapFS{}
	var want []string
	var wantProblems []string
	for _, sec := range []string{"a", "a-b", "b", "doelen", "goede-praktijken"} {
		for _, year := range []string{"", "2016", "2016-b", "2017"} {
			dir := "content/" + sec
			if year != "" {
				dir += "/" + year
			}
			for _, name := range []string{"_index.md", "a.md", "a-b.md", "foto.jpg", "z.md", ".verborgen.md", "\u200b.md"} {
				fsys[dir+"/"+name] = &fstest.MapFile{Data: []byte("---\ntitle: X\n---\n")}
			}
		}
	}
	fsys["content/_index.md"] = &fstest.MapFile{Data: []byte("x")}
	fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		name := d.Name()
		switch {
		case strings.HasPrefix(name, "."):
			return nil
		case strings.HasPrefix(name, "\u200b"):
			wantProblems = append(wantProblems, p)
		case !d.IsDir():
			want = append(want, p)
		}
		return nil
	})
	files, problems := Walk(fsys)
	var got []string
	for _, f := range files {
		got = append(got, f.Path)
	}
	if !slices.Equal(got, want) {
		t.Errorf("files in the wrong order:\n got %q\nwant %q", got, want)
	}
	var gotProblems []string
	for _, p := range problems {
		gotProblems = append(gotProblems, p.Pos.File)
	}
	if !slices.Equal(gotProblems, wantProblems) {
		t.Errorf("problems in the wrong order:\n got %q\nwant %q", gotProblems, wantProblems)
	}
	if len(want) != 101 || len(wantProblems) != 20 {
		t.Errorf("the tree has %d files and %d bad names, want 101 and 20", len(want), len(wantProblems))
	}
}
