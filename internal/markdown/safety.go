package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
)

// dropUnsafe removes raw HTML (blocks and inline tags) from the AST and
// unwraps links and images whose target uses a dangerous scheme, keeping their
// text. Each removal is a warning at its position, so nothing is lost silently.
func dropUnsafe(doc *Doc) {
	var remove, unwrap []ast.Node
	_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			doc.Diags.Warnf(doc.lines.nodePos(n), "raw HTML is not rendered; write it in Markdown instead")
			remove = append(remove, n)
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			off := -1
			if n.Segments.Len() > 0 {
				off = n.Segments.At(0).Start
			}
			pos := doc.lines.nodePos(n)
			if off >= 0 {
				pos = doc.lines.pos(off)
			}
			doc.Diags.Warnf(pos, "raw HTML %q is not rendered; write it in Markdown instead", snippet(n.Segments.Value(doc.source)))
			remove = append(remove, n)
		case *ast.Link:
			if scheme, bad := dangerous(string(n.Destination)); bad {
				doc.Diags.Warnf(doc.lines.linkPos(n), "link to a %s: address removed (only the text is kept)", scheme)
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			if scheme, bad := dangerous(string(n.Destination)); bad {
				doc.Diags.Warnf(doc.lines.linkPos(n), "image from a %s: address removed", scheme)
				remove = append(remove, n)
				return ast.WalkSkipChildren, nil
			}
		case *ast.AutoLink:
			if scheme, bad := dangerous(string(n.URL(doc.source))); bad {
				doc.Diags.Warnf(doc.lines.nodePos(n), "link to a %s: address removed", scheme)
				remove = append(remove, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range remove {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, n := range unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// dangerous reports whether a link target runs code or embeds content instead
// of pointing somewhere: javascript:, vbscript:, data: and file: targets.
// Browsers ignore case, whitespace and control characters in the scheme, so
// this does too.
func dangerous(dest string) (scheme string, bad bool) {
	var b strings.Builder
	for _, r := range dest {
		if r == ':' {
			break
		}
		if r <= ' ' || r == 0x7f {
			continue
		}
		b.WriteRune(r)
		if b.Len() > 12 {
			return "", false
		}
	}
	s := strings.ToLower(b.String())
	switch s {
	case "javascript", "vbscript", "data", "file":
		if strings.Contains(dest, ":") {
			return s, true
		}
	}
	return "", false
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}
