package watch

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// wait is how long a test waits for an expected batch. Tests never assert
// that something takes at least some time.
const wait = 5 * time.Second

// site writes files (slash path -> content) under a new temp folder.
func site(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, data := range files {
		write(t, root, p, data)
	}
	return root
}

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// diskFiles lists the files the watcher should know: every non-folder that
// Classify accepts, without following symlinks.
func diskFiles(t *testing.T, root string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if _, ok := Classify(rel); !ok {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			out[rel] = true
		}
		return nil
	})
	must(t, err)
	return out
}

// consumer applies batches to its own picture of the files, the way a build
// would, and checks that every Op makes sense against that picture.
type consumer struct {
	w       *Watcher
	root    string
	files   map[string]bool // what the consumer believes exists
	batches int             // received so far
}

func newConsumer(t *testing.T, root string, poll bool) *consumer {
	t.Helper()
	w, err := New(Options{
		Root: root, Poll: poll, PollInterval: 20 * time.Millisecond,
		OnError: func(err error) { t.Errorf("watch error: %v", err) },
	})
	must(t, err)
	t.Cleanup(func() { w.Close() })
	return &consumer{w: w, root: root, files: diskFiles(t, root)}
}

// step reads batches until the consumer's picture equals the disk and every
// path in want has arrived, then checks the net Op per path (merged over the
// batches read) against want. Paths not in want may only show up as Write: a
// spurious Write is allowed by the contract, a spurious Create or Remove is not.
// Nothing is read while the test changes files, so batches also merge inside
// the watcher; the net Ops do not depend on how events were split into batches.
func (c *consumer) step(t *testing.T, want map[string]Op) {
	t.Helper()
	net := batch{}
	deadline := time.After(wait)
	done := func() bool {
		if !mapsEqual(c.files, diskFiles(t, c.root)) {
			return false
		}
		for p := range want {
			if _, ok := net[p]; !ok {
				return false
			}
		}
		return true
	}
	for !done() {
		select {
		case b, ok := <-c.w.Batches():
			if !ok {
				t.Fatal("Batches closed")
			}
			c.apply(t, b)
			for _, ch := range b {
				net.add(ch)
			}
		case <-deadline:
			t.Fatalf("after %v: consumer has %v\ndisk has %v\nnet changes:\n%s",
				wait, keys(c.files), keys(diskFiles(t, c.root)), changes(net))
		}
	}
	for p, op := range want {
		if got := net[p].Op; got != op {
			t.Errorf("%s: got %v, want %v", p, got, op)
		}
	}
	for p, ch := range net {
		if _, ok := want[p]; !ok && ch.Op != Write {
			t.Errorf("unexpected %v", ch)
		}
	}
}

func (c *consumer) apply(t *testing.T, b []Change) {
	t.Helper()
	c.batches++
	if len(b) == 0 {
		t.Error("empty batch")
	}
	if !slices.IsSortedFunc(b, func(x, y Change) int { return strings.Compare(x.Path, y.Path) }) {
		t.Errorf("batch not sorted: %v", b)
	}
	for _, ch := range b {
		kind, ok := Classify(ch.Path)
		if !ok || kind != ch.Kind {
			t.Errorf("%v: kind %v, Classify says %v, %v", ch, ch.Kind, kind, ok)
		}
		switch {
		case ch.Op == Create && c.files[ch.Path]:
			t.Errorf("%v: path was already there", ch)
		case ch.Op != Create && !c.files[ch.Path]:
			t.Errorf("%v: path was not there", ch)
		}
		if ch.Op == Remove {
			delete(c.files, ch.Path)
		} else {
			c.files[ch.Path] = true
		}
	}
}

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func startSite(t *testing.T) string {
	return site(t, map[string]string{
		"content/_index.md":      "---\ntitle: Home\n---\n",
		"content/themas/ict.md":  "---\ntitle: ICT\n---\n",
		"content/themas/taal.md": "---\ntitle: Taal\n---\n",
		"layouts/page.html":      "<main>{{.Content}}</main>",
		"static/css/site.css":    "body{}",
		"public/index.html":      "old output",
		"README.md":              "readme",
	})
}

// TestWatch runs a sequence of edits against one site, once with events and
// once polling, and checks the net changes after each.
func TestWatch(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run(map[bool]string{false: "events", true: "poll"}[poll], func(t *testing.T) {
			root := startSite(t)
			c := newConsumer(t, root, poll)
			p := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }

			t.Run("in-place write", func(t *testing.T) {
				write(t, root, "content/themas/ict.md", "---\ntitle: ICT en AI\n---\n")
				c.step(t, map[string]Op{"content/themas/ict.md": Write})
			})
			t.Run("vim save", func(t *testing.T) {
				// vim: probe the folder, keep a backup by renaming, write anew, drop the backup.
				write(t, root, "content/themas/4913", "")
				must(t, os.Remove(p("content/themas/4913")))
				must(t, os.Rename(p("content/themas/ict.md"), p("content/themas/ict.md~")))
				write(t, root, "content/themas/ict.md", "---\ntitle: ICT (vim)\n---\n")
				write(t, root, "content/themas/.ict.md.swp", "swap")
				must(t, os.Remove(p("content/themas/ict.md~")))
				c.step(t, map[string]Op{"content/themas/ict.md": Write})
			})
			t.Run("JetBrains save", func(t *testing.T) {
				write(t, root, "content/themas/taal.md___jb_tmp___", "---\ntitle: Taal (idea)\n---\n")
				must(t, os.Rename(p("content/themas/taal.md"), p("content/themas/taal.md___jb_old___")))
				must(t, os.Rename(p("content/themas/taal.md___jb_tmp___"), p("content/themas/taal.md")))
				must(t, os.Remove(p("content/themas/taal.md___jb_old___")))
				c.step(t, map[string]Op{"content/themas/taal.md": Write})
			})
			t.Run("rename over", func(t *testing.T) {
				// VS Code and gedit style: a temp file renamed over the target.
				write(t, root, "layouts/.page.html.goutputstream-X1", "<main>new</main>")
				must(t, os.Rename(p("layouts/.page.html.goutputstream-X1"), p("layouts/page.html")))
				c.step(t, map[string]Op{"layouts/page.html": Write})
			})
			t.Run("new file", func(t *testing.T) {
				write(t, root, "content/themas/rekenen.md", "---\ntitle: Rekenen\n---\n")
				c.step(t, map[string]Op{"content/themas/rekenen.md": Create})
			})
			t.Run("new folder with files", func(t *testing.T) {
				write(t, root, "content/doelen/a.md", "a")
				write(t, root, "content/doelen/b.md", "b")
				write(t, root, "content/doelen/2026/c.md", "c")
				write(t, root, "content/doelen/2026/foto.jpg", "jpg")
				c.step(t, map[string]Op{
					"content/doelen/a.md":          Create,
					"content/doelen/b.md":          Create,
					"content/doelen/2026/c.md":     Create,
					"content/doelen/2026/foto.jpg": Create,
				})
			})
			t.Run("write in the new folder", func(t *testing.T) {
				write(t, root, "content/doelen/2026/c.md", "c, edited")
				c.step(t, map[string]Op{"content/doelen/2026/c.md": Write})
			})
			t.Run("rename folder", func(t *testing.T) {
				must(t, os.Rename(p("content/doelen"), p("content/goede-praktijken")))
				c.step(t, map[string]Op{
					"content/doelen/a.md":                    Remove,
					"content/doelen/b.md":                    Remove,
					"content/doelen/2026/c.md":               Remove,
					"content/doelen/2026/foto.jpg":           Remove,
					"content/goede-praktijken/a.md":          Create,
					"content/goede-praktijken/b.md":          Create,
					"content/goede-praktijken/2026/c.md":     Create,
					"content/goede-praktijken/2026/foto.jpg": Create,
				})
			})
			t.Run("write in the renamed folder", func(t *testing.T) {
				// The watches follow the new name: paths are reported under it.
				write(t, root, "content/goede-praktijken/2026/c.md", "c, edited again")
				c.step(t, map[string]Op{"content/goede-praktijken/2026/c.md": Write})
			})
			t.Run("delete folder", func(t *testing.T) {
				must(t, os.RemoveAll(p("content/goede-praktijken")))
				c.step(t, map[string]Op{
					"content/goede-praktijken/a.md":          Remove,
					"content/goede-praktijken/b.md":          Remove,
					"content/goede-praktijken/2026/c.md":     Remove,
					"content/goede-praktijken/2026/foto.jpg": Remove,
				})
			})
			t.Run("delete file", func(t *testing.T) {
				must(t, os.Remove(p("content/themas/rekenen.md")))
				c.step(t, map[string]Op{"content/themas/rekenen.md": Remove})
			})
			t.Run("created and deleted within a burst", func(t *testing.T) {
				write(t, root, "content/themas/kort.md", "kort")
				must(t, os.Remove(p("content/themas/kort.md")))
				write(t, root, "static/robots.txt", "User-agent: *") // so there is a batch to wait for
				c.step(t, map[string]Op{"static/robots.txt": Create})
			})
			t.Run("symlink reported, not followed", func(t *testing.T) {
				must(t, os.Symlink(p("public"), p("static/uit")))
				c.step(t, map[string]Op{"static/uit": Create})
			})
			t.Run("outside and junk ignored", func(t *testing.T) {
				write(t, root, "public/index.html", "new output")
				write(t, root, "README.md", "new readme")
				write(t, root, "content/.hidden/x.md", "hidden")
				write(t, root, "content/themas/ict.md.tmp", "tmp")
				write(t, root, "static/css/site.css", "body{color:red}")
				c.step(t, map[string]Op{"static/css/site.css": Write})
			})
			t.Run("burst of 200 files", func(t *testing.T) {
				before := c.batches
				want := map[string]Op{}
				for i := range 200 {
					rel := fmt.Sprintf("content/themas/t%03d.md", i)
					write(t, root, rel, rel)
					want[rel] = Create
				}
				c.step(t, want)
				if n := c.batches - before; n > 20 {
					t.Errorf("200 files came in %d batches, want far fewer", n)
				} else {
					t.Logf("200 files came in %d batches", n)
				}
			})
			t.Run("top folder removed and back", func(t *testing.T) {
				must(t, os.RemoveAll(p("static")))
				c.step(t, map[string]Op{"static/css/site.css": Remove, "static/robots.txt": Remove, "static/uit": Remove})
				write(t, root, "static/css/site.css", "body{}")
				c.step(t, map[string]Op{"static/css/site.css": Create})
			})
		})
	}
}

func TestNewFolderFilledAtOnce(t *testing.T) {
	// A folder moved in from elsewhere holds its files before any watch can
	// be added to it: they come out as Creates all the same.
	root := startSite(t)
	c := newConsumer(t, root, false)
	elsewhere := t.TempDir()
	write(t, elsewhere, "besturen/a.md", "a")
	write(t, elsewhere, "besturen/deep/er/b.md", "b")
	must(t, os.Rename(filepath.Join(elsewhere, "besturen"), filepath.Join(root, "content", "besturen")))
	c.step(t, map[string]Op{"content/besturen/a.md": Create, "content/besturen/deep/er/b.md": Create})
}

func TestCloseEndsBatches(t *testing.T) {
	for _, poll := range []bool{false, true} {
		root := startSite(t)
		w, err := New(Options{Root: root, Poll: poll})
		must(t, err)
		write(t, root, "content/x.md", "x") // a batch may be pending; Close must not wait for a reader
		must(t, w.Close())
		must(t, w.Close())
		if _, ok := <-w.Batches(); ok {
			t.Error("Batches still open after Close")
		}
	}
}

func TestNewErrors(t *testing.T) {
	root := startSite(t)
	for _, opts := range []Options{
		{},
		{Root: filepath.Join(root, "missing")},
		{Root: filepath.Join(root, "README.md")},
	} {
		if w, err := New(opts); err == nil {
			w.Close()
			t.Errorf("New(%+v): no error", opts)
		}
	}
}

func TestSiteWithOnlyContent(t *testing.T) {
	// layouts/ and static/ may appear later; the root watch sees them come.
	root := site(t, map[string]string{"content/_index.md": "home"})
	c := newConsumer(t, root, false)
	write(t, root, "layouts/page.html", "page")
	write(t, root, "static/css/site.css", "css")
	c.step(t, map[string]Op{"layouts/page.html": Create, "static/css/site.css": Create})
}

func TestWriteThatLooksUnchanged(t *testing.T) {
	// A write of the same size whose time the clock could not tell apart:
	// an event says the file was written, so it is reported (polling, which
	// only compares, cannot see this).
	root := startSite(t)
	p := filepath.Join(root, "content", "themas", "ict.md")
	before, err := os.Stat(p)
	must(t, err)
	c := newConsumer(t, root, false)
	write(t, root, "content/themas/ict.md", "---\ntitle: ICX\n---\n")
	must(t, os.Chtimes(p, before.ModTime(), before.ModTime()))
	c.step(t, map[string]Op{"content/themas/ict.md": Write})
}

func TestNeverEndingBurstStillFlushes(t *testing.T) {
	// Writes come faster than the debounce, without end; MaxDelay cuts a batch anyway.
	root := startSite(t)
	w, err := New(Options{Root: root, Debounce: 200 * time.Millisecond, MaxDelay: 300 * time.Millisecond})
	must(t, err)
	defer w.Close()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		p := filepath.Join(root, "content", "themas", "ict.md")
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
				os.WriteFile(p, []byte(fmt.Sprint(i)), 0o644)
			}
		}
	}()
	select {
	case b := <-w.Batches():
		if len(b) != 1 || b[0].Path != "content/themas/ict.md" || b[0].Op != Write {
			t.Errorf("batch = %v", b)
		}
	case <-time.After(wait):
		t.Fatal("no batch during a never-ending burst")
	}
}
