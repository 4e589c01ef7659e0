package markdown

import "github.com/yuin/goldmark/ast"

// collectLinks records every link and image with its position. Images without
// alt text are errors: screen-reader users would get nothing.
func collectLinks(doc *Doc) {
	_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			doc.Links = append(doc.Links, &Link{Dest: string(n.Destination), Pos: doc.lines.linkPos(n), node: n})
		case *ast.Image:
			l := &Link{Dest: string(n.Destination), Pos: doc.lines.linkPos(n), Image: true, Alt: inlineText(n, doc.source), node: n}
			if l.Alt == "" {
				doc.Diags.Errorf(l.Pos, "image %q has no alt text; describe the image between the brackets: ![what the image shows](%s)", l.Dest, l.Dest)
			}
			doc.Links = append(doc.Links, l)
		}
		return ast.WalkContinue, nil
	})
}
