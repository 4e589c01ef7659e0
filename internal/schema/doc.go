// Package schema turns the frontmatter schemas of package content, the one
// source of truth that loading validates against, into what editors and their
// tools need:
//
//   - NewPage: the text of a new page for `handboek new`: every key of its
//     section, filled in or left empty with a Dutch comment, and a short Dutch
//     template body;
//   - JSONSchema: a JSON Schema (draft 2020-12) per section for
//     `handboek schema`, with the Dutch descriptions and, as enums, the slugs
//     that references may name right now;
//   - FrontMatter: the content types of the Front Matter CMS extension for
//     VS Code (frontmatter.json), so editors fill in forms instead of YAML.
//
// # Faithful, and slightly stricter
//
// A value the JSON Schema accepts is one loading accepts. Loading is a little
// more lenient in two places that editors' tools should not encourage: it
// takes any scalar as text (title: 2025), and it reads an empty value of any
// type as "not set" (draft: ""). The schemas ask for text and for null there.
// References are enums of the slugs that exist when the schema is generated,
// so regenerate after adding a subregio, thema, doel or bestuur.
//
// It is a side branch of the pipeline: it reads content's schemas and, for the
// slugs, a linked site.Site; it loads, renders and writes nothing itself.
package schema
