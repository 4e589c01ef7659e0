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
// cache), re-links the whole model (cheap) and then renders only the files
// whose output can have changed; every other file is taken from the snapshot.
//
// What a file shows of the site is summed up in view hashes, computed from
// the model the way the default layouts read it: a page shows its own source
// plus the titles, addresses and cards of the pages it refers to, is referred
// by, and sits between; a list shows the cards of its pages. A file is
// rendered again when its page's source or its view hash changed. Everything
// is rendered again after a change to a layout, a static file, the site-wide
// parts (settings, menu, footer, section titles), or the set of pages; and on
// any frontmatter edit in a site with its own layouts/, whose layouts may show
// more than the defaults do.
//
// The result equals a full build byte for byte; the tests check that over a
// sequence of edits.

// snapshot describes the current inputs; files are filled in after rendering.
func (b *Builder) snapshot(s *site.Site, names map[string]string) *snapshot {
	next := &snapshot{
		pages:      make(map[string]pageState, len(b.cache)),
		layouts:    b.layoutsHash(),
		site:       b.siteHash(s, names),
		lists:      map[string]uint64{},
		ownLayouts: b.hasOwnLayouts(),
	}
	for _, p := range s.All() {
		next.pages[p.File] = pageState{front: p.Front, source: b.cache[p.File].hash, view: b.pageHash(p), updated: p.Updated}
	}
	for _, sec := range s.Sections {
		next.lists["section "+sec.Key] = b.listHash(sec.Pages)
	}
	for _, tl := range s.Terms {
		for _, t := range tl.Terms {
			next.lists["term "+t.URL] = b.listHash(t.Listing.Pages)
		}
	}
	return next
}

// plan says what to render again.
type plan struct {
	all   bool            // everything
	pages map[string]bool // content files whose own files change
	lists map[string]bool // list keys (see snapshot) whose pagers change
}

// dirty compares the next snapshot with the last one.
func (b *Builder) dirty(next *snapshot) plan {
	last := b.last
	if last == nil || last.layouts != next.layouts || last.site != next.site || len(last.pages) != len(next.pages) {
		return plan{all: true}
	}
	pl := plan{pages: map[string]bool{}, lists: map[string]bool{}}
	for file, st := range next.pages {
		old, ok := last.pages[file]
		switch {
		case !ok || !old.updated.Equal(st.updated):
			return plan{all: true}
		case old.front != st.front && next.ownLayouts:
			return plan{all: true}
		case old.source != st.source || old.view != st.view:
			pl.pages[file] = true
		}
	}
	for key, h := range next.lists {
		if last.lists[key] != h {
			pl.lists[key] = true
		}
	}
	return pl
}

// reuse returns the jobs to render; every other job's file is copied from the
// last snapshot into out.
func (b *Builder) reuse(jobs []render.Job, pl plan, out *collector) []render.Job {
	if pl.all {
		return jobs
	}
	var todo []render.Job
	for _, j := range jobs {
		old, ok := b.last.files[j.Out]
		if ok && !pl.needs(j) {
			out.keep(j.Out, old)
			continue
		}
		todo = append(todo, j)
	}
	return todo
}

func (pl plan) needs(j render.Job) bool {
	switch {
	case alwaysRendered(j.Out):
		return true
	case j.Page != nil && pl.pages[j.Page.File]:
		return true
	case j.Section != nil:
		return pl.lists["section "+j.Section.Key]
	case j.Term != nil:
		return pl.lists["term "+j.Term.URL]
	case j.Terms != nil:
		for _, t := range j.Terms.Terms {
			if pl.lists["term "+t.URL] {
				return true
			}
		}
	}
	return false
}

// alwaysRendered names the few files that list every page with data beyond
// the frontmatter; they are cheap to render.
func alwaysRendered(name string) bool {
	return name == "sitemap.xml" || name == "feed.xml" || strings.HasPrefix(name, "zoeken/")
}

// hasOwnLayouts reports whether the site folder has a layouts/ folder.
func (b *Builder) hasOwnLayouts() bool {
	info, err := fs.Stat(b.fsys, "layouts")
	return err == nil && info.IsDir()
}

// hasher writes strings into a maphash, separated so that ("ab","c") and
// ("a","bc") differ.
type hasher struct{ maphash.Hash }

func (b *Builder) newHasher() *hasher {
	h := &hasher{}
	h.SetSeed(b.seed)
	return h
}

func (h *hasher) add(parts ...string) {
	for _, p := range parts {
		h.WriteString(p)
		h.WriteByte(0)
	}
}

// siteHash covers what every page shows: settings, menu, footer, home
// routes, the static files' names.
func (b *Builder) siteHash(s *site.Site, names map[string]string) uint64 {
	h := b.newHasher()
	h.add(s.Title, s.Description, s.Language, s.Repository, s.Branch, s.BasePath)
	for _, k := range slices.Sorted(maps.Keys(names)) {
		h.add(k, names[k])
	}
	for _, sec := range s.Sections {
		h.add(sec.Key, sec.Title, sec.URL)
		if sec.Index != nil {
			h.add(sec.Index.Front)
		}
	}
	for _, p := range s.Plain {
		h.add(p.URL, p.Meta.Title)
	}
	h.add(s.Home.Front)
	return h.Sum64()
}

// pageHash covers what a page's own files show of other pages.
func (b *Builder) pageHash(p *site.Page) uint64 {
	h := b.newHasher()
	for _, q := range slices.Concat([]*site.Page{p.Subregio, p.Prev, p.Next}, p.Themas, p.Doelen, p.Besturen) {
		if q == nil {
			h.add("-")
			continue
		}
		h.add(q.URL, q.Meta.Title)
	}
	for _, c := range p.Crumbs {
		h.add(c.Title, c.URL)
	}
	if p.Section != nil {
		h.add(p.Section.Title)
	}
	for _, g := range p.ReferredBy {
		h.add(g.Section.Key)
		for _, q := range g.Pages {
			b.card(h, q)
		}
	}
	return h.Sum64()
}

// listHash covers a list of cards.
func (b *Builder) listHash(pages []*site.Page) uint64 {
	h := b.newHasher()
	for _, p := range pages {
		b.card(h, p)
	}
	return h.Sum64()
}

// card covers what a card shows of a page.
func (b *Builder) card(h *hasher, p *site.Page) {
	h.add(p.URL, p.Meta.Title, p.Meta.Summary, p.Schema.Label)
	if p.Subregio != nil {
		h.add(p.Subregio.URL, p.Subregio.Slug, p.Subregio.Meta.Title)
	}
	for _, t := range p.Themas {
		h.add(t.URL, t.Slug, t.Meta.Title)
	}
	h.add(p.Meta.Werkvormen...)
	h.add(p.Meta.Doelgroepen...)
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
