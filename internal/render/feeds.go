package render

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strings"
	"time"

	"github.com/samenopleiden/handboek/internal/site"
)

// sitemap writes sitemap.xml: every page with its own address, and lastmod
// from git where known.
func sitemap(s *site.Site) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	pages := []*site.Page{s.Home}
	for _, sec := range s.Sections {
		if sec.Index != nil {
			pages = append(pages, sec.Index)
		} else {
			pages = append(pages, &site.Page{URL: sec.URL})
		}
	}
	pages = append(pages, s.Pages...)
	for _, p := range pages {
		b.WriteString("<url><loc>")
		writeXMLText(&b, s.AbsURL(p.URL))
		b.WriteString("</loc>")
		if !p.Updated.IsZero() {
			b.WriteString("<lastmod>")
			b.Write(p.Updated.UTC().AppendFormat(b.AvailableBuffer(), "2006-01-02"))
			b.WriteString("</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// feed writes an Atom feed of good practices and masterclasses, newest first.
// Entries without a date use their git date; undated entries come last. The
// feed's own updated time is the newest entry's, so output stays reproducible.
func feed(s *site.Site) []byte {
	var entries []*site.Page
	for _, key := range []string{"goede-praktijken", "masterclasses"} {
		if sec := s.Section(key); sec != nil {
			entries = append(entries, sec.Pages...)
		}
	}
	when := func(p *site.Page) time.Time {
		if !p.Meta.Date.IsZero() {
			return p.Meta.Date
		}
		return p.Updated
	}
	slices.SortStableFunc(entries, func(a, b *site.Page) int {
		if c := when(b).Compare(when(a)); c != 0 {
			return c
		}
		return strings.Compare(a.URL, b.URL)
	})
	if len(entries) > 50 {
		entries = entries[:50]
	}
	var updated time.Time
	for _, e := range entries {
		if t := when(e); t.After(updated) {
			updated = t
		}
	}
	if updated.IsZero() {
		updated = time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC) // the partnership's first period; never the wall clock
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="` + xmlText(s.Language) + `">` + "\n")
	b.WriteString("<title>" + xmlText(s.Title) + "</title>\n")
	if s.Description != "" {
		b.WriteString("<subtitle>" + xmlText(s.Description) + "</subtitle>\n")
	}
	b.WriteString(`<link rel="self" href="` + xmlText(s.AbsURL(s.BasePath+"feed.xml")) + `"/>` + "\n")
	b.WriteString(`<link href="` + xmlText(s.AbsURL(s.BasePath)) + `"/>` + "\n")
	b.WriteString("<id>" + xmlText(s.AbsURL(s.BasePath)) + "</id>\n")
	b.WriteString("<updated>" + updated.UTC().Format(time.RFC3339) + "</updated>\n")
	for _, e := range entries {
		t := when(e)
		if t.IsZero() {
			t = updated
		}
		b.WriteString("<entry>")
		b.WriteString("<title>" + xmlText(e.Meta.Title) + "</title>")
		b.WriteString(`<link href="` + xmlText(s.AbsURL(e.URL)) + `"/>`)
		b.WriteString("<id>" + xmlText(s.AbsURL(e.URL)) + "</id>")
		b.WriteString("<updated>" + t.UTC().Format(time.RFC3339) + "</updated>")
		if !e.Meta.Date.IsZero() {
			b.WriteString("<published>" + e.Meta.Date.UTC().Format(time.RFC3339) + "</published>")
		}
		b.WriteString("<author><name>" + xmlText(s.Title) + "</name></author>")
		if e.Meta.Summary != "" {
			b.WriteString("<summary>" + xmlText(e.Meta.Summary) + "</summary>")
		}
		if e.Section != nil {
			b.WriteString(`<category term="` + xmlText(e.Section.Key) + `" label="` + xmlText(e.Schema.Label) + `"/>`)
		}
		b.WriteString("</entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

func xmlText(s string) string {
	if xmlPlain(s) {
		return s
	}
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// writeXMLText writes s to b as xml.EscapeText does.
func writeXMLText(b *bytes.Buffer, s string) {
	if xmlPlain(s) {
		b.WriteString(s)
		return
	}
	xml.EscapeText(b, []byte(s))
}

// xmlPlain reports whether xml.EscapeText leaves s as it is: printable ASCII
// but for the five characters it escapes, as an address nearly always is.
// EscapeText decodes every rune of a string, which took most of the time of
// sitemap.xml.
func xmlPlain(s string) bool {
	for i := range len(s) {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '&' || c == '\'' || c == '<' || c == '>' {
			return false
		}
	}
	return true
}

// robots allows everything and points at the sitemap.
func robots(s *site.Site) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + s.AbsURL(s.BasePath+"sitemap.xml") + "\n")
}
