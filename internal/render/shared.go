package render

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/site"
)

// Shared partials are rendered once per build and per value of what they
// depend on, and then reused on every page: the menu, the footer, the links
// in <head>, a section list's filter. Without them these were about a third
// of the template time of a page, and the filter of a section list, which names the
// section's every theme and subregion, grew with the number of pages times
// the number of pagers.
//
// A template declares what its output depends on with {{renderOncePer KIND}}
// as its first action:
//
//	"site"    only the site and the build (asset URLs); the same on every page
//	"menu"    the site, whether the page is the home page (.Kind "home"), and
//	          which section and plain page is current: .IsCurrent and .URL may
//	          be used only to compare with a section's or plain page's URL
//	"facets"  the site and .Facets
//
// The declaration sits in the file whose output is reused, so a site that
// overrides the file without it gets its own version rendered on every page.
// A shared partial is only shared when every template it calls with data is
// itself shared by the same kind or by "site" (a template called without
// data, like partials/logo.html, may always be called): a site's own
// partials/nav.html without the declaration makes the default
// partials/header.html, which calls it, be rendered on every page too. A
// shared partial must be called in HTML text (not inside a tag or an
// attribute), as a partial always is.
var sharedKinds = map[string]func(v *View) sharedKey{
	"site":   func(*View) sharedKey { return sharedKey{} },
	"menu":   func(v *View) sharedKey { return sharedKey{menu: v.menuKey()} },
	"facets": func(v *View) sharedKey { return sharedKey{section: v.facetSection()} },
}

// declareFunc is the name of the declaring function.
const declareFunc = "renderOncePer"

// sharedSuffix names the original template of a shared partial.
const sharedSuffix = "#once"

// sharedKey identifies one rendering of a shared partial in a build: the
// partial, and what its kind depends on, which sharedKinds gives for a
// view. It holds no interface, so that it is hashed as plain memory and
// looked up without being boxed.
type sharedKey struct {
	id      int           // the partial in one layout set (Templates.byName)
	menu    string        // for "menu": menuKey
	section *site.Section // for "facets": facetSection
}

// declared returns the kind a template declares with its first action, or
// "". It reports a declaration that is not the first action or names no kind.
func declared(t *template.Template) (string, diag.List) {
	if t.Tree == nil || t.Tree.Root == nil {
		return "", nil
	}
	var first parse.Node
	for _, n := range t.Tree.Root.Nodes {
		if tn, ok := n.(*parse.TextNode); !ok || len(bytes.TrimSpace(tn.Text)) > 0 {
			first = n
			break
		}
	}
	var l diag.List
	kind := ""
	walkNodes(t.Tree.Root, func(n parse.Node) {
		a, ok := n.(*parse.ActionNode)
		if !ok || len(a.Pipe.Cmds) == 0 {
			return
		}
		cmd := a.Pipe.Cmds[0]
		if id, ok := cmd.Args[0].(*parse.IdentifierNode); !ok || id.Ident != declareFunc {
			return
		}
		var s *parse.StringNode
		if len(cmd.Args) == 2 && len(a.Pipe.Cmds) == 1 && len(a.Pipe.Decl) == 0 {
			s, _ = cmd.Args[1].(*parse.StringNode)
		}
		switch {
		case n != first:
			l.Errorf(nodePos(t, n), "%s must be the first action of its template", declareFunc)
		case s == nil:
			l.Errorf(nodePos(t, n), "%s takes one quoted kind, as in {{%s \"menu\"}}", declareFunc, declareFunc)
		case sharedKinds[s.Text] == nil:
			l.Errorf(nodePos(t, n), "%s %q: the kinds are %s", declareFunc, s.Text, kindNames())
		default:
			kind = s.Text
		}
	})
	return kind, l
}

func kindNames() string {
	var names []string
	for k := range sharedKinds {
		names = append(names, fmt.Sprintf("%q", k))
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// nodePos is the position of a node in the layout file it was parsed from.
func nodePos(t *template.Template, n parse.Node) diag.Pos {
	loc, _ := t.Tree.ErrorContext(n) // "partials/nav.html:3:7"
	pos := diag.Pos{File: "layouts/" + t.Tree.ParseName}
	if m := strings.Split(loc, ":"); len(m) == 3 {
		pos.Line, _ = strconv.Atoi(m[1])
		pos.Col, _ = strconv.Atoi(m[2])
	}
	return pos
}

// walkNodes calls fn on n and every node below it, in order.
func walkNodes(n parse.Node, fn func(parse.Node)) {
	fn(n)
	var b *parse.BranchNode
	switch x := n.(type) {
	case *parse.ListNode:
		for _, c := range x.Nodes {
			walkNodes(c, fn)
		}
	case *parse.IfNode:
		b = &x.BranchNode
	case *parse.RangeNode:
		b = &x.BranchNode
	case *parse.WithNode:
		b = &x.BranchNode
	}
	if b != nil {
		for _, l := range []*parse.ListNode{b.List, b.ElseList} {
			if l != nil {
				walkNodes(l, fn)
			}
		}
	}
}

// share makes the declared templates of one layout set shared. ids numbers
// the shared templates of all sets; fast gets their fast templates.
func share(tpl *template.Template, reg funcRegistry, ids *int, fast *[]*fastInner) diag.List {
	var problems diag.List
	kinds := map[string]string{}
	for _, t := range tpl.Templates() {
		kind, l := declared(t)
		problems.Append(l)
		if kind != "" {
			kinds[t.Name()] = kind
		}
	}
	// A template is shared when every template it calls with data is shared
	// by its kind or by "site"; cycles, which could not execute, are not.
	ok := map[string]bool{}
	var check func(name string, seen map[string]bool) bool
	check = func(name string, seen map[string]bool) bool {
		if v, done := ok[name]; done {
			return v
		}
		t := tpl.Lookup(name)
		if kinds[name] == "" || t == nil || t.Tree == nil || seen[name] {
			return false
		}
		seen[name] = true
		good := true
		walkNodes(t.Tree.Root, func(n parse.Node) {
			call, isCall := n.(*parse.TemplateNode)
			if !isCall || call.Pipe == nil || !good {
				return
			}
			k := kinds[call.Name]
			good = (k == "site" || k == kinds[name]) && check(call.Name, seen)
		})
		ok[name] = good
		return good
	}
	names := make([]string, 0, len(kinds))
	for name := range kinds {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !check(name, map[string]bool{}) {
			continue
		}
		*ids++
		if err := wrapShared(tpl, reg, name, *ids, sharedKinds[kinds[name]], fast); err != nil {
			problems.Errorf(diag.Pos{File: "layouts/" + name}, "%v", err)
		}
	}
	return problems
}

// wrapShared replaces the template name in tpl by a call to a function that
// renders the original (renamed name+sharedSuffix) once per key and build,
// and adds the original's fast template to fast.
func wrapShared(tpl *template.Template, reg funcRegistry, name string, id int, key func(*View) sharedKey, fast *[]*fastInner) error {
	orig := tpl.Lookup(name)
	inner := name + sharedSuffix
	if _, err := tpl.AddParseTree(inner, orig.Tree); err != nil {
		return err
	}
	// A shared partial renders once per key, but a site may have many
	// keys (a filter per section list, a menu per section and plain page),
	// so it runs as a fast template too.
	run := &fastInner{tpl: tpl, inner: inner, funcs: reg[tpl]}
	*fast = append(*fast, run)
	call := fmt.Sprintf("shared%d", id)
	reg.add(tpl, template.FuncMap{call: func(arg any) (template.HTML, error) {
		v, ok := arg.(*View)
		if !ok || v.cache == nil {
			return run.execute(arg)
		}
		k := key(v)
		k.id = id
		if h, ok := v.cache.shared.load(k); ok {
			return h, nil
		}
		h, err := run.execute(arg)
		if err == nil {
			v.cache.shared.store(k, h)
		}
		return h, err
	}})
	_, err := tpl.New(name).Parse("{{" + call + " .}}")
	return err
}

// executeInner renders the original of a shared or memoized partial.
func executeInner(tpl *template.Template, inner string, arg any) (template.HTML, error) {
	b := getBuffer()
	defer putBuffer(b)
	if err := tpl.ExecuteTemplate(b, inner, arg); err != nil {
		return "", &partialError{err}
	}
	return template.HTML(b.String()), nil
}

// menuKey tells apart the views whose menus differ: the home page or not,
// and for each section and plain page whether it is this page (2), holds it
// (1) or neither (0). It is kept on the view, whose header and footer both
// ask for it.
func (v *View) menuKey() string {
	if v.menu != "" { // a key is never empty
		return v.menu
	}
	var buf [64]byte // most sites have fewer sections and plain pages
	b := buf[:0]
	if v.Kind == "home" {
		b = append(b, 'h')
	} else {
		b = append(b, '-')
	}
	state := func(url string) byte {
		switch {
		case v.URL == url:
			return '2'
		case v.IsCurrent(url):
			return '1'
		}
		return '0'
	}
	for _, s := range v.Site.Sections {
		b = append(b, state(s.URL))
	}
	for _, p := range v.Site.Plain {
		b = append(b, state(p.URL))
	}
	v.menu = string(b)
	return v.menu
}
