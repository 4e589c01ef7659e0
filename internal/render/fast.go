package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"unicode/utf8"
)

// A fastTemplate runs the escaped parse tree of a small partial without
// text/template: html/template spends most of a card's time calling its
// escapers and looking fields and methods up through reflection, once per
// action. compileFast takes the tree html/template has escaped, so the
// escapers are the ones it chose for each context, and the text is the text
// it would write; it accepts only what it runs exactly as text/template and
// html/template do:
//
//   - text, {{$x := pipeline}}, if, with and range (over a slice) with else;
//   - pipelines of a field chain (.A.B, $x.A.B, ., $) or eq of one such
//     value and an integer or string constant, then html/template's
//     escapers for HTML text, attributes and URLs, which it copies.
//
// Anything else, at compile time or when running (a method where a field
// was, a nil pointer, a value it does not print as a plain string or
// integer), makes it give up: a template it does not compile runs as usual,
// and a run it gives up on returns errNotFast, so that the caller renders
// the partial with html/template, which gives the usual output or error.
type fastTemplate struct {
	root fastNode
	off  atomic.Bool // set after a run gave up: a layout that gives up once will again
}

// fastInner renders the original of a memoized partial (tpl's template
// inner) with a fastTemplate once html/template has escaped it and the
// tree compiles, and with html/template otherwise.
type fastInner struct {
	tpl   *template.Template
	inner string
	never bool                         // render with html/template only
	once  sync.Once                    // compiles after the first run of html/template
	fast  atomic.Pointer[fastTemplate] // nil until then, or if it does not compile
}

func (f *fastInner) execute(arg any) (template.HTML, error) {
	if ft := f.fast.Load(); ft != nil {
		b := getBuffer()
		err := ft.execute(b, arg)
		h := template.HTML(b.String())
		putBuffer(b)
		if err == nil {
			return h, nil
		}
	}
	h, err := executeInner(f.tpl, f.inner, arg)
	if err == nil && !f.never {
		f.once.Do(func() {
			if t := f.tpl.Lookup(f.inner); t != nil {
				if ft := compileFast(t.Tree); ft != nil {
					f.fast.Store(ft)
				}
			}
		})
	}
	return h, err
}

// fastPartials are partials that every page renders, which fast
// templates run (see fastInner): the table of contents and the crumbs.
// Like memoized partials they must be called in HTML text, as partials are.
var fastPartials = []string{"partials/toc.html", "partials/crumbs.html"}

// wrapFast replaces the partial name in tpl by a call to a function that
// renders the original (renamed name+innerSuffix) with a fastInner, if the
// partial holds nothing fast templates do not run, and returns it. fn
// numbers the function.
func wrapFast(tpl *template.Template, name string, fn int) (*fastInner, error) {
	orig := tpl.Lookup(name)
	if orig == nil || !fastShape(orig.Tree) {
		return nil, nil
	}
	inner := name + innerSuffix
	if _, err := tpl.AddParseTree(inner, orig.Tree); err != nil {
		return nil, err
	}
	run := &fastInner{tpl: tpl, inner: inner}
	call := fmt.Sprintf("fast%d", fn)
	tpl.Funcs(template.FuncMap{call: run.execute})
	_, err := tpl.New(name).Parse("{{" + call + " .}}")
	return run, err
}

// errNotFast says a fastTemplate cannot run a template or its data.
var errNotFast = errors.New("not a fast template")

// fastNode writes a node for the dot it gets.
type fastNode func(s *fastState, dot reflect.Value) error

// fastPipe evaluates a pipeline.
type fastPipe func(s *fastState, dot reflect.Value) (reflect.Value, error)

// fastState is one run: the output and the variables in scope.
type fastState struct {
	b    *bytes.Buffer
	vars []fastVar
}

type fastVar struct {
	name string
	v    reflect.Value
}

// execute runs t with data into b. On errNotFast b holds a partial output.
func (t *fastTemplate) execute(b *bytes.Buffer, data any) error {
	if t.off.Load() {
		return errNotFast
	}
	dot := reflect.ValueOf(data)
	s := &fastState{b: b, vars: []fastVar{{"$", dot}}}
	err := t.root(s, dot)
	if err != nil {
		t.off.Store(true)
	}
	return err
}

// compileFast compiles the escaped tree of a template; nil if it holds
// anything fast templates do not run.
func compileFast(tree *parse.Tree) *fastTemplate {
	if tree == nil || tree.Root == nil {
		return nil
	}
	n, ok := compileNode(tree.Root, false)
	if !ok {
		return nil
	}
	return &fastTemplate{root: n}
}

// fastShape reports whether a tree not yet escaped would compile once
// html/template has escaped it, as far as can be told before: it holds
// nothing but what fast templates run, its escapers aside.
func fastShape(tree *parse.Tree) bool {
	if tree == nil || tree.Root == nil {
		return false
	}
	_, ok := compileNode(tree.Root, true)
	return ok
}

func compileNode(n parse.Node, shape bool) (fastNode, bool) {
	switch x := n.(type) {
	case *parse.ListNode:
		nodes := make([]fastNode, 0, len(x.Nodes))
		for _, c := range x.Nodes {
			f, ok := compileNode(c, shape)
			if !ok {
				return nil, false
			}
			if f != nil {
				nodes = append(nodes, f)
			}
		}
		return func(s *fastState, dot reflect.Value) error {
			for _, f := range nodes {
				if err := f(s, dot); err != nil {
					return err
				}
			}
			return nil
		}, true
	case *parse.TextNode:
		text := x.Text
		return func(s *fastState, _ reflect.Value) error { s.b.Write(text); return nil }, true
	case *parse.CommentNode:
		return nil, true
	case *parse.ActionNode:
		return compileAction(x.Pipe, shape)
	case *parse.IfNode:
		return compileBranch(&x.BranchNode, false, false, shape)
	case *parse.WithNode:
		return compileBranch(&x.BranchNode, true, false, shape)
	case *parse.RangeNode:
		return compileBranch(&x.BranchNode, true, true, shape)
	}
	return nil, false
}

// compileAction compiles {{$x := pipeline}} and {{pipeline | escapers}}.
func compileAction(p *parse.PipeNode, shape bool) (fastNode, bool) {
	if p == nil || p.IsAssign || len(p.Decl) > 1 {
		return nil, false
	}
	if len(p.Decl) == 1 {
		if len(p.Decl[0].Ident) != 1 {
			return nil, false
		}
		name := p.Decl[0].Ident[0]
		eval, ok := compilePipe(p.Cmds)
		if !ok {
			return nil, false
		}
		return func(s *fastState, dot reflect.Value) error {
			v, err := eval(s, dot)
			if err != nil {
				return err
			}
			s.vars = append(s.vars, fastVar{name, v})
			return nil
		}, true
	}
	// Output: a value, then the escapers html/template added.
	n := len(p.Cmds)
	var escs []func(string) string
	for n > 1 {
		id, ok := p.Cmds[n-1].Args[0].(*parse.IdentifierNode)
		esc := fastEscapers[identName(id, ok)]
		if len(p.Cmds[n-1].Args) != 1 || esc == nil {
			break
		}
		escs = append([]func(string) string{esc}, escs...)
		n--
	}
	if len(escs) == 0 && !shape {
		return nil, false // html/template escapes every value it prints
	}
	eval, ok := compilePipe(p.Cmds[:n])
	if !ok {
		return nil, false
	}
	return func(s *fastState, dot reflect.Value) error {
		v, err := eval(s, dot)
		if err != nil {
			return err
		}
		str, ok := plainString(v)
		if !ok {
			return errNotFast
		}
		for _, esc := range escs {
			str = esc(str)
		}
		s.b.WriteString(str)
		return nil
	}, true
}

func identName(id *parse.IdentifierNode, ok bool) string {
	if !ok {
		return ""
	}
	return id.Ident
}

// compileBranch compiles if (with false), with (setDot) and range (setDot,
// loop).
func compileBranch(b *parse.BranchNode, setDot, loop, shape bool) (fastNode, bool) {
	if b.Pipe == nil || len(b.Pipe.Decl) > 0 || b.Pipe.IsAssign {
		return nil, false
	}
	cond, ok := compilePipe(b.Pipe.Cmds)
	if !ok {
		return nil, false
	}
	list, ok := compileNode(b.List, shape)
	if !ok {
		return nil, false
	}
	var elseList fastNode
	if b.ElseList != nil {
		if elseList, ok = compileNode(b.ElseList, shape); !ok {
			return nil, false
		}
	}
	orElse := func(s *fastState, dot reflect.Value) error {
		if elseList == nil {
			return nil
		}
		return scoped(s, func() error { return elseList(s, dot) })
	}
	if loop {
		return func(s *fastState, dot reflect.Value) error {
			v, err := cond(s, dot)
			if err != nil {
				return err
			}
			v, isNil := indirect(v)
			if isNil {
				return errNotFast
			}
			if k := v.Kind(); k != reflect.Slice && k != reflect.Array {
				return errNotFast
			}
			if v.Len() == 0 {
				return orElse(s, dot)
			}
			for i := range v.Len() {
				if err := scoped(s, func() error { return list(s, v.Index(i)) }); err != nil {
					return err
				}
			}
			return nil
		}, true
	}
	return func(s *fastState, dot reflect.Value) error {
		v, err := cond(s, dot)
		if err != nil {
			return err
		}
		iv, isNil := indirectInterface(v)
		truth, ok := isTrue(iv)
		if isNil {
			truth, ok = false, true
		}
		if !ok {
			return errNotFast
		}
		if !truth {
			return orElse(s, dot)
		}
		if setDot {
			dot = v
		}
		return scoped(s, func() error { return list(s, dot) })
	}, true
}

// scoped runs fn and then drops the variables it declared, as text/template
// does at the end of a control structure.
func scoped(s *fastState, fn func() error) error {
	n := len(s.vars)
	err := fn()
	s.vars = s.vars[:n]
	return err
}

// compilePipe compiles a pipeline of one command: a field chain, or eq of
// a field chain and constants.
func compilePipe(cmds []*parse.CommandNode) (fastPipe, bool) {
	if len(cmds) != 1 {
		return nil, false
	}
	args := cmds[0].Args
	if id, ok := args[0].(*parse.IdentifierNode); ok {
		if id.Ident != "eq" || len(args) < 3 {
			return nil, false
		}
		return compileEq(args[1], args[2:])
	}
	if len(args) != 1 {
		return nil, false
	}
	val, ok := compileOperand(args[0])
	if !ok {
		return nil, false
	}
	// text/template hands on the value in an empty interface as the value.
	return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
		v, err := val(s, dot)
		if err == nil && v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = reflect.ValueOf(v.Interface())
		}
		return v, err
	}, true
}

// isDecimal reports whether s is an integer in decimal digits.
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// compileEq compiles eq x c1 c2 ... where each c is an integer or string
// constant of the kind of x.
func compileEq(x parse.Node, consts []parse.Node) (fastPipe, bool) {
	val, ok := compileOperand(x)
	if !ok {
		return nil, false
	}
	var ints []int64
	var strs []string
	for _, c := range consts {
		switch c := c.(type) {
		case *parse.NumberNode:
			if !c.IsInt || !isDecimal(c.Text) {
				return nil, false // text/template may read it as a float
			}
			ints = append(ints, c.Int64)
		case *parse.StringNode:
			strs = append(strs, c.Text)
		default:
			return nil, false
		}
	}
	if len(ints) > 0 && len(strs) > 0 {
		return nil, false
	}
	return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
		v, err := val(s, dot)
		if err != nil {
			return v, err
		}
		v, isNil := indirectInterface(v)
		if isNil {
			return v, errNotFast
		}
		eq := false
		switch {
		case len(ints) > 0 && v.Kind() >= reflect.Int && v.Kind() <= reflect.Int64:
			for _, c := range ints {
				eq = eq || v.Int() == c
			}
		case len(strs) > 0 && v.Kind() == reflect.String:
			for _, c := range strs {
				eq = eq || v.String() == c
			}
		default:
			return v, errNotFast
		}
		return reflect.ValueOf(eq), nil
	}, true
}

// compileOperand compiles ., $, $x, .A.B and $x.A.B.
func compileOperand(n parse.Node) (fastPipe, bool) {
	var start func(s *fastState, dot reflect.Value) (reflect.Value, error)
	var chain []string
	switch x := n.(type) {
	case *parse.DotNode:
		return func(_ *fastState, dot reflect.Value) (reflect.Value, error) { return dot, nil }, true
	case *parse.FieldNode:
		start = func(_ *fastState, dot reflect.Value) (reflect.Value, error) { return dot, nil }
		chain = x.Ident
	case *parse.VariableNode:
		name := x.Ident[0]
		start = func(s *fastState, _ reflect.Value) (reflect.Value, error) {
			for i := len(s.vars) - 1; i >= 0; i-- {
				if s.vars[i].name == name {
					return s.vars[i].v, nil
				}
			}
			return reflect.Value{}, errNotFast
		}
		chain = x.Ident[1:]
	default:
		return nil, false
	}
	fields := make([]*fastField, len(chain))
	for i, name := range chain {
		fields[i] = &fastField{name: name}
	}
	return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
		v, err := start(s, dot)
		if err != nil {
			return v, err
		}
		for _, f := range fields {
			if v, err = f.get(v); err != nil {
				return v, err
			}
		}
		return v, nil
	}, true
}

// fastField is one step of a field chain. It remembers the index of the
// field in the last type it saw, which is nearly always the type it sees.
type fastField struct {
	name string
	last atomic.Pointer[fieldIndex]
}

type fieldIndex struct {
	typ   reflect.Type // of the struct
	index []int
}

// get returns field f of v as text/template would; errNotFast where
// text/template would call a method, fail or do more than take a field.
func (f *fastField) get(v reflect.Value) (reflect.Value, error) {
	v, isNil := indirect(v)
	if isNil || v.Kind() != reflect.Struct {
		return v, errNotFast
	}
	t := v.Type()
	fi := f.last.Load()
	if fi == nil || fi.typ != t {
		tf, ok := t.FieldByName(f.name)
		_, hasMethod := reflect.PointerTo(t).MethodByName(f.name)
		if !ok || !tf.IsExported() || hasMethod {
			return v, errNotFast
		}
		fi = &fieldIndex{t, tf.Index}
		f.last.Store(fi)
	}
	if len(fi.index) == 1 {
		return v.Field(fi.index[0]), nil
	}
	field, err := v.FieldByIndexErr(fi.index)
	if err != nil {
		return v, errNotFast // through a nil embedded pointer
	}
	return field, nil
}

// indirect is text/template's: through pointers and interfaces, to nil.
func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// indirectInterface is text/template's: through interfaces.
func indirectInterface(v reflect.Value) (reflect.Value, bool) {
	if v.Kind() != reflect.Interface {
		return v, false
	}
	if v.IsNil() {
		return v, true
	}
	return v.Elem(), false
}

// isTrue is text/template's truth of if and with.
func isTrue(v reflect.Value) (truth, ok bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

var (
	stringType = reflect.TypeFor[string]()
	intType    = reflect.TypeFor[int]()
)

// plainString returns what html/template's escapers see of a string or an
// int (after text/template passed it on as an any): the string, or the
// int's decimal digits.
func plainString(v reflect.Value) (string, bool) {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch {
	case !v.IsValid():
		return "", false
	case v.Type() == stringType:
		return v.String(), true
	case v.Type() == intType:
		return strconv.FormatInt(v.Int(), 10), true
	}
	return "", false
}

// fastEscapers are html/template's escapers, by the names it gives them in
// escaped trees, for a plain string (see plainString): their code is
// html/template's (html.go and url.go), for contentTypePlain.
var fastEscapers = map[string]func(string) string{
	"_html_template_htmlescaper":   func(s string) string { return htmlReplacer(s, htmlReplacementTable, true) },
	"_html_template_attrescaper":   func(s string) string { return htmlReplacer(s, htmlReplacementTable, true) },
	"_html_template_urlfilter":     urlFilter,
	"_html_template_urlnormalizer": func(s string) string { return urlProcessor(true, s) },
	"_html_template_urlescaper":    func(s string) string { return urlProcessor(false, s) },
}

// htmlReplacementTable is html/template's: the runes to escape inside a
// quoted attribute value or in a text node.
var htmlReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlReplacer is html/template's.
func htmlReplacer(s string, replacementTable []string, badRunes bool) string {
	written, b := 0, new(strings.Builder)
	r, w := rune(0), 0
	for i := 0; i < len(s); i += w {
		r, w = utf8.DecodeRuneInString(s[i:])
		if int(r) < len(replacementTable) {
			if repl := replacementTable[r]; len(repl) != 0 {
				if written == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[written:i])
				b.WriteString(repl)
				written = i + w
			}
		} else if badRunes {
			// No-op.
		} else if 0xfdd0 <= r && r <= 0xfdef || 0xfff0 <= r && r <= 0xffff {
			if written == 0 {
				b.Grow(len(s))
			}
			fmt.Fprintf(b, "%s&#x%x;", s[written:i], r)
			written = i + w
		}
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// urlFilter is html/template's for a plain string.
func urlFilter(s string) string {
	if !isSafeURL(s) {
		return "#ZgotmplZ"
	}
	return s
}

// isSafeURL is html/template's.
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// urlProcessor is html/template's for a plain string.
func urlProcessor(norm bool, s string) string {
	var b strings.Builder
	if processURLOnto(s, norm, &b) {
		return b.String()
	}
	return s
}

// processURLOnto is html/template's.
func processURLOnto(s string, norm bool, b *strings.Builder) bool {
	b.Grow(len(s) + 16)
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(b, "%%%02x", c)
		written = i + 1
	}
	b.WriteString(s[written:])
	return written != 0
}

// isHex is html/template's.
func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
