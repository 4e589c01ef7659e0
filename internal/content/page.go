// Package content is the first stage of the pipeline: it finds the files of a
// site's content/ folder and turns each Markdown file into a Page: typed,
// strictly validated frontmatter plus the parsed Markdown body.
//
// It checks what can be checked inside one file (encoding, frontmatter syntax,
// keys, types, enum values, required keys) and reports every problem with its
// file, line and column. It does not check what needs other pages (whether a
// referenced slug exists, whether a link resolves): that is package site.
//
// content imports markdown deliberately: DESIGN.md loads a page as frontmatter
// plus Markdown AST, so each file is read and parsed exactly once. markdown is
// a leaf that knows nothing about pages; the import never goes the other way.
//
// # Files
//
// Content files are UTF-8 Markdown with YAML frontmatter between "---" lines.
// A UTF-8 BOM is dropped and CRLF is read as LF. Invalid UTF-8, control
// characters, TOML or JSON frontmatter, unclosed frontmatter and files over the
// size limit are errors. Junk files (package junk) are skipped everywhere.
// Symlinks are never followed. Other files are assets, copied as they are.
package content

import (
	"path"
	"strings"
	"time"

	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/markdown"
)

// Kind says what a Markdown file is.
type Kind int

const (
	Regular Kind = iota // a page of a section, or a plain page
	Home                // content/_index.md: the home page and the site settings
	List                // content/<section>/_index.md: a section's intro
)

// Page is one loaded Markdown file.
type Page struct {
	File    string // slash path relative to the site folder: "content/doelen/x.md"
	Kind    Kind
	Section string   // first folder under content/; "" for top-level files
	Dirs    []string // slugs of the folders between the section and the file
	Slug    string   // from the file name, or from the slug key
	Meta    Meta
	Front   string // the frontmatter as written, to tell frontmatter edits from body edits
	Doc     *markdown.Doc
}

// Path returns the page's URL path relative to the site root, with a trailing
// slash: "doelen/x/", "goede-praktijken/2026/y/", "doelen/" for a list, "" for home.
func (p *Page) Path() string {
	switch p.Kind {
	case Home:
		return ""
	case List:
		return p.Section + "/"
	}
	parts := []string{}
	if p.Section != "" {
		parts = append(parts, p.Section)
	}
	parts = append(parts, p.Dirs...)
	parts = append(parts, p.Slug)
	return strings.Join(parts, "/") + "/"
}

// Dir returns the folder of the source file: "content/doelen".
func (p *Page) Dir() string { return path.Dir(p.File) }

// Meta is a page's frontmatter, decoded and validated. Keys that a page's
// section does not allow are rejected while loading, so a zero field means
// "not set".
type Meta struct {
	Title   string
	Summary string
	Date    time.Time // zero if not set
	Draft   bool
	Weight  int

	// Section keys; see Schemas for which section has which.
	Subregio    Ref
	Themas      []Ref
	Doelen      []Ref
	Besturen    []Ref
	Werkvormen  []string
	Doelgroepen []string
	Partners    []string
	Locatie     string
	Voorloper   bool
	Soort       string
	Website     string

	// Site settings, only in content/_index.md.
	Description string
	Repository  string
	Branch      string
	Language    string

	// Start is the position of the frontmatter's opening line, for problems
	// about the frontmatter as a whole (a missing key).
	Start diag.Pos

	slug string // the slug key; Page.Slug holds the result
}

// Ref is a slug that names another page, with where it was written.
type Ref struct {
	Slug string
	Pos  diag.Pos
}

// Refs returns the references of a page with the section each must name,
// in a fixed order.
func (m *Meta) Refs() []SectionRef {
	var out []SectionRef
	if m.Subregio.Slug != "" {
		out = append(out, SectionRef{"subregio", "subregios", m.Subregio})
	}
	for _, r := range m.Themas {
		out = append(out, SectionRef{"themas", "themas", r})
	}
	for _, r := range m.Doelen {
		out = append(out, SectionRef{"doelen", "doelen", r})
	}
	for _, r := range m.Besturen {
		out = append(out, SectionRef{"besturen", "besturen", r})
	}
	return out
}

// SectionRef is a reference with the key it was written under and the section
// it must name.
type SectionRef struct {
	Key     string
	Section string
	Ref
}
