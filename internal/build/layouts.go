package build

import (
	"html/template"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"text/template/parse"

	"github.com/samenopleiden/handboek/internal/output"
	"github.com/samenopleiden/handboek/internal/render"
)

// minifiedTemplates loads the layouts minified (output.Minifier.Layout). It
// returns nil when the build does not minify or the minified layouts do not
// load; the layouts as written did, so that would be the minifier's fault,
// and the build then renders from those and minifies every page.
func (b *Builder) minifiedTemplates() *render.Templates {
	if b.min == nil {
		return nil
	}
	t, problems := render.LoadTemplates(minifiedLayouts{b.layers(), b.min}, template.FuncMap{})
	if problems.HasErrors(true) {
		return nil
	}
	return t
}

// minifiedLayouts shows the layouts of a file system minified.
type minifiedLayouts struct {
	fs.FS
	min *output.Minifier
}

// ReadFile returns a layout minified, or as written when minifying changed
// anything but the text between its actions (a safeguard for a site's own
// layouts: the minifier reads actions with a lexer of its own).
func (m minifiedLayouts) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(m.FS, name)
	if err != nil || !strings.HasPrefix(name, "layouts/") || path.Ext(name) != ".html" {
		return b, err
	}
	small, err := m.min.Layout(b)
	if err != nil || !sameActions(b, small) {
		return b, nil
	}
	return small, nil
}

func (m minifiedLayouts) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(m.FS, name) }

// sameActions reports whether two template sources parse to the same trees
// once their text is left out.
func sameActions(a, b []byte) bool {
	x, y := actions(a), actions(b)
	return x != "" && x == y
}

// actions returns the parse trees of a template source with all text left
// out, as a string; "" if it does not parse.
func actions(src []byte) string {
	trees := map[string]*parse.Tree{}
	t := parse.New("layout")
	t.Mode = parse.SkipFuncCheck | parse.ParseComments
	if _, err := t.Parse(string(src), "", "", trees); err != nil {
		return ""
	}
	var out strings.Builder
	for _, name := range slices.Sorted(maps.Keys(trees)) {
		out.WriteString("{{define " + name + "}}")
		dropText(trees[name].Root)
		out.WriteString(trees[name].Root.String())
	}
	return out.String()
}

// dropText empties every text node below n.
func dropText(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			dropText(c)
		}
	case *parse.TextNode:
		n.Text = nil
	case *parse.IfNode:
		dropText(n.List)
		dropText(n.ElseList)
	case *parse.RangeNode:
		dropText(n.List)
		dropText(n.ElseList)
	case *parse.WithNode:
		dropText(n.List)
		dropText(n.ElseList)
	}
}
