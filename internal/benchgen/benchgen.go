// Package benchgen generates synthetic handboek sites for the benchmark
// (cmd/bench): a deterministic site of N Markdown pages in the content model
// of DESIGN.md, that `handboek check --strict` accepts with zero problems.
//
// Every section is there, in proportions like a grown handbook's: mostly good
// practices (in year folders) and masterclasses, with the subregions, boards,
// themes, goals and chapters they refer to. Pages are about 8 KB of Markdown:
// Dutch-like text whose words follow Zipf's law over a vocabulary with a long
// tail (so a search index meets many rare words), headings, lists, tables,
// blockquotes, emphasis, relative .md links with #anchors to headings of other
// pages, links to section lists and outside addresses, and frontmatter that
// references existing slugs. One percent of the good practices are drafts;
// nothing refers or links to them.
//
// The same Options give the same bytes on every machine and at any number of
// cores. It writes only content/: the site uses the embedded default layouts.
package benchgen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/samenopleiden/handboek/internal/textnorm"
)

// Options configure Generate.
type Options struct {
	Pages     int    // Markdown files to write, home and section _index.md included; at least MinPages
	Seed      uint64 // the same seed gives the same site
	PageBytes int    // target size of a regular page's file; 0 for 8000
	Vocab     int    // distinct words to draw from; 0 for 150,000
}

// MinPages is the smallest site Generate makes: every section at its
// smallest size, and a few good practices.
const MinPages = 80

// Stats describe a generated site.
type Stats struct {
	Files    int            // Markdown files written
	Bytes    int64          // their total size
	Sections map[string]int // regular pages by section ("" for top-level pages)
	Drafts   int
	Links    int // links to other pages (relative .md links)
	Anchors  int // of which with a #anchor
}

// sizes says how many regular pages each section gets out of n files.
func sizes(n int) map[string]int {
	m := map[string]int{
		"subregios": max(5, n/200),
		"besturen":  max(10, n/40),
		"themas":    max(10, n/100),
		"doelen":    max(13, n/250),
		"handboek":  max(10, n/200),
	}
	m["masterclasses"] = max(1, n/6)
	fixed := 1 + len(sections) + len(plainPages) // home, section lists, plain pages
	rest := n - fixed
	for _, c := range m {
		rest -= c
	}
	m["goede-praktijken"] = rest
	return m
}

// sections in the order the site shows them.
var sections = []string{"handboek", "goede-praktijken", "masterclasses", "subregios", "doelen", "themas", "besturen"}

// plainPages are the top-level pages, by slug, with their titles.
var plainPages = []struct{ slug, title string }{{"over-dit-handboek", "Over dit handboek"}, {"contact", "Contact"}}

// kind of a generated file.
type kind int

const (
	regular kind = iota
	home
	list
)

// page is one planned file: what other pages need to know to refer and link to it.
type page struct {
	index    int
	kind     kind
	section  string // "" for home and top-level pages
	file     string // "content/goede-praktijken/2024/x.md"
	slug     string
	title    string
	headings []heading
	draft    bool
}

type heading struct {
	level int
	text  string
	id    string
}

// site is the plan of a whole site.
type site struct {
	opts      Options
	vocab     *vocabulary
	pages     []*page
	bySection map[string][]*page // regular, non-draft pages
	linkable  []*page            // every non-draft page a link may point at
}

// Generate writes a site of opts.Pages Markdown files into dir/content, which
// must not exist yet or be empty.
func Generate(dir string, opts Options) (Stats, error) {
	if opts.Pages < MinPages {
		return Stats{}, fmt.Errorf("benchgen: %d pages is too few; at least %d", opts.Pages, MinPages)
	}
	if opts.PageBytes <= 0 {
		opts.PageBytes = 8000
	}
	if opts.Vocab <= 0 {
		opts.Vocab = 150_000
	}
	root := filepath.Join(dir, "content")
	if entries, err := os.ReadDir(root); err == nil && len(entries) > 0 {
		return Stats{}, fmt.Errorf("benchgen: %s is not empty", root)
	}
	s := plan(opts)

	dirs := map[string]bool{}
	for _, p := range s.pages {
		dirs[path.Dir(p.file)] = true
	}
	for d := range dirs {
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			return Stats{}, err
		}
	}

	results := make([]result, len(s.pages))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p := s.pages[i]
				src, st := s.write(p)
				results[i] = st
				results[i].err = os.WriteFile(filepath.Join(dir, filepath.FromSlash(p.file)), src, 0o644)
				results[i].bytes = int64(len(src))
			}
		}()
	}
	for i := range s.pages {
		next <- i
	}
	close(next)
	wg.Wait()

	st := Stats{Files: len(s.pages), Sections: map[string]int{}}
	for i, r := range results {
		if r.err != nil {
			return st, r.err
		}
		st.Bytes += r.bytes
		st.Links += r.links
		st.Anchors += r.anchors
		if p := s.pages[i]; p.kind == regular {
			st.Sections[p.section]++
			if p.draft {
				st.Drafts++
			}
		}
	}
	return st, nil
}

// result is what writing one page gave.
type result struct {
	bytes          int64
	links, anchors int
	err            error
}

// plan decides every file, title, slug and heading, so that pages can refer
// and link to each other before any is written.
func plan(opts Options) *site {
	s := &site{opts: opts, vocab: newVocabulary(opts.Seed, opts.Vocab), bySection: map[string][]*page{}}
	r := rand.New(rand.NewPCG(opts.Seed, 0x706c616e))
	t := newText(s.vocab, r)
	add := func(p *page) {
		p.index = len(s.pages)
		s.pages = append(s.pages, p)
	}
	add(&page{kind: home, file: "content/_index.md", title: "Samen Opleiden: synthetisch handboek"})
	for _, pp := range plainPages {
		add(&page{file: "content/" + pp.slug + ".md", slug: pp.slug, title: pp.title, headings: t.headings(r)})
	}
	n := sizes(opts.Pages)
	for _, sec := range sections {
		add(&page{kind: list, section: sec, file: "content/" + sec + "/_index.md", title: sectionTitles[sec]})
		used := map[string]bool{}
		for i := range n[sec] {
			title := s.title(t, r, sec, i)
			slug := textnorm.Slug(title)
			for k := 2; used[slug]; k++ {
				slug = textnorm.Slug(title) + "-" + strconv.Itoa(k)
			}
			used[slug] = true
			dir := "content/" + sec
			if sec == "goede-praktijken" {
				dir += "/" + strconv.Itoa(2016+r.IntN(11)) // year folders, as editors file them
			}
			p := &page{section: sec, file: dir + "/" + slug + ".md", slug: slug, title: title, headings: t.headings(r)}
			p.draft = sec == "goede-praktijken" && r.IntN(100) == 0
			add(p)
		}
	}
	for _, p := range s.pages {
		if p.draft {
			continue
		}
		s.linkable = append(s.linkable, p)
		if p.kind == regular && p.section != "" {
			s.bySection[p.section] = append(s.bySection[p.section], p)
		}
	}
	return s
}

var sectionTitles = map[string]string{
	"handboek":         "Handboek",
	"goede-praktijken": "Goede praktijken",
	"masterclasses":    "Masterclasses",
	"subregios":        "Subregio's",
	"doelen":           "Doelen",
	"themas":           "Thema's",
	"besturen":         "Schoolbesturen",
}

// title returns a title that reads like one of the section's.
func (s *site) title(t *text, r *rand.Rand, sec string, i int) string {
	switch sec {
	case "subregios":
		return "Subregio " + capitalise(t.rareWord())
	case "besturen":
		return []string{"Stichting ", "Vereniging ", "Stichting primair onderwijs ", "Samenwerkingsbestuur "}[r.IntN(4)] + capitalise(t.rareWord())
	case "themas":
		return t.phrase(1 + r.IntN(2))
	case "handboek":
		return strconv.Itoa(i+1) + ". " + t.phrase(2+r.IntN(3))
	case "doelen":
		return t.phrase(3 + r.IntN(4))
	}
	return t.phrase(3 + r.IntN(5))
}

// headings plans the headings of a regular page: five to eight sections,
// some with a subsection; every id unique within the page.
func (t *text) headings(r *rand.Rand) []heading {
	var hs []heading
	used := map[string]bool{}
	addH := func(level int) {
		for {
			text := t.phrase(1 + r.IntN(4))
			if r.IntN(8) == 0 {
				text += "?"
			}
			id := textnorm.Slug(text)
			if id != "" && !used[id] {
				used[id] = true
				hs = append(hs, heading{level, text, id})
				return
			}
		}
	}
	for range 5 + r.IntN(4) {
		addH(2)
		if r.IntN(3) == 0 {
			addH(3)
		}
	}
	return hs
}

// pick returns up to k distinct pages of a section, in site order.
func (s *site) pick(r *rand.Rand, sec string, k int) []*page {
	all := s.bySection[sec]
	k = min(k, len(all))
	idx := map[int]bool{}
	for len(idx) < k {
		idx[r.IntN(len(all))] = true
	}
	out := make([]*page, 0, k)
	for i := range idx {
		out = append(out, all[i])
	}
	slices.SortFunc(out, func(a, b *page) int { return a.index - b.index })
	return out
}
