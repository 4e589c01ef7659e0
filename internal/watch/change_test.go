package watch

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		rel  string
		kind Kind
		ok   bool
	}{
		{"content", Content, true},
		{"content/_index.md", Content, true},
		{"content/goede-praktijken/2026/x.md", Content, true},
		{"content/goede-praktijken/foto.jpg", Content, true},
		{"content/Creëren Samen.md", Content, true},
		{"layouts", Layout, true},
		{"layouts/page.html", Layout, true},
		{"layouts/partials/head.html", Layout, true},
		{"static", Static, true},
		{"static/css/site.css", Static, true},

		// junk, in any folder and at any depth
		{"content/x.md.swp", 0, false},
		{"content/.x.md.swx", 0, false},
		{"content/x.md~", 0, false},
		{"content/.#x.md", 0, false},
		{"content/#x.md#", 0, false},
		{"content/4913", 0, false},
		{"content/themas/4913", 0, false},
		{"content/x.md___jb_tmp___", 0, false},
		{"content/x.md___jb_old___", 0, false},
		{"static/.DS_Store", 0, false},
		{"static/Thumbs.db", 0, false},
		{"layouts/page.html.tmp", 0, false},
		{"content/.goutputstream-ABC123", 0, false},
		{"content/.git/config", 0, false},
		{"content/.hidden/x.md", 0, false},

		// outside the three folders
		{"", 0, false},
		{".", 0, false},
		{"README.md", 0, false},
		{"public/index.html", 0, false},
		{"public", 0, false},
		{"contents/x.md", 0, false},
		{"Content/x.md", 0, false},
		{".content/x.md", 0, false},

		// not clean
		{"/content/x.md", 0, false},
		{"content/../public/x", 0, false},
		{"content/./x.md", 0, false},
		{"content//x.md", 0, false},
		{"content/x.md/", 0, false},
		{`content\x.md`, 0, false},
		{"../content/x.md", 0, false},
	}
	for _, tt := range tests {
		kind, ok := Classify(tt.rel)
		if kind != tt.kind || ok != tt.ok {
			t.Errorf("Classify(%q) = %v, %v; want %v, %v", tt.rel, kind, ok, tt.kind, tt.ok)
		}
	}
}

func TestMerge(t *testing.T) {
	tests := []struct {
		earlier, later Op
		want           Op
		keep           bool
	}{
		{Create, Write, Create, true},
		{Create, Remove, 0, false},
		{Write, Write, Write, true},
		{Write, Remove, Remove, true},
		{Remove, Create, Write, true},
		{Remove, Write, Write, true},
		{Remove, Remove, Remove, true},
	}
	for _, tt := range tests {
		op, keep := merge(tt.earlier, tt.later)
		if op != tt.want || keep != tt.keep {
			t.Errorf("merge(%v, %v) = %v, %v; want %v, %v", tt.earlier, tt.later, op, keep, tt.want, tt.keep)
		}
	}
}

// changes formats a batch as "op path" lines, for comparing.
func changes(b batch) string {
	var lines []string
	for _, c := range b.list() {
		lines = append(lines, c.String())
	}
	return strings.Join(lines, "\n")
}

func file(s string, mod int) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(s), ModTime: time.Unix(int64(mod), 0)}
}

// TestTreeSync runs the tree on a MapFS: start from a site, change it, sync
// what an event (or a poll) would name, and compare the batch.
func TestTreeSync(t *testing.T) {
	start := func() fstest.MapFS {
		return fstest.MapFS{
			"content/_index.md":      file("home", 1),
			"content/themas/ict.md":  file("ict", 1),
			"content/themas/taal.md": file("taal", 1),
			"layouts/page.html":      file("page", 1),
			"static/css/site.css":    file("css", 1),
			"public/index.html":      file("out", 1),
			"README.md":              file("readme", 1),
		}
	}
	tests := []struct {
		name    string
		edit    func(fs fstest.MapFS)
		sync    []string // paths to sync, each touched; "." syncs everything untouched
		want    string
		watches string // watch/unwatch calls, when checked
	}{
		{
			name: "nothing changed",
			edit: func(fstest.MapFS) {},
			sync: []string{"."},
			want: "",
		},
		{
			name: "write found by size and time",
			edit: func(m fstest.MapFS) { m["content/themas/ict.md"] = file("ict!", 2) },
			sync: []string{"."},
			want: "write content/themas/ict.md",
		},
		{
			name: "an event counts even when the file looks the same",
			edit: func(fstest.MapFS) {},
			sync: []string{"content/themas/ict.md"},
			want: "write content/themas/ict.md",
		},
		{
			name: "new file",
			edit: func(m fstest.MapFS) { m["content/themas/nieuw.md"] = file("n", 2) },
			sync: []string{"content/themas/nieuw.md"},
			want: "create content/themas/nieuw.md",
		},
		{
			name: "removed file",
			edit: func(m fstest.MapFS) { delete(m, "layouts/page.html") },
			sync: []string{"layouts/page.html"},
			want: "remove layouts/page.html",
		},
		{
			name: "new folder: every file inside, once",
			edit: func(m fstest.MapFS) {
				m["content/doelen/a.md"] = file("a", 2)
				m["content/doelen/sub/b.md"] = file("b", 2)
				m["content/doelen/.a.md.swp"] = file("junk", 2)
			},
			sync:    []string{"content/doelen", "content/doelen/a.md"},
			want:    "create content/doelen/a.md\ncreate content/doelen/sub/b.md",
			watches: "+content/doelen +content/doelen/sub",
		},
		{
			name: "event for a file in an unknown folder syncs the folder",
			edit: func(m fstest.MapFS) {
				m["content/doelen/a.md"] = file("a", 2)
				m["content/doelen/b.md"] = file("b", 2)
			},
			sync: []string{"content/doelen/b.md"},
			want: "create content/doelen/a.md\ncreate content/doelen/b.md",
		},
		{
			name: "removed folder: every file it held",
			edit: func(m fstest.MapFS) {
				delete(m, "content/themas/ict.md")
				delete(m, "content/themas/taal.md")
				delete(m, "content/themas")
			},
			sync:    []string{"content/themas"},
			want:    "remove content/themas/ict.md\nremove content/themas/taal.md",
			watches: "-content/themas",
		},
		{
			name: "renamed folder",
			edit: func(m fstest.MapFS) {
				m["content/onderwerpen/ict.md"] = m["content/themas/ict.md"]
				m["content/onderwerpen/taal.md"] = m["content/themas/taal.md"]
				delete(m, "content/themas/ict.md")
				delete(m, "content/themas/taal.md")
			},
			sync: []string{"content/themas", "content/onderwerpen"},
			want: "create content/onderwerpen/ict.md\ncreate content/onderwerpen/taal.md\n" +
				"remove content/themas/ict.md\nremove content/themas/taal.md",
			watches: "-content/themas +content/onderwerpen",
		},
		{
			name: "file replaced by a folder",
			edit: func(m fstest.MapFS) {
				delete(m, "layouts/page.html")
				m["layouts/page.html/x.html"] = file("x", 2)
			},
			sync: []string{"layouts/page.html"},
			want: "remove layouts/page.html\ncreate layouts/page.html/x.html",
		},
		{
			name: "junk and paths outside the folders are never reported",
			edit: func(m fstest.MapFS) {
				m["content/x.md.swp"] = file("s", 2)
				m["content/4913"] = file("", 2)
				m["public/index.html"] = file("new", 2)
				m["README.md"] = file("new", 2)
			},
			sync: []string{".", "content/x.md.swp", "content/4913", "public/index.html", "README.md"},
			want: "",
		},
		{
			name: "symlinks are reported, not followed",
			edit: func(m fstest.MapFS) {
				m["content/link"] = &fstest.MapFile{Data: []byte("../public"), Mode: fs.ModeSymlink}
			},
			sync: []string{"."},
			want: "create content/link",
		},
		{
			name: "a whole folder appears",
			edit: func(m fstest.MapFS) { m["static/js/zoek.js"] = file("js", 2) },
			sync: []string{"."},
			want: "create static/js/zoek.js",
		},
		{
			name: "a whole top folder goes",
			edit: func(m fstest.MapFS) { delete(m, "static/css/site.css") },
			sync: []string{"static"},
			want: "remove static/css/site.css",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := start()
			tr := newTree(m)
			var calls []string
			tr.watch = func(rel string) { calls = append(calls, "+"+rel) }
			tr.unwatch = func(rel string) { calls = append(calls, "-"+rel) }
			tr.sync(".", false, batch{})
			initial := slices.Sorted(slices.Values(tr.files()))
			if want := []string{"content/_index.md", "content/themas/ict.md", "content/themas/taal.md",
				"layouts/page.html", "static/css/site.css"}; !slices.Equal(initial, want) {
				t.Fatalf("initial files = %q, want %q", initial, want)
			}
			calls = nil

			tt.edit(m)
			b := batch{}
			for _, rel := range tt.sync {
				tr.sync(rel, rel != ".", b)
			}
			if got := changes(b); got != tt.want {
				t.Errorf("changes:\n%s\nwant:\n%s", got, tt.want)
			}
			if tt.watches != "" {
				if got := strings.Join(calls, " "); got != tt.watches {
					t.Errorf("watch calls = %q, want %q", got, tt.watches)
				}
			}
			// The picture now matches the disk: another full sync finds nothing.
			again := batch{}
			tr.sync(".", false, again)
			if len(again) != 0 {
				t.Errorf("second sync found %s", changes(again))
			}
		})
	}
}

// TestBatchMergesBursts checks that a batch nobody has taken absorbs later
// changes, so the consumer sees the net difference.
func TestBatchMergesBursts(t *testing.T) {
	b := batch{}
	for _, c := range []Change{
		{Path: "content/a.md", Op: Create},
		{Path: "content/b.md", Op: Write},
		{Path: "content/c.md", Op: Remove},
		{Path: "content/a.md", Op: Write},
		{Path: "content/c.md", Op: Create},
		{Path: "content/d.md", Op: Create},
		{Path: "content/d.md", Op: Remove},
	} {
		b.add(c)
	}
	want := "create content/a.md\nwrite content/b.md\nwrite content/c.md"
	if got := changes(b); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := fmt.Sprint(Content, Layout, Static, Kind(0)); got != "content layout static unknown" {
		t.Errorf("Kind strings = %q", got)
	}
}
