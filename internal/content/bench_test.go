package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samenopleiden/handboek/internal/markdown"
)

// benchFiles reads every Markdown file of a generated site
// ($CONTENT_BENCH_SITE, default /tmp/b10k, as `make bench` leaves it), and
// names them as Walk does ("content/..."); the benchmark is skipped without
// it.
func benchFiles(b *testing.B) (names []string, files [][]byte) {
	site := os.Getenv("CONTENT_BENCH_SITE")
	if site == "" {
		site = "/tmp/b10k"
	}
	err := filepath.WalkDir(filepath.Join(site, "content"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		src, err := os.ReadFile(path)
		rel, _ := filepath.Rel(site, path)
		names, files = append(names, filepath.ToSlash(rel)), append(files, src)
		return err
	})
	if err != nil || len(files) == 0 {
		b.Skipf("no generated site at %s (%v)", site, err)
	}
	return names, files
}

// BenchmarkCheckText checks the text of every file of a generated site; one
// op is all the files.
func BenchmarkCheckText(b *testing.B) {
	_, files := benchFiles(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range files {
			if _, ok := checkText("x.md", src); !ok {
				b.Fatal("a problem in a generated file")
			}
		}
	}
}

// BenchmarkCheckTextCached checks one file of 8 KB or more over and over, in
// cache as a file just read is.
func BenchmarkCheckTextCached(b *testing.B) {
	_, files := benchFiles(b)
	src := files[0]
	for _, f := range files {
		if len(f) >= 8<<10 {
			src = f
			break
		}
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		checkText("x.md", src)
	}
}

// BenchmarkParseFront parses every file of a generated site with its body
// cut off, so that it measures what Parse does besides the Markdown: checks,
// frontmatter, Meta. One op is all the files.
func BenchmarkParseFront(b *testing.B) {
	names, files := benchFiles(b)
	md := markdown.New()
	for i, src := range files {
		_, _, end := frontmatterSpan(src)
		files[i] = src[:end]
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, src := range files {
			Parse(md, names[i], src, Options{})
		}
	}
}
