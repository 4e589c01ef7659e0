package build

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/markdown"
)

// TestSourceFilesRead reads files whose size changed since the walk, as a
// build may meet them, and a missing one: each as os.ReadFile would, into a
// new buffer and into the last file's buffer (the build recycles them).
func TestSourceFilesRead(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("Samen opleiden in de regio. ", 1000)
	files := map[string]string{
		"content/leeg.md":  "",
		"content/kort.md":  "---\ntitle: Kort\n---\nTekst.\n",
		"content/lang.md":  long,
		"content/a/b/c.md": "diep",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, src := range []struct {
		name string
		open func() *sourceFiles
	}{
		{"folder", func() *sourceFiles { return openSource(dir, os.DirFS(dir)) }},
		{"fallback", func() *sourceFiles { return openSource(filepath.Join(dir, "missing"), os.DirFS(dir)) }},
	} {
		source := src.open()
		defer source.close()
		var last []byte
		for _, tc := range []struct {
			file string
			size int64 // as the walk saw it
		}{
			{"content/leeg.md", 0},
			{"content/kort.md", int64(len(files["content/kort.md"]))},
			{"content/kort.md", 3},    // grew since the walk
			{"content/kort.md", 4096}, // shrank since the walk
			{"content/lang.md", 0},
			{"content/lang.md", int64(len(long)) - 1},
			{"content/lang.md", int64(len(long))},
			{"content/a/b/c.md", -1},
		} {
			for _, buf := range [][]byte{nil, last} {
				got, err := source.readFile(tc.file, tc.size, buf)
				if err != nil {
					t.Errorf("%s: readFile(%q, %d): %v", src.name, tc.file, tc.size, err)
					continue
				}
				if want := files[tc.file]; !bytes.Equal(got, []byte(want)) {
					t.Errorf("%s: readFile(%q, %d, %d-byte buffer) = %d bytes, want %d", src.name, tc.file, tc.size, cap(buf), len(got), len(want))
				}
				last = got
			}
		}
		_, err := source.readFile("content/weg.md", 10, nil)
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != "content/weg.md" || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: readFile of a missing file: %v, want a not-exist error naming content/weg.md", src.name, err)
		}
		if _, err := source.readFile("content/../../etc/passwd", 10, nil); err == nil {
			t.Errorf("%s: readFile read a path outside the folder", src.name)
		}
	}
}

// TestPageKeepsNothingOfItsSource scribbles over the bytes a page was parsed
// from and compares the page with one parsed from a copy: the build recycles
// the buffers it reads content files into (sources), so a page that kept a
// string or slice pointing into its source would change under it. (Its
// newlines are "\n": with "\r\n" Parse would work on a copy.)
func TestPageKeepsNothingOfItsSource(t *testing.T) {
	const page = "\ufeff---\n" +
		"title: \"Samen &amp; *anders* opleiden\"\n" +
		"summary: 'Een samenvatting met \"aanhalingstekens\".'\n" +
		"date: 2026-04-11\n" +
		"subregio: nijmegen\n" +
		"themas: [ict, omgaan-met-verschillen]\n" +
		"doelen:\n  - competentiebeleving-en-autonomie\n" +
		"werkvormen: [onderzoek]\n" +
		"slug: eigen-adres\n" +
		"---\n" +
		"Een alinea met **nadruk**, `code`, een [link](../themas/ict.md#kop \"titel\"), " +
		"een ![plaatje](beeld.png), <b>html</b>, https://example.org en een voetnoot[^1].\n\n" +
		"## Waarom *samen*?\n\n- een\n- [x] twee\n\n" +
		"| kolom | rechts |\n|---|--:|\n| cel \\| met streep | [a](#waarom-samen) |\n\n" +
		"Term\n: Uitleg\n\n> citaat\n\n```go\nfmt.Println(\"<>\")\n```\n\n" +
		"[ref]: https://example.org/ref\n\n[^1]: De voetnoot, met [ref].\n"
	md := markdown.New()
	src := []byte(page)
	got, gotProblems := content.Parse(md, "content/goede-praktijken/x.md", src, content.Options{})
	if got == nil {
		t.Fatalf("no page: %v", gotProblems)
	}
	for i := range src {
		src[i] = 'x'
	}
	want, wantProblems := content.Parse(md, "content/goede-praktijken/x.md", []byte(page), content.Options{})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the page changed when its source was overwritten:\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(gotProblems, wantProblems) {
		t.Errorf("the problems changed when the source was overwritten:\n got %v\nwant %v", gotProblems, wantProblems)
	}
	if len(gotProblems) == 0 || len(got.Doc.Links) < 4 || len(got.Doc.Headings) == 0 {
		t.Errorf("the page lacks what it should test: %d problems, %d links, %d headings", len(gotProblems), len(got.Doc.Links), len(got.Doc.Headings))
	}
}
