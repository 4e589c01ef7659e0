// Package site is the site model: it links the loaded pages into one plain
// data structure that render, search, sitemap and feed read. It resolves and
// validates everything that needs more than one page: slug references
// (subregio, themas, doelen, besturen), duplicate addresses, relative links to
// .md files and their #anchors, images and other assets; it computes URLs under
// the base path, section order, previous/next, breadcrumbs, reverse references
// and the lists by werkvorm and doelgroep, paginated.
//
// It does no I/O and knows nothing about templates or output files beyond
// their paths.
package site

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/markdown"
	"github.com/samenopleiden/handboek/internal/textnorm"
)

// PerPage is the number of items on one page of a list.
const PerPage = 50

// Options configure Link.
type Options struct {
	BaseURL string // "https://example.org/handboek/", "/handboek/" or "" for "/"
	Drafts  bool   // include pages with draft: true
	// Static reports whether a file exists under static/ (slash path without
	// leading slash), for images written as "/foto.jpg".
	Static func(name string) bool
	// Updated holds the last-change time of source files (from git), by path.
	Updated map[string]time.Time
}

// Site is the linked model of a whole site.
type Site struct {
	Title       string
	Description string
	Language    string
	Repository  string // for "edit this page" links; "" if not set
	Branch      string

	Base     *url.URL // the base URL as given; Host is empty for path-only bases
	BasePath string   // always starts and ends with "/"

	Home     *Page
	Pages    []*Page    // every page with its own address (not Home, not lists), sorted by URL
	Plain    []*Page    // top-level plain pages (content/x.md), ordered
	Sections []*Section // sections in the order of content.Schemas, then others by name
	Terms    []*TermList
	Assets   []Asset // non-Markdown files under content/, to copy

	byFile map[string]*Page
	linker *linker // kept for Relink
}

// Page is a page in the model. It embeds the loaded page.
type Page struct {
	*content.Page
	URL     string // with the base path: "/handboek/doelen/x/"
	Out     string // output file: "doelen/x/index.html"
	Schema  *content.Schema
	Section *Section // nil for home and top-level plain pages

	Subregio *Page
	Themas   []*Page
	Doelen   []*Page
	Besturen []*Page

	// ReferredBy are the pages that name this page in their frontmatter,
	// grouped by section in site order (a goal's practices and masterclasses,
	// a theme's tagged pages, a subregion's boards).
	ReferredBy []Group
	// Listing pages the referrers (flattened, in ReferredBy order).
	Listing *Listing

	Prev, Next *Page // within the section's order
	Crumbs     []Crumb
	Links      markdown.Resolved // link destinations for rendering
	Updated    time.Time         // last commit that touched the file; zero if unknown

	sortKey sortKey // set by the first sortPages
}

// Group is a run of pages of one section.
type Group struct {
	Section *Section
	Pages   []*Page
}

// Crumb is one step of a breadcrumb trail.
type Crumb struct{ Title, URL string }

// Section is a folder under content/ with its pages.
type Section struct {
	Key     string // folder name
	Schema  *content.Schema
	Title   string // from its _index.md, else the schema's plural
	URL     string
	Index   *Page // the section's _index.md; nil if none
	Pages   []*Page
	Listing *Listing

	index int // in Site.Sections
}

// TermList is the list of pages by one value of werkvormen or doelgroepen.
type TermList struct {
	Key   string // "werkvormen" or "doelgroepen"
	Title string // "Werkvormen"
	URL   string // "/werkvormen/"
	Out   string
	Terms []*Term
}

// Term is one werkvorm or doelgroep with its pages.
type Term struct {
	List    *TermList
	Value   string // "onderzoek"
	Title   string // "Onderzoek"
	URL     string
	Listing *Listing
}

// Asset is a non-Markdown file under content/, copied to the same path.
type Asset struct {
	Src string // "content/goede-praktijken/foto.jpg"
	Out string // "goede-praktijken/foto.jpg"
}

// PageByFile returns the page loaded from a source file, or nil.
func (s *Site) PageByFile(file string) *Page { return s.byFile[file] }

// Section returns the section with key, or nil.
func (s *Site) Section(key string) *Section {
	for _, sec := range s.Sections {
		if sec.Key == key {
			return sec
		}
	}
	return nil
}

// AbsURL turns a site URL ("/handboek/x/") into an absolute one when the base
// URL has a host; otherwise it returns u unchanged.
func (s *Site) AbsURL(u string) string {
	if s.Base == nil || s.Base.Host == "" {
		return u
	}
	return s.Base.Scheme + "://" + s.Base.Host + u
}

// EditURL returns the address where a page's source can be edited, or "".
// GitLab repositories (host containing "gitlab") use /-/edit/, others GitHub's /edit/.
func (s *Site) EditURL(p *Page) string {
	if s.Repository == "" || p == nil {
		return ""
	}
	repo := strings.TrimSuffix(strings.TrimSuffix(s.Repository, "/"), ".git")
	branch := cmp.Or(s.Branch, "main")
	if strings.Contains(repo, "gitlab") {
		return repo + "/-/edit/" + branch + "/" + escapePath(p.File)
	}
	return repo + "/edit/" + branch + "/" + escapePath(p.File)
}

// escapePath escapes each segment of a slash path for a URL. Content paths
// are nearly always lower-case ASCII slugs, which need no escaping: those are
// returned as they are, without splitting them (a tenth of the cost of
// running a page's templates went into this).
func escapePath(p string) string {
	if !strings.ContainsFunc(p, needsEscape) {
		return p
	}
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// needsEscape reports whether url.PathEscape may change r in a path segment;
// '/' separates segments.
func needsEscape(r rune) bool {
	return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("-._~/", r))
}

// sortPages orders pages the way lists show them: pages with a weight first
// (lowest first), then newest date first, then by title as a reader sorts it.
// What a comparison reads is taken out of each page once (sortKey), not in
// every comparison: at 10,000 pages folding the titles in the comparison
// took a tenth of the whole build.
func sortPages(pages []*Page) {
	for _, p := range pages {
		if !p.sortKey.set {
			p.sortKey = newSortKey(p)
		}
	}
	// The order is total (the URL decides last, and a site's URLs are
	// unique), so an unstable sort gives the same order as a stable one,
	// faster: sorting was a second of a 50,000-page build.
	slices.SortFunc(pages, func(a, b *Page) int {
		ka, kb := &a.sortKey, &b.sortKey
		if ka.unweighted != kb.unweighted {
			if ka.unweighted {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(ka.weight, kb.weight); c != 0 {
			return c
		}
		if c := cmp.Compare(kb.sec, ka.sec); c != 0 {
			return c
		}
		if c := cmp.Compare(kb.nsec, ka.nsec); c != 0 {
			return c
		}
		if c := cmp.Compare(ka.title, kb.title); c != 0 {
			return c
		}
		return cmp.Compare(a.URL, b.URL)
	})
}

// sortKey is what sortPages compares of a page, in its order.
type sortKey struct {
	set        bool
	unweighted bool // Meta.Weight is 0
	weight     int
	sec        int64  // Meta.Date as Unix time: Time.Compare's order for
	nsec       int    // dates without a monotonic reading, as parsed ones are
	title      string // textnorm.Fold(Meta.Title)
}

func newSortKey(p *Page) sortKey {
	d := p.Meta.Date
	return sortKey{
		set:        true,
		unweighted: p.Meta.Weight == 0,
		weight:     p.Meta.Weight,
		sec:        d.Unix(),
		nsec:       d.Nanosecond(),
		title:      textnorm.Fold(p.Meta.Title),
	}
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// outFile returns the output file for a URL path relative to the root.
func outFile(rel string) string {
	// A page's path is clean and ends in "/": path.Join only appends to it
	// then, which is done here without cleaning it byte by byte (a tenth
	// of the part of Link that runs on one core).
	if rel != "" && rel[len(rel)-1] == '/' && isCleanTail(rel[:len(rel)-1]) {
		return rel + "index.html"
	}
	var buf, scratch [128]byte
	out, _ := joinPath(buf[:0], scratch[:0], rel, "index.html")
	return string(out) // one allocation; path.Join made two when rel ends in "/"
}
