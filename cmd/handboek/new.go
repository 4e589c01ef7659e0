package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/schema"
	"github.com/samenopleiden/handboek/internal/textnorm"
)

// now is the clock of `handboek new`, replaced in tests.
var now = time.Now

// runNew writes content/<section>/<slug>.md with the section's frontmatter
// and a template body. Usage: handboek new [--source DIR] <section> "<title>".
func runNew(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("new", stderr)
	source := flags.String("source", ".", "site `folder` holding content/")
	flags.Usage = func() {
		fmt.Fprintf(stderr, "Usage: handboek new [--source DIR] <section> \"<title>\"\n\nSections: %s\n\nFlags:\n", strings.Join(content.Sections(), ", "))
		flags.PrintDefaults()
	}
	pos, code, ok := parseInterleaved(flags, args)
	if !ok {
		return code
	}
	if len(pos) != 2 {
		fmt.Fprintf(stderr, "handboek new: want a section and a title, like: handboek new goede-praktijken \"Samen leren in Arnhem\"\n")
		return 2
	}
	section, title := pos[0], strings.TrimSpace(pos[1])
	s := known(section)
	if s == nil {
		fmt.Fprintf(stderr, "handboek new: unknown section %q%s; the sections are: %s\n", section, diag.DidYouMean(section, content.Sections()), strings.Join(content.Sections(), ", "))
		return 2
	}
	slug := textnorm.Slug(title)
	if slug == "" {
		fmt.Fprintf(stderr, "handboek new: the title %q has no letters or digits to make a file name from\n", title)
		return 2
	}
	if info, err := os.Stat(filepath.Join(*source, "content")); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "handboek new: no content/ folder in %s; run handboek in the site folder or pass --source DIR\n", *source)
		return 1
	}
	rel := path.Join("content", section, slug+".md")
	if other := sameSlug(*source, section, slug); other != "" {
		fmt.Fprintf(stderr, "handboek new: %s already exists with the address of this title; edit that page, or choose another title\n", other)
		return 1
	}
	file := filepath.Join(*source, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		fmt.Fprintf(stderr, "handboek new: %v\n", err)
		return 1
	}
	text := schema.NewPage(s, title, now(), examples(*source))
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "handboek new: %s already exists; edit it, or choose another title\n", rel)
		return 1
	}
	if err == nil {
		_, err = f.Write(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "handboek new: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, file)
	fmt.Fprintf(stderr, "created %s (draft: true); fill it in, then run: handboek check\n", rel)
	return 0
}

// known returns the schema of a known section folder, or nil.
func known(section string) *content.Schema {
	for _, s := range content.Schemas {
		if s.Section == section {
			return s
		}
	}
	return nil
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments, and returns the positional ones.
func parseInterleaved(flags *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	for {
		if err := flags.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0, false
			}
			return nil, 2, false
		}
		if flags.NArg() == 0 {
			return pos, 0, true
		}
		if used := args[:len(args)-flags.NArg()]; len(used) > 0 && used[len(used)-1] == "--" {
			return append(pos, flags.Args()...), 0, true // "--": the rest is not flags
		}
		pos = append(pos, flags.Arg(0))
		args = flags.Args()[1:]
	}
}

// sameSlug returns the page of section (a slash path under the site folder)
// whose file name makes slug, or "".
func sameSlug(source, section, slug string) string {
	entries, err := os.ReadDir(filepath.Join(source, "content", section))
	if err != nil {
		return ""
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && strings.HasSuffix(name, ".md") && textnorm.Slug(strings.TrimSuffix(name, ".md")) == slug {
			return path.Join("content", section, name)
		}
	}
	return ""
}

// examples returns the slugs of the pages in the site, by section, from their
// file names: enough for the examples in a new page's comments, without
// loading (the site need not be valid to add a page to it).
func examples(source string) schema.Choices {
	files, _ := content.Walk(os.DirFS(source))
	c := schema.Choices{}
	for _, f := range files {
		rest, ok := strings.CutPrefix(f.Path, "content/")
		section, name, nested := strings.Cut(rest, "/")
		if !ok || !nested || !f.Page || strings.Contains(name, "/") || name == "_index.md" {
			continue
		}
		c[section] = append(c[section], schema.Choice{Slug: textnorm.Slug(strings.TrimSuffix(name, ".md"))})
	}
	return c
}
