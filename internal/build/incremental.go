package build

import (
	"bytes"
	"hash/maphash"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/samenopleiden/handboek/internal/output"
	"github.com/samenopleiden/handboek/internal/render"
	"github.com/samenopleiden/handboek/internal/search"
	"github.com/samenopleiden/handboek/internal/site"
)

// Incremental builds. A Builder with Options.Incremental keeps the last good
// build (a snapshot). The next build re-parses only changed files (the parse
// cache), re-links the whole model (cheap) and then decides what to render:
//
//   - everything, after a change to a layout, a static file, or any page's
//     frontmatter, or when pages were added, removed or renamed: these can
//     show up on many pages (titles in cards, menus, order, references);
//   - otherwise only the pages whose body changed: a body appears nowhere but
//     on its own page (and in the search index, which is always rewritten).
//
// Every other file is taken from the snapshot. The result equals a full
// build byte for byte; the tests check that over a sequence of edits.

// snapshot describes the current inputs; files are filled in after rendering.
func (b *Builder) snapshot(s *site.Site, names map[string]string) *snapshot {
	next := &snapshot{pages: make(map[string]pageState, len(b.cache)), layouts: b.layoutsHash()}
	keys := slices.Sorted(maps.Keys(names))
	var sb strings.Builder
	for _, k := range keys {
		sb.WriteString(k + "=" + names[k] + "\n")
	}
	next.assets = sb.String()
	for file, c := range b.cache {
		if c.page == nil {
			continue
		}
		st := pageState{front: c.page.Front, source: c.hash}
		if p := s.PageByFile(file); p != nil {
			st.updated = p.Updated
		}
		next.pages[file] = st
	}
	return next
}

// dirty returns the content files whose pages must be rendered again, or nil
// when everything must be.
func (b *Builder) dirty(next *snapshot, s *site.Site) map[string]bool {
	last := b.last
	if last == nil || last.layouts != next.layouts || last.assets != next.assets || len(last.pages) != len(next.pages) {
		return nil
	}
	dirty := map[string]bool{}
	for file, st := range next.pages {
		old, ok := last.pages[file]
		switch {
		case !ok || old.front != st.front || !old.updated.Equal(st.updated):
			return nil
		case old.source != st.source:
			dirty[file] = true
		}
	}
	return dirty
}

// reuse returns the jobs to render; every other job's file is copied from the
// last snapshot into out.
func (b *Builder) reuse(jobs []render.Job, dirty map[string]bool, out *collector) []render.Job {
	if dirty == nil {
		return jobs
	}
	var todo []render.Job
	for _, j := range jobs {
		old, ok := b.last.files[j.Out]
		if ok && !(j.Page != nil && dirty[j.Page.File]) && !alwaysRendered(j.Out) {
			out.keep(j.Out, old)
			continue
		}
		todo = append(todo, j)
	}
	return todo
}

// alwaysRendered names the few files that list every page with data beyond
// the frontmatter; they are cheap to render.
func alwaysRendered(name string) bool {
	return name == "sitemap.xml" || name == "feed.xml" || strings.HasPrefix(name, "zoeken/")
}

// layoutsHash hashes every layout file, so any edit makes the next build full.
func (b *Builder) layoutsHash() uint64 {
	var h maphash.Hash
	h.SetSeed(b.seed)
	fs.WalkDir(b.layers(), "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, _ := fs.ReadFile(b.layers(), p)
		h.WriteString(p)
		h.Write(data)
		return nil
	})
	return h.Sum64()
}

// changed lists the output names whose bytes differ between two snapshots.
func changed(last, next *snapshot) []string {
	if last == nil {
		return nil
	}
	var out []string
	for name, data := range next.files {
		if old, ok := last.files[name]; !ok || !bytes.Equal(old, data) {
			out = append(out, name)
		}
	}
	for name := range last.files {
		if _, ok := next.files[name]; !ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// collector sits between the pipeline and the caller's Writer: it minifies
// every file once (in the rendering workers), passes it on, and keeps it for
// the next incremental build.
type collector struct {
	w       Writer
	min     *output.Minifier
	mu      sync.Mutex
	keepAll bool
	files   map[string][]byte
	n       int
}

func newCollector(w Writer, min *output.Minifier, keep bool) *collector {
	c := &collector{w: w, min: min, keepAll: keep}
	if keep {
		c.files = map[string][]byte{}
	}
	return c
}

// WriteFile minifies data by type and writes it.
func (c *collector) WriteFile(name string, data []byte) error {
	data, err := c.min.Minify(name, data)
	if err != nil {
		return err
	}
	return c.store(name, data)
}

// keep writes a file of the last build as it was.
func (c *collector) keep(name string, data []byte) {
	if err := c.store(name, data); err != nil {
		panic(err) // the snapshot holds only names that were written before
	}
}

func (c *collector) store(name string, data []byte) error {
	if err := c.w.WriteFile(name, data); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	if c.keepAll {
		c.files[name] = data
	}
	return nil
}

func (c *collector) count() int { return c.n }

// searchDocs turns the site model into what the search index needs.
func searchDocs(s *site.Site) []search.Doc {
	docs := make([]search.Doc, 0, len(s.Pages))
	for _, p := range s.Pages {
		d := search.Doc{
			URL:       p.URL,
			Title:     p.Meta.Title,
			TypeLabel: p.Schema.Label,
			Summary:   p.Meta.Summary,
			Text:      p.Doc.Text,
		}
		if p.Section != nil {
			d.Type = p.Section.Key
		}
		for _, h := range p.Doc.Headings {
			d.Headings = append(d.Headings, h.Text)
		}
		if p.Subregio != nil {
			d.Subregio = search.Term{Slug: p.Subregio.Slug, Title: p.Subregio.Meta.Title}
		}
		for _, t := range p.Themas {
			d.Themas = append(d.Themas, search.Term{Slug: t.Slug, Title: t.Meta.Title})
		}
		if !p.Meta.Date.IsZero() {
			d.Date = p.Meta.Date.Format("2006-01-02")
		}
		docs = append(docs, d)
	}
	return docs
}
