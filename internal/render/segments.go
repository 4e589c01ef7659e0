package render

import (
	"bytes"
	"html/template"
	"reflect"
	"text/template/parse"
)

// A page's card is rendered at up to three heading levels: 2 in its
// section's list, 3 or 4 in the lists of pages that refer to it (at 10,000
// pages, 9,900 cards at level 2 and 9,400 at 3 or 4). Most of a card does
// not depend on the level, so a card's fast template is cut into segments,
// one per top-level node of partials/card.html: the first card of a page
// runs them all and keeps what each segment that depends on .Page alone
// wrote, and the page's cards at other levels write that again and run only
// the other segments.
//
// Which segments depend on .Page alone follows from the escaped tree
// (pageOnly): a segment that reads the card as a whole (., $), any other
// field of it, or a variable that may hold one, runs for every card. As
// with memoized partials, this is sound because a template's output depends
// only on the values it reads and on the template functions, which are
// pure.

// fastSegments is a memoized card partial cut at its top-level nodes.
type fastSegments struct {
	run   *fastTemplate // for its bail count
	nodes []fastNode
	kinds []segmentKind
	pages int // how many nodes are of kind segmentPage
}

type segmentKind uint8

const (
	segmentCard segmentKind = iota // runs for every card
	segmentPage                    // writes the same for every card of a page
	segmentDecl                    // declares a variable: runs for every card, writes nothing
)

// span is where a segment's output is in the output of the first card of a
// page.
type span struct{ start, end int }

// compileSegments compiles the escaped tree of the card partial into
// segments; nil if it does not compile, or if no segment depends on .Page
// alone.
func compileSegments(tree *parse.Tree, funcs template.FuncMap, set *template.Template) *fastSegments {
	if tree == nil || tree.Root == nil {
		return nil
	}
	c := &fastCompiler{funcs: funcs, set: set, calls: map[string]*fastCall{}, scope: []string{"$"}}
	cardVars := cardVariables(tree.Root)
	f := &fastSegments{run: &fastTemplate{}}
	pages := 0
	for _, n := range tree.Root.Nodes {
		node, ok := c.node(n)
		if !ok {
			return nil
		}
		if node == nil {
			continue // a comment
		}
		kind := segmentCard
		if a, ok := n.(*parse.ActionNode); ok && len(a.Pipe.Decl) > 0 {
			kind = segmentDecl
		} else if pageOnly(n, dotCard, cardVars) {
			kind = segmentPage
			pages++
		}
		if last := len(f.nodes) - 1; kind == segmentPage && last >= 0 && f.kinds[last] == segmentPage {
			// One segment of the two, written at once when replayed.
			prev := f.nodes[last]
			f.nodes[last] = func(s *fastState, dot reflect.Value) error {
				if err := prev(s, dot); err != nil {
					return err
				}
				return node(s, dot)
			}
			continue
		}
		f.nodes = append(f.nodes, node)
		f.kinds = append(f.kinds, kind)
	}
	if pages == 0 {
		return nil
	}
	for _, k := range f.kinds {
		if k == segmentPage {
			f.pages++
		}
	}
	return f
}

// record renders card c into b, which it expects empty, and returns where
// each segment that depends on .Page alone wrote.
func (f *fastSegments) record(b *bytes.Buffer, c Card) ([]span, error) {
	spans := make([]span, 0, f.pages)
	err := f.run.executeWith(b, c, func(s *fastState, dot reflect.Value) error {
		for i, node := range f.nodes {
			start := len(s.out)
			if err := node(s, dot); err != nil {
				return err
			}
			if f.kinds[i] == segmentPage {
				spans = append(spans, span{start, len(s.out)})
			}
		}
		return nil
	})
	return spans, err
}

// replay renders card c into b, with what the segments that depend on .Page
// alone wrote for another card of its page (pieces, in order).
func (f *fastSegments) replay(b *bytes.Buffer, c Card, pieces []string) error {
	return f.run.executeWith(b, c, func(s *fastState, dot reflect.Value) error {
		k := 0
		for i, node := range f.nodes {
			if f.kinds[i] == segmentPage {
				if k == len(pieces) {
					return errNotFast // pieces of other segments
				}
				s.out = append(s.out, pieces[k]...)
				k++
				continue
			}
			if err := node(s, dot); err != nil {
				return err
			}
		}
		return nil
	})
}

// dotKind is what dot holds where pageOnly looks.
type dotKind uint8

const (
	dotCard  dotKind = iota // the card
	dotPage                 // a value that depends on the card's .Page alone
	dotOther                // a value that may depend on more
)

// cardVariables returns the variables of a card partial that may hold
// more than what its .Page gives: those declared anywhere with such a
// value, until no more are found (a variable may be declared from another).
func cardVariables(root *parse.ListNode) map[string]bool {
	card := map[string]bool{"$": true}
	for changed := true; changed; {
		changed = false
		walkDots(root, dotCard, card, func(n parse.Node, dot dotKind) {
			a, ok := n.(*parse.ActionNode)
			if !ok || len(a.Pipe.Decl) == 0 || pipeOnly(a.Pipe, dot, card) {
				return
			}
			for _, v := range a.Pipe.Decl {
				if !card[v.Ident[0]] {
					card[v.Ident[0]], changed = true, true
				}
			}
		})
	}
	return card
}

// pageOnly reports whether node n, run with dot of kind dot, reads of the
// card nothing but .Page. cardVars are the variables that may hold more.
func pageOnly(n parse.Node, dot dotKind, cardVars map[string]bool) bool {
	only := true
	walkDots(n, dot, cardVars, func(n parse.Node, dot dotKind) {
		switch x := n.(type) {
		case *parse.ActionNode:
			only = only && pipeOnly(x.Pipe, dot, cardVars)
		case *parse.IfNode:
			only = only && pipeOnly(x.Pipe, dot, cardVars)
		case *parse.WithNode:
			only = only && pipeOnly(x.Pipe, dot, cardVars)
		case *parse.RangeNode:
			only = only && pipeOnly(x.Pipe, dot, cardVars)
		case *parse.TemplateNode:
			// The called template sees only its argument (as . and $).
			only = only && (x.Pipe == nil || pipeOnly(x.Pipe, dot, cardVars))
		case *parse.ListNode, *parse.TextNode, *parse.CommentNode:
		default:
			only = false // break, continue, or a node this does not know
		}
	})
	return only
}

// walkDots calls fn on n and every node below it that runs in the same
// template, with the kind of dot each runs with: with and range set dot to
// their pipeline's value in their list, and leave it in their else list.
// cardVars are as in pageOnly.
func walkDots(n parse.Node, dot dotKind, cardVars map[string]bool, fn func(parse.Node, dotKind)) {
	fn(n, dot)
	var b *parse.BranchNode
	inner := dot
	switch x := n.(type) {
	case *parse.ListNode:
		for _, c := range x.Nodes {
			walkDots(c, dot, cardVars, fn)
		}
	case *parse.IfNode:
		b = &x.BranchNode
	case *parse.WithNode:
		b, inner = &x.BranchNode, dotOther
	case *parse.RangeNode:
		b, inner = &x.BranchNode, dotOther
	}
	if b == nil {
		return
	}
	if inner == dotOther && pipeOnly(b.Pipe, dot, cardVars) {
		inner = dotPage
	}
	if b.List != nil {
		walkDots(b.List, inner, cardVars, fn)
	}
	if b.ElseList != nil {
		walkDots(b.ElseList, dot, cardVars, fn)
	}
}

// pipeOnly reports whether a pipeline run with dot of kind dot reads of the
// card nothing but .Page; cardVars are as in pageOnly.
func pipeOnly(p *parse.PipeNode, dot dotKind, cardVars map[string]bool) bool {
	if p == nil {
		return true
	}
	for _, cmd := range p.Cmds {
		for _, arg := range cmd.Args {
			if !argOnly(arg, dot, cardVars) {
				return false
			}
		}
	}
	return true
}

func argOnly(arg parse.Node, dot dotKind, cardVars map[string]bool) bool {
	switch x := arg.(type) {
	case *parse.DotNode:
		return dot == dotPage
	case *parse.FieldNode:
		return dot == dotPage || dot == dotCard && x.Ident[0] == "Page"
	case *parse.VariableNode:
		if x.Ident[0] == "$" {
			return len(x.Ident) > 1 && x.Ident[1] == "Page"
		}
		return !cardVars[x.Ident[0]]
	case *parse.ChainNode:
		return argOnly(x.Node, dot, cardVars)
	case *parse.PipeNode:
		return pipeOnly(x, dot, cardVars)
	case *parse.IdentifierNode, *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
		return true // functions are pure; constants
	}
	return false
}
