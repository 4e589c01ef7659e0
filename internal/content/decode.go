package content

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/textnorm"
	"go.yaml.in/yaml/v3"
)

// decoder turns a YAML frontmatter node into Meta, checking every key against
// the allowed fields and every value against its type.
type decoder struct {
	file     string
	line0    int // file line of the frontmatter's opening "---"
	fields   []Field
	problems diag.List
	one      [1]*yaml.Node // list's one-item list of a single value
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: d.line0 + n.Line, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.problems.Errorf(d.pos(n), format, args...)
}

func (d *decoder) decode(root *yaml.Node, m *Meta) {
	start := diag.Pos{File: d.file, Line: d.line0, Col: 1}
	doc := root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	var seen keys
	switch {
	case doc.Kind == 0 || (doc.Kind == yaml.ScalarNode && doc.Tag == "!!null"):
		// empty frontmatter: only the required keys are missing
	case doc.Kind != yaml.MappingNode:
		d.errorf(doc, "frontmatter must be a list of keys (key: value), one a line")
		return
	default:
		seen.content = doc.Content
		for i := 0; i+1 < len(doc.Content); i += 2 {
			k, v := doc.Content[i], resolveAlias(doc.Content[i+1])
			key := k.Value
			if prev := seen.first(key, i); prev != nil {
				d.errorf(k, "key %q appears twice (first on line %d); keep one", key, d.pos(prev).Line)
				continue
			}
			f := d.field(key)
			if f == nil {
				d.unknownKey(k)
				continue
			}
			d.set(f, k, v, m)
		}
	}
	for _, f := range d.fields {
		if f.Required && seen.first(f.Key, len(seen.content)) == nil {
			d.problems.Errorf(start, "missing required key %q; add a line like: %s", f.Key, example(f))
		}
	}
}

// keys finds the first of a mapping's keys by name. A frontmatter has a
// dozen keys at most, and looking through them is cheaper than a map made
// for every page (a fifth of decode's time); a mapping of many keys, where
// that would take quadratic time, gets a map.
type keys struct {
	content []*yaml.Node   // the mapping's keys and values
	index   map[string]int // for many keys: where in content each name is first
}

// first returns the first key named key among content[:before], or nil.
func (s *keys) first(key string, before int) *yaml.Node {
	if len(s.content) <= 64 {
		for i := 0; i+1 < len(s.content) && i < before; i += 2 {
			if s.content[i].Value == key {
				return s.content[i]
			}
		}
		return nil
	}
	if s.index == nil {
		s.index = make(map[string]int, len(s.content)/2)
		for i := 0; i+1 < len(s.content); i += 2 {
			if _, dup := s.index[s.content[i].Value]; !dup {
				s.index[s.content[i].Value] = i
			}
		}
	}
	if i, ok := s.index[key]; ok && i < before {
		return s.content[i]
	}
	return nil
}

func (d *decoder) field(key string) *Field {
	for i := range d.fields {
		if d.fields[i].Key == key {
			return &d.fields[i]
		}
	}
	return nil
}

func (d *decoder) unknownKey(k *yaml.Node) {
	keys := make([]string, len(d.fields))
	for i, f := range d.fields {
		keys[i] = f.Key
	}
	hint := diag.DidYouMean(k.Value, keys)
	if hint == "" {
		hint = "; allowed keys here: " + strings.Join(keys, ", ")
	}
	d.errorf(k, "unknown key %q%s", k.Value, hint)
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// isEmpty reports whether a value was left empty (`key:`, `key: ""` or only
// spaces), which counts as not set.
func isEmpty(v *yaml.Node) bool {
	return (v.Kind == yaml.ScalarNode && (v.Tag == "!!null" || strings.TrimSpace(v.Value) == "")) ||
		(v.Kind == yaml.SequenceNode && len(v.Content) == 0)
}

func (d *decoder) set(f *Field, k, v *yaml.Node, m *Meta) {
	if isEmpty(v) {
		if f.Required {
			d.errorf(v, "%q is empty, but it is required; fill it in, like: %s", f.Key, example(*f))
		}
		return
	}
	if f.Type.IsList() {
		items := d.list(f, v)
		switch f.Type {
		case ReferenceList:
			refs := make([]Ref, 0, len(items))
			for _, it := range items {
				if r, ok := d.ref(f, it); ok {
					refs = append(refs, r)
				}
			}
			d.assignRefs(f.Key, refs, m)
		case EnumList:
			var vals []string
			for _, it := range items {
				if s, ok := d.enum(f, it); ok {
					vals = append(vals, s)
				}
			}
			d.assignStrings(f.Key, vals, m)
		case TextList:
			var vals []string
			for _, it := range items {
				if s, ok := d.scalar(f, it); ok {
					vals = append(vals, s)
				}
			}
			d.assignStrings(f.Key, vals, m)
		}
		return
	}
	if v.Kind != yaml.ScalarNode {
		d.errorf(v, "%q must be a single value, not a %s", f.Key, kindName(v))
		return
	}
	switch f.Type {
	case String:
		d.assignString(f.Key, strings.TrimSpace(v.Value), m)
	case Bool:
		if v.Tag != "!!bool" {
			d.errorf(v, "%q must be true or false, not %q", f.Key, v.Value)
			return
		}
		b := strings.EqualFold(v.Value, "true")
		switch f.Key {
		case "draft":
			m.Draft = b
		case "voorloper":
			m.Voorloper = b
		}
	case Int:
		n, err := strconv.Atoi(v.Value)
		if err != nil || v.Tag != "!!int" {
			d.errorf(v, "%q must be a whole number, not %q", f.Key, v.Value)
			return
		}
		m.Weight = n
	case Date:
		if !isDate(v.Value) {
			d.errorf(v, "%q must be a date written as YYYY-MM-DD (like 2025-06-15), not %q", f.Key, v.Value)
			return
		}
		t, ok := parseDate(v.Value)
		if !ok {
			d.errorf(v, "%q is not a real date: %q", f.Key, v.Value)
			return
		}
		m.Date = t
	case URL:
		u, err := url.Parse(strings.TrimSpace(v.Value))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			d.errorf(v, "%q must be a web address starting with https://, not %q", f.Key, v.Value)
			return
		}
		d.assignString(f.Key, u.String(), m)
	case Slug:
		if !textnorm.IsSlug(v.Value) {
			d.errorf(v, "%q must be lower-case letters, digits and single hyphens (like %q), not %q", f.Key, textnorm.Slug(v.Value), v.Value)
			return
		}
		m.slug = v.Value
	case Reference:
		if r, ok := d.ref(f, v); ok {
			m.Subregio = r
		}
	case Enum:
		if s, ok := d.enum(f, v); ok {
			m.Soort = s
		}
	}
}

// list returns the items of a list value; a single scalar counts as a
// one-item list (themas: ict).
//
// It allocates only for a list with an alias in it (which only yaml.v3
// reads): a slice made for every list was a tenth of Parse's allocations.
func (d *decoder) list(f *Field, v *yaml.Node) []*yaml.Node {
	switch v.Kind {
	case yaml.ScalarNode:
		d.one[0] = v
		return d.one[:]
	case yaml.SequenceNode:
		for i, it := range v.Content {
			if it.Kind == yaml.AliasNode {
				items := slices.Clone(v.Content)
				for j := i; j < len(items); j++ {
					items[j] = resolveAlias(items[j])
				}
				return items
			}
		}
		return v.Content
	}
	d.errorf(v, "%q must be a list of values, not a %s", f.Key, kindName(v))
	return nil
}

func (d *decoder) scalar(f *Field, v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || strings.TrimSpace(v.Value) == "" {
		d.errorf(v, "each item of %q must be a single non-empty value", f.Key)
		return "", false
	}
	return strings.TrimSpace(v.Value), true
}

func (d *decoder) ref(f *Field, v *yaml.Node) (Ref, bool) {
	s, ok := d.scalar(f, v)
	if !ok {
		return Ref{}, false
	}
	if !textnorm.IsSlug(s) {
		d.errorf(v, "%q must name a page of %s/ by its slug (like %q), not %q", f.Key, f.Section, textnorm.Slug(s), s)
		return Ref{}, false
	}
	return Ref{Slug: s, Pos: d.pos(v)}, true
}

func (d *decoder) enum(f *Field, v *yaml.Node) (string, bool) {
	s, ok := d.scalar(f, v)
	if !ok {
		return "", false
	}
	for _, allowed := range f.Values {
		if s == allowed {
			return s, true
		}
	}
	d.errorf(v, "unknown %s %q%s; allowed: %s", singular(f.Key), s, diag.DidYouMean(s, f.Values), strings.Join(f.Values, ", "))
	return "", false
}

func (d *decoder) assignString(key, s string, m *Meta) {
	switch key {
	case "title":
		m.Title = s
	case "summary":
		m.Summary = s
	case "locatie":
		m.Locatie = s
	case "website":
		m.Website = s
	case "description":
		m.Description = s
	case "repository":
		m.Repository = s
	case "branch":
		m.Branch = s
	case "language":
		m.Language = s
	default:
		panic("content: no Meta field for string key " + key)
	}
}

func (d *decoder) assignStrings(key string, vals []string, m *Meta) {
	switch key {
	case "werkvormen":
		m.Werkvormen = vals
	case "doelgroepen":
		m.Doelgroepen = vals
	case "partners":
		m.Partners = vals
	default:
		panic("content: no Meta field for list key " + key)
	}
}

func (d *decoder) assignRefs(key string, refs []Ref, m *Meta) {
	switch key {
	case "themas":
		m.Themas = refs
	case "doelen":
		m.Doelen = refs
	case "besturen":
		m.Besturen = refs
	default:
		panic("content: no Meta field for reference key " + key)
	}
}

func singular(key string) string {
	switch key {
	case "werkvormen":
		return "werkvorm"
	case "doelgroepen":
		return "doelgroep"
	}
	return key
}

func kindName(v *yaml.Node) string {
	switch v.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "group of keys"
	}
	return "value"
}

// example shows an editor how to write a key.
func example(f Field) string {
	switch f.Type {
	case Enum:
		return fmt.Sprintf("%s: %s (allowed: %s)", f.Key, f.Values[0], strings.Join(f.Values, ", "))
	case String:
		return fmt.Sprintf("%s: \"...\"", f.Key)
	}
	return f.Key + ": ..."
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// unquotedColonRE matches "key: value: more", a plain (unquoted) value with a
// colon and a space in it, which YAML reads as a nested key.
var unquotedColonRE = regexp.MustCompile(`^([A-Za-z0-9_-]+):[ ]+([^"'\[{#|>&*!][^#]*?: .*|[^"'\[{#|>&*!][^#]*?:)$`)

// yamlProblem turns a YAML syntax error into a positioned problem. The two
// classic mistakes, a tab and an unquoted colon in a value, get their own
// message at their exact place, and so do the mistakes lineHint knows;
// yaml.v3 does not always give a line for them.
func yamlProblem(file string, src []byte, open int, err error) diag.List {
	var l diag.List
	lines := frontmatterLines(src, open)
	for i, text := range lines {
		pos := diag.Pos{File: file, Line: open + 2 + i, Col: 1}
		if j := strings.IndexByte(text, '\t'); j >= 0 && strings.TrimLeft(text[:j], " ") == "" {
			pos.Col = j + 1
			l.Errorf(pos, "YAML does not allow tabs for indentation; use spaces")
			return l
		}
		if m := unquotedColonRE.FindStringSubmatch(text); m != nil {
			val := strings.TrimSpace(m[2])
			second := len(m[1]) + 1 + strings.IndexByte(text[len(m[1])+1:], ':')
			pos.Col = utf8.RuneCountInString(text[:second]) + 1
			l.Errorf(pos, "the value of %q contains a colon; put the value in quotes: %s: %q", m[1], m[1], val)
			return l
		}
		if col, msg := lineHint(text, lines[i+1:]); msg != "" {
			pos.Col = col
			l.Errorf(pos, "%s", msg)
			return l
		}
	}
	pos := diag.Pos{File: file, Line: open + 1, Col: 1}
	reason := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		reason = m[2]
		if n, convErr := strconv.Atoi(m[1]); convErr == nil {
			pos.Line = open + 1 + n
			if n-1 < len(lines) {
				text := lines[n-1]
				pos.Col = len(text) - len(strings.TrimLeft(text, " ")) + 1
			}
		}
	}
	if plain, ok := plainYAML[reason]; ok {
		l.Errorf(pos, "frontmatter is not valid YAML: %s", plain)
		return l
	}
	l.Errorf(pos, "frontmatter is not valid YAML: %s; check the quotes, colons and indentation on this line or the one before", reason)
	return l
}

// frontmatterLines returns the lines between the opening "---" (on line
// open+1) and the closing one.
func frontmatterLines(src []byte, open int) []string {
	rest := string(src[lineStart(src, open+1):])
	var out []string
	for _, line := range strings.Split(rest, "\n") {
		if strings.TrimSpace(line) == "---" {
			break
		}
		out = append(out, line)
	}
	return out
}
