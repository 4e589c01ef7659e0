package search

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/samenopleiden/handboek/internal/markdown"
)

// benchPages is the plain text of generated pages, as a build's load workers
// tokenise it, and the size of their files, from which a build sizes the
// shared table (Index.Reserve).
type benchPages struct {
	texts     []string
	fileBytes int
}

// pagesText reads $SEARCH_BENCH_PAGES pages (default 2,000) of the site in
// $SEARCH_BENCH_SITE, a folder with content/ (e.g. made by
// `bench gen -pages 10000`), spread evenly over its files in path order, and
// parses each with markdown to get its plain text. The benchmarks that use it
// are skipped without $SEARCH_BENCH_SITE: generating a site for them each
// time would write and delete thousands of files.
var pagesText = sync.OnceValues(func() (benchPages, error) {
	n := 2000
	if s := os.Getenv("SEARCH_BENCH_PAGES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			return benchPages{}, fmt.Errorf("SEARCH_BENCH_PAGES=%q: want a number of pages", s)
		}
	}
	dir := os.Getenv("SEARCH_BENCH_SITE")
	var files []string
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".md" {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return benchPages{}, err
	}
	if len(files) == 0 {
		return benchPages{}, fmt.Errorf("no pages in %s", filepath.Join(dir, "content"))
	}
	md := markdown.New()
	var pages benchPages
	for i := range min(n, len(files)) {
		src, err := os.ReadFile(files[i*len(files)/min(n, len(files))])
		if err != nil {
			return benchPages{}, err
		}
		pages.fileBytes += len(src)
		pages.texts = append(pages.texts, md.Parse("page.md", stripFrontmatter(src), 0).Text)
	}
	return pages, nil
})

// stripFrontmatter returns src without its frontmatter block, if it has one.
func stripFrontmatter(src []byte) []byte {
	if rest, ok := bytes.CutPrefix(src, []byte("---\n")); ok {
		if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
			return rest[i+len("\n---\n"):]
		}
	}
	return src
}

// BenchmarkBodyPages tokenises the plain text of generated pages on one
// core as a build's load workers do (tokenizeBody), into a new vocab whose
// table is sized as a build sizes it for their files. Its cost is mostly the
// lookups in the shared table, which at 10,000 pages is far larger than the
// caches (SEARCH_BENCH_PAGES=10000 of a site of 10,000), and the stemming
// of new words.
func BenchmarkBodyPages(b *testing.B) {
	pages := benchTexts(b)
	defer reportCPU(b, cpuTime())
	for range b.N {
		v := newVocab(newDict(), 0)
		v.reserve(pages.fileBytes)
		c := newTermCache(v)
		for _, t := range pages.texts {
			tokenizeBody(t, c)
		}
	}
}

// BenchmarkBodyPagesKnown is BenchmarkBodyPages into a vocab that has every
// word of the pages already: the lookups alone, as for most words of a
// build's later pages.
func BenchmarkBodyPagesKnown(b *testing.B) {
	pages := benchTexts(b)
	v := newVocab(newDict(), 0)
	v.reserve(pages.fileBytes)
	c := newTermCache(v)
	for _, t := range pages.texts {
		tokenizeBody(t, c)
	}
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for range b.N {
		for _, t := range pages.texts {
			tokenizeBody(t, c)
		}
	}
}

// benchTexts returns pagesText and sets b's bytes per op to the size of
// the texts.
func benchTexts(b *testing.B) benchPages {
	if os.Getenv("SEARCH_BENCH_SITE") == "" {
		b.Skip("SEARCH_BENCH_SITE not set")
	}
	pages, err := pagesText()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, t := range pages.texts {
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	return pages
}
