package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/samenopleiden/handboek/internal/build"
	"github.com/samenopleiden/handboek/internal/content"
	"github.com/samenopleiden/handboek/internal/output"
	"github.com/samenopleiden/handboek/internal/schema"
)

// runSchema writes a JSON Schema per section and the Front Matter CMS
// configuration, with the slugs of the site as it is now.
func runSchema(args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	flags := newFlags("schema", stderr)
	flags.StringVar(&f.source, "source", ".", "site `folder` holding content/")
	out := flags.String("out", "", "`folder` for the <section>.schema.json files (default SOURCE/schemas)")
	fm := flags.String("frontmatter", "", "`file` for the Front Matter CMS configuration (default SOURCE/frontmatter.json; \"-\" to skip)")
	if code, ok := parseFlags(flags, args); !ok {
		return code
	}
	if *out == "" {
		*out = filepath.Join(f.source, "schemas")
	}
	if *fm == "" {
		*fm = filepath.Join(f.source, schema.FrontMatterFile)
	}

	// The slugs come from the linked site, so it must load without errors.
	res := build.New(f.options()).Build(output.Discard{})
	if res.Site == nil {
		writeText(stderr, res.Problems.Sorted())
		fmt.Fprintln(stderr, "handboek schema: fix these problems first (see handboek check), so that the lists of pages in the schemas are right")
		return 1
	}
	choices := schema.ChoicesOf(res.Site)

	files := map[string]func() ([]byte, error){}
	for _, s := range content.Schemas {
		files[filepath.Join(*out, schema.FileName(s.Section))] = func() ([]byte, error) { return schema.JSONSchema(s, choices) }
	}
	if *fm != "-" {
		files[*fm] = func() ([]byte, error) { return schema.FrontMatter(choices) }
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "handboek schema: %v\n", err)
		return 1
	}
	for name, gen := range files {
		data, err := gen()
		if err == nil {
			err = os.WriteFile(name, data, 0o644)
		}
		if err != nil {
			fmt.Fprintf(stderr, "handboek schema: %v\n", err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "wrote %d JSON Schemas to %s", len(content.Schemas), *out)
	if *fm != "-" {
		fmt.Fprintf(stderr, " and the Front Matter CMS configuration to %s", *fm)
	}
	fmt.Fprintln(stderr)
	return 0
}
