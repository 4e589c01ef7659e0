package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// scrollRenderer renders GFM tables inside a focusable scroll box, so a wide
// table scrolls on its own on a phone instead of widening the page. It wraps
// goldmark's own table renderer rather than replacing it.
type scrollRenderer struct{}

func (scrollRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	table := funcsOf(extension.NewTableHTMLRenderer())[extast.KindTable]
	reg.Register(extast.KindTable, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<div class="tabel" role="region" aria-label="Tabel" tabindex="0">`)
			return table(w, src, n, entering)
		}
		st, err := table(w, src, n, entering)
		_, _ = w.WriteString("</div>\n")
		return st, err
	})
}

// funcsOf returns the render functions r registers, by node kind, for a
// renderer of ours to wrap one of goldmark's.
func funcsOf(r renderer.NodeRenderer) funcRecorder {
	f := funcRecorder{}
	r.RegisterFuncs(f)
	return f
}

type funcRecorder map[ast.NodeKind]renderer.NodeRendererFunc

func (f funcRecorder) Register(k ast.NodeKind, fn renderer.NodeRendererFunc) { f[k] = fn }
