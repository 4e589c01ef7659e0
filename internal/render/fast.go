package render

import (
	"bytes"
	"errors"
	"html/template"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"time"
	"unsafe"

	"github.com/samenopleiden/handboek/internal/site"
)

// A fastTemplate runs the escaped parse tree of a layout or partial without
// text/template: html/template spends most of its time calling its escapers
// and looking fields and methods up through reflection, once per action.
// compileFast takes the tree html/template has escaped, so the escapers are
// the ones it chose for each context, and the text is the text it would
// write; it accepts only what it runs exactly as text/template and
// html/template do:
//
//   - text, {{$x := pipeline}}, if, with and range (over a slice) with else,
//     and {{template}} of a template that compiles too;
//   - commands: ., $, $x, field chains (.A.B, $x.A.B), methods at the end
//     of a chain (.Abs .URL), constants, parenthesized pipelines, the
//     builtins and, or, not, len, eq, ne, lt, le, gt and ge on integers and
//     strings, the layout set's functions of a few known types (label,
//     datum, cards, the memoized and shared partials), and html/template's
//     escapers for HTML text, RCDATA, attributes and URLs, which it copies.
//
// Anything else, at compile time or when running (a method that fails, a
// nil pointer, a map, a value it does not print as a string, template.HTML
// or an int), makes it give up: a template it does not compile runs as
// usual, and a run it gives up on returns errNotFast, so that the caller
// renders with html/template, which gives the usual output or error.
type fastTemplate struct {
	root fastNode
	bail atomic.Int32 // runs given up on; at maxBails it stops trying
}

// maxBails is how many runs a fastTemplate may give up on before it stops
// trying: data that it gives up on (a value it does not print, such as a
// bool, on some pages of a site's own layout) may be rare, but if it is
// not, every page would otherwise be rendered twice.
const maxBails = 16

// errNotFast says a fastTemplate cannot run a template or its data.
var errNotFast = errors.New("not a fast template")

// fastNode writes a node for the dot it gets.
type fastNode func(s *fastState, dot reflect.Value) error

// fastPipe evaluates a pipeline or command; final is the value of the
// previous command of a pipeline, invalid for the first.
type fastPipe func(s *fastState, dot, final reflect.Value) (reflect.Value, error)

// fastState is one run: the output and the variables in scope.
type fastState struct {
	out  []byte          // appended to, rather than written to a bytes.Buffer: a page writes some 150 texts and values
	vars []reflect.Value // of every template being run, innermost last
	base int             // where the variables of the innermost template start
}

// execute runs t with data into b. On errNotFast b holds a partial output.
// A function or method that panics makes it give up too: text/template
// turns the panic into an error, which html/template will then report.
func (t *fastTemplate) execute(b *bytes.Buffer, data any) error {
	return t.executeWith(b, data, t.root)
}

// executeWith is execute with another root (see fastSegments).
func (t *fastTemplate) executeWith(b *bytes.Buffer, data any, root fastNode) (err error) {
	if t.bail.Load() >= maxBails {
		return errNotFast
	}
	defer func() {
		if recover() != nil {
			err = errNotFast
		}
		if err != nil {
			t.bail.Add(1)
			err = errNotFast
		}
	}()
	dot := reflect.ValueOf(data)
	s := states.Get().(*fastState)
	s.out, s.vars, s.base = b.AvailableBuffer(), append(s.vars[:0], dot), 0
	defer func() {
		clear(s.vars[:cap(s.vars)]) // keeps no data alive
		s.out, s.vars = nil, s.vars[:0]
		states.Put(s)
	}()
	err = root(s, dot)
	// The output is in b's spare room, unless it outgrew it: an empty b
	// takes it as it is, rather than copying it onto itself.
	if b.Len() == 0 {
		*b = *bytes.NewBuffer(s.out)
	} else {
		b.Write(s.out)
	}
	return err
}

// states holds fastStates for reuse: one a page, and one a partial.
var states = sync.Pool{New: func() any { return &fastState{vars: make([]reflect.Value, 0, 16)} }}

// fastCompiler compiles the templates of one layout set.
type fastCompiler struct {
	funcs template.FuncMap   // the set's functions (see funcRegistry); nil for none
	set   *template.Template // where {{template}} finds templates; nil for none
	calls map[string]*fastCall
	scope []string // the variables in scope where it compiles, in the order a run declares them: "$" first
}

// fastCall is a template called with {{template}}, compiled once per tree.
type fastCall struct{ root fastNode }

// compileFast compiles the escaped tree of a template; nil if it holds
// anything fast templates do not run. funcs are the functions of its
// layout set and set the set, for {{template}}; both may be nil.
func compileFast(tree *parse.Tree, funcs template.FuncMap, set *template.Template) *fastTemplate {
	if tree == nil || tree.Root == nil {
		return nil
	}
	c := &fastCompiler{funcs: funcs, set: set, calls: map[string]*fastCall{}, scope: []string{"$"}}
	n, ok := c.node(tree.Root)
	if !ok {
		return nil
	}
	return &fastTemplate{root: n}
}

func (c *fastCompiler) node(n parse.Node) (fastNode, bool) {
	switch x := n.(type) {
	case *parse.ListNode:
		// A list writes its text itself, rather than calling a node for
		// it: a third of a page's nodes are text.
		type item struct {
			text []byte
			node fastNode // nil for text
		}
		items := make([]item, 0, len(x.Nodes))
		for _, child := range x.Nodes {
			if t, ok := child.(*parse.TextNode); ok {
				items = append(items, item{text: t.Text})
				continue
			}
			f, ok := c.node(child)
			if !ok {
				return nil, false
			}
			if f != nil {
				items = append(items, item{node: f})
			}
		}
		return func(s *fastState, dot reflect.Value) error {
			for i := range items {
				it := &items[i]
				if it.node == nil {
					s.out = append(s.out, it.text...)
					continue
				}
				if err := it.node(s, dot); err != nil {
					return err
				}
			}
			return nil
		}, true
	case *parse.TextNode:
		text := x.Text
		return func(s *fastState, _ reflect.Value) error { s.out = append(s.out, text...); return nil }, true
	case *parse.CommentNode:
		return nil, true
	case *parse.ActionNode:
		return c.action(x.Pipe)
	case *parse.IfNode:
		return c.branch(&x.BranchNode, false, false)
	case *parse.WithNode:
		return c.branch(&x.BranchNode, true, false)
	case *parse.RangeNode:
		return c.branch(&x.BranchNode, true, true)
	case *parse.TemplateNode:
		return c.template(x)
	}
	return nil, false
}

// action compiles {{$x := pipeline}} and {{pipeline | escapers}}.
func (c *fastCompiler) action(p *parse.PipeNode) (fastNode, bool) {
	if p == nil || p.IsAssign || len(p.Decl) > 1 {
		return nil, false
	}
	if len(p.Decl) == 1 {
		if len(p.Decl[0].Ident) != 1 {
			return nil, false
		}
		eval, ok := c.pipe(p.Cmds)
		if !ok {
			return nil, false
		}
		c.scope = append(c.scope, p.Decl[0].Ident[0])
		return func(s *fastState, dot reflect.Value) error {
			v, err := eval(s, dot, reflect.Value{})
			if err != nil {
				return err
			}
			s.vars = append(s.vars, v)
			return nil
		}, true
	}
	// Output: a value, then the escapers html/template added.
	n := len(p.Cmds)
	var escs []func(string, bool) (string, bool)
	for n > 1 {
		cmd := p.Cmds[n-1]
		id, ok := cmd.Args[0].(*parse.IdentifierNode)
		if !ok || len(cmd.Args) != 1 || fastEscapers[id.Ident] == nil || c.funcs[id.Ident] != nil {
			break
		}
		escs = append([]func(string, bool) (string, bool){fastEscapers[id.Ident]}, escs...)
		n--
	}
	if len(escs) == 0 {
		return nil, false // html/template escapes every value it prints
	}
	if len(escs) == 1 && p.Cmds[n].Args[0].(*parse.IdentifierNode).Ident == "_html_template_htmlescaper" {
		if f, ok := c.htmlTo(p.Cmds[:n]); ok {
			return f, true
		}
	}
	eval, ok := c.pipe(p.Cmds[:n])
	if !ok {
		return nil, false
	}
	if f, ok := urlAttrAction(eval, p.Cmds[n:]); ok {
		return f, true
	}
	// The last escaper writes plain text straight into the output.
	var escapeTo func([]byte, string) []byte
	switch p.Cmds[len(p.Cmds)-1].Args[0].(*parse.IdentifierNode).Ident {
	case "_html_template_htmlescaper", "_html_template_attrescaper", "_html_template_rcdataescaper":
		escapeTo = appendHTMLEscaped
	}
	return func(s *fastState, dot reflect.Value) error {
		v, err := eval(s, dot, reflect.Value{})
		if err != nil {
			return err
		}
		str, isHTML, ok := escaperInput(v)
		if !ok {
			return errNotFast
		}
		for _, esc := range escs[:len(escs)-1] {
			if str, ok = esc(str, isHTML); !ok {
				return errNotFast
			}
			isHTML = false
		}
		if escapeTo != nil && !isHTML {
			s.out = escapeTo(s.out, str)
			return nil
		}
		if str, ok = escs[len(escs)-1](str, isHTML); !ok {
			return errNotFast
		}
		s.out = append(s.out, str...)
		return nil
	}, true
}

// urlAttrAction compiles an action in a URL in a quoted attribute, whose
// escapers (escs) are html/template's URL filter (at the start of the URL),
// its URL normalizer or escaper, and its attribute escaper: the value is
// escaped in one pass, straight into the output (appendURLAttrEscaped). false for
// other escapers.
func urlAttrAction(eval fastPipe, escs []*parse.CommandNode) (fastNode, bool) {
	names := make([]string, len(escs))
	for i, e := range escs {
		names[i] = e.Args[0].(*parse.IdentifierNode).Ident
	}
	filter := len(names) == 3 && names[0] == "_html_template_urlfilter"
	if filter {
		names = names[1:]
	}
	if len(names) != 2 || names[1] != "_html_template_attrescaper" {
		return nil, false
	}
	var norm bool
	switch names[0] {
	case "_html_template_urlnormalizer":
		norm = true
	case "_html_template_urlescaper":
	default:
		return nil, false
	}
	return func(s *fastState, dot reflect.Value) error {
		v, err := eval(s, dot, reflect.Value{})
		if err != nil {
			return err
		}
		str, isHTML, ok := escaperInput(v)
		if !ok || isHTML {
			return errNotFast // as the URL escapers give up on HTML (plainOnly)
		}
		if filter {
			str = urlFilter(str)
		}
		s.out = appendURLAttrEscaped(s.out, str, norm)
		return nil
	}, true
}

// htmlTo compiles an action in HTML text that prints the HTML a partial
// (memoized or shared) or {{cards}} returns: the escaper leaves HTML as it
// is, so the HTML goes straight into the output, without a reflect.Value
// (an allocation each) and, for cards, card by card rather than joined.
func (c *fastCompiler) htmlTo(cmds []*parse.CommandNode) (fastNode, bool) {
	if len(cmds) != 1 {
		return nil, false
	}
	id, ok := cmds[0].Args[0].(*parse.IdentifierNode)
	if !ok {
		return nil, false
	}
	argv := make([]fastPipe, len(cmds[0].Args)-1)
	for i, a := range cmds[0].Args[1:] {
		if argv[i], ok = c.operand(a); !ok {
			return nil, false
		}
	}
	switch fn := c.funcs[id.Ident].(type) {
	case func(any) (template.HTML, error): // memoized and shared partials
		if len(argv) != 1 {
			return nil, false
		}
		return func(s *fastState, dot reflect.Value) error {
			v, err := argv[0](s, dot, reflect.Value{})
			if err != nil {
				return err
			}
			var arg any
			if v.IsValid() {
				arg = v.Interface()
			}
			h, err := fn(arg)
			if err != nil {
				return errNotFast
			}
			s.out = append(s.out, h...)
			return nil
		}, true
	case cardList:
		if len(argv) != 2 {
			return nil, false
		}
		return func(s *fastState, dot reflect.Value) error {
			pages, err := argv[0](s, dot, reflect.Value{})
			if err != nil {
				return err
			}
			level, err := argv[1](s, dot, reflect.Value{})
			if err != nil {
				return err
			}
			if pages, err = assignable(pages, pagesType); err != nil {
				return err
			}
			if level, err = assignable(level, intType); err != nil {
				return err
			}
			p, ok := reflect.TypeAssert[[]*site.Page](pages)
			if !ok {
				return errNotFast
			}
			if s.out, err = fn.appendTo(s.out, p, int(level.Int())); err != nil {
				return errNotFast
			}
			return nil
		}, true
	}
	return nil, false
}

// branch compiles if (with false), with (setDot) and range (setDot, loop).
func (c *fastCompiler) branch(b *parse.BranchNode, setDot, loop bool) (fastNode, bool) {
	if b.Pipe == nil || len(b.Pipe.Decl) > 0 || b.Pipe.IsAssign {
		return nil, false
	}
	cond, ok := c.pipe(b.Pipe.Cmds)
	if !ok {
		return nil, false
	}
	n := len(c.scope) // each list's variables end with it, as a run's (see scoped)
	list, ok := c.node(b.List)
	c.scope = c.scope[:n]
	if !ok {
		return nil, false
	}
	var elseList fastNode
	if b.ElseList != nil {
		elseList, ok = c.node(b.ElseList)
		c.scope = c.scope[:n]
		if !ok {
			return nil, false
		}
	}
	orElse := func(s *fastState, dot reflect.Value) error {
		if elseList == nil {
			return nil
		}
		return scoped(s, elseList, dot)
	}
	if loop {
		return func(s *fastState, dot reflect.Value) error {
			v, err := cond(s, dot, reflect.Value{})
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
				if err := scoped(s, list, v.Index(i)); err != nil {
					return err
				}
			}
			return nil
		}, true
	}
	return func(s *fastState, dot reflect.Value) error {
		v, err := cond(s, dot, reflect.Value{})
		if err != nil {
			return err
		}
		truth, ok := truthOf(v)
		if !ok {
			return errNotFast
		}
		if !truth {
			return orElse(s, dot)
		}
		if setDot {
			dot = v
		}
		return scoped(s, list, dot)
	}, true
}

// template compiles {{template "name" pipeline}}: the called template runs
// with the pipeline as dot and no variables but $.
func (c *fastCompiler) template(t *parse.TemplateNode) (fastNode, bool) {
	if c.set == nil {
		return nil, false
	}
	call, ok := c.calls[t.Name]
	if !ok {
		callee := c.set.Lookup(t.Name)
		if callee == nil || callee.Tree == nil || callee.Tree.Root == nil {
			return nil, false
		}
		call = &fastCall{}
		c.calls[t.Name] = call // a template that calls itself does not compile
		scope := c.scope
		c.scope = []string{"$"} // the callee's own
		root, ok := c.node(callee.Tree.Root)
		c.scope = scope
		if !ok {
			return nil, false
		}
		call.root = root
	}
	if call.root == nil {
		return nil, false
	}
	var arg fastPipe
	if t.Pipe != nil {
		if len(t.Pipe.Decl) > 0 {
			return nil, false
		}
		if arg, ok = c.pipe(t.Pipe.Cmds); !ok {
			return nil, false
		}
	}
	return func(s *fastState, dot reflect.Value) error {
		var v reflect.Value
		if arg != nil {
			var err error
			if v, err = arg(s, dot, reflect.Value{}); err != nil {
				return err
			}
		}
		// The callee's variables go on the same stack, above a base that
		// hides the caller's: a fresh slice per call cost 40 MB a build.
		n, base := len(s.vars), s.base
		s.vars, s.base = append(s.vars, v), n
		err := call.root(s, v)
		s.vars, s.base = s.vars[:n], base
		return err
	}, true
}

// scoped runs list and then drops the variables it declared, as text/template
// does at the end of a control structure.
func scoped(s *fastState, list fastNode, dot reflect.Value) error {
	n := len(s.vars)
	err := list(s, dot)
	s.vars = s.vars[:n]
	return err
}

// pipe compiles the commands of a pipeline.
func (c *fastCompiler) pipe(cmds []*parse.CommandNode) (fastPipe, bool) {
	if len(cmds) == 0 {
		return nil, false
	}
	if len(cmds) == 1 { // most pipelines
		if f, ok := c.fieldPipe(cmds[0]); ok {
			return f, true
		}
	}
	steps := make([]fastPipe, len(cmds))
	for i, cmd := range cmds {
		var ok bool
		if steps[i], ok = c.command(cmd, i > 0); !ok {
			return nil, false
		}
	}
	if len(steps) == 1 { // no loop
		step := steps[0]
		return func(s *fastState, dot, _ reflect.Value) (reflect.Value, error) {
			v, err := step(s, dot, reflect.Value{})
			if err == nil {
				v = unwrapped(v)
			}
			return v, err
		}, true
	}
	return func(s *fastState, dot, _ reflect.Value) (reflect.Value, error) {
		var v reflect.Value
		for _, step := range steps {
			var err error
			if v, err = step(s, dot, v); err != nil {
				return v, err
			}
			v = unwrapped(v)
		}
		return v, nil
	}, true
}

// fieldPipe compiles a pipeline of one command that is a field chain with
// at least one name (.A, .A.B, $x.A): the chain hands on the value of an
// empty interface as the value itself, as a pipeline does (see pipe),
// rather than a closure around it doing so. false for other commands.
func (c *fastCompiler) fieldPipe(cmd *parse.CommandNode) (fastPipe, bool) {
	switch first := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return c.chainOf(nil, first.Ident, cmd.Args[1:], false, true)
	case *parse.VariableNode:
		if len(first.Ident) > 1 {
			v, ok := c.variable(first.Ident[0])
			if !ok {
				return nil, false
			}
			return c.chainOf(v, first.Ident[1:], cmd.Args[1:], false, true)
		}
	}
	return nil, false
}

// unwrapped is what a pipeline hands on for v: text/template hands on the
// value in an empty interface as the value. The test of the kind is apart
// so that the compiler inlines it: most values are not interfaces.
func unwrapped(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	return unwrappedInterface(v)
}

func unwrappedInterface(v reflect.Value) reflect.Value {
	if v.Type().NumMethod() == 0 {
		return reflect.ValueOf(v.Interface())
	}
	return v
}

// command compiles one command; hasFinal says it gets the value of the
// previous command as its last argument.
func (c *fastCompiler) command(cmd *parse.CommandNode, hasFinal bool) (fastPipe, bool) {
	args := cmd.Args
	switch first := args[0].(type) {
	case *parse.IdentifierNode:
		return c.function(first.Ident, args[1:], hasFinal)
	case *parse.FieldNode:
		return c.chain(nil, first.Ident, args[1:], hasFinal)
	case *parse.VariableNode:
		if len(first.Ident) == 1 {
			if len(args) > 1 || hasFinal {
				return nil, false
			}
		}
		v, ok := c.variable(first.Ident[0])
		if !ok {
			return nil, false
		}
		return c.chain(v, first.Ident[1:], args[1:], hasFinal)
	}
	if len(args) > 1 || hasFinal {
		return nil, false
	}
	return c.operand(args[0])
}

// variable returns the value of the variable name, the last declared of
// that name in scope: a run declares the variables of a template in the
// order of c.scope, so its place among them is known here, rather than
// looked for by name on every run.
func (c *fastCompiler) variable(name string) (fastPipe, bool) {
	i := len(c.scope) - 1
	for i >= 0 && c.scope[i] != name {
		i--
	}
	if i < 0 {
		return nil, false
	}
	return func(s *fastState, _, _ reflect.Value) (reflect.Value, error) {
		return s.vars[s.base+i], nil
	}, true
}

// operand compiles an argument: ., $x, a field chain, a constant or a
// parenthesized pipeline.
func (c *fastCompiler) operand(n parse.Node) (fastPipe, bool) {
	switch x := n.(type) {
	case *parse.DotNode:
		return dotValue, true
	case *parse.FieldNode:
		return c.chain(nil, x.Ident, nil, false)
	case *parse.VariableNode:
		v, ok := c.variable(x.Ident[0])
		if !ok {
			return nil, false
		}
		return c.chain(v, x.Ident[1:], nil, false)
	case *parse.PipeNode:
		if len(x.Decl) > 0 {
			return nil, false
		}
		return c.pipe(x.Cmds)
	case *parse.StringNode:
		v := reflect.ValueOf(x.Text)
		return func(_ *fastState, _, _ reflect.Value) (reflect.Value, error) { return v, nil }, true
	case *parse.NumberNode:
		if !x.IsInt || !isDecimal(x.Text) {
			return nil, false // text/template may read it as a float
		}
		v := reflect.ValueOf(int(x.Int64))
		return func(_ *fastState, _, _ reflect.Value) (reflect.Value, error) { return v, nil }, true
	case *parse.BoolNode:
		v := reflect.ValueOf(x.True)
		return func(_ *fastState, _, _ reflect.Value) (reflect.Value, error) { return v, nil }, true
	}
	return nil, false
}

// dotValue is the value of dot.
func dotValue(_ *fastState, dot, _ reflect.Value) (reflect.Value, error) { return dot, nil }

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

// chain compiles a field chain from start (dot if nil); the last name may
// be a method, which gets args.
func (c *fastCompiler) chain(start fastPipe, names []string, args []parse.Node, hasFinal bool) (fastPipe, bool) {
	return c.chainOf(start, names, args, hasFinal, false)
}

// chainOf is chain; with unwrap, the chain's value as a pipeline hands it
// on (unwrapped), if it has names.
func (c *fastCompiler) chainOf(start fastPipe, names []string, args []parse.Node, hasFinal, unwrap bool) (fastPipe, bool) {
	if hasFinal {
		return nil, false
	}
	argv := make([]fastPipe, len(args))
	for i, a := range args {
		var ok bool
		if argv[i], ok = c.operand(a); !ok {
			return nil, false
		}
	}
	if start == nil && len(names) == 1 { // .X, the most common chain
		f := &fastField{name: names[0]}
		if unwrap {
			return func(s *fastState, dot, _ reflect.Value) (reflect.Value, error) {
				v, err := f.get(s, dot, dot, argv)
				return unwrapped(v), err
			}, true
		}
		return func(s *fastState, dot, _ reflect.Value) (reflect.Value, error) {
			return f.get(s, dot, dot, argv)
		}, true
	}
	if start == nil {
		start = dotValue
	}
	if len(names) == 0 {
		return start, len(args) == 0 && !unwrap
	}
	fields := make([]*fastField, len(names))
	for i, name := range names {
		fields[i] = &fastField{name: name}
	}
	last := len(fields) - 1
	chain := &fieldChain{fields: fields}
	return func(s *fastState, dot, _ reflect.Value) (reflect.Value, error) {
		v, err := start(s, dot, reflect.Value{})
		if err != nil {
			return v, err
		}
		if len(argv) == 0 && len(fields) > 1 {
			if p := chain.path(v); p != nil {
				if v, err = p.get(v); err == nil && unwrap {
					v = unwrapped(v)
				}
				return v, err
			}
		}
		for i, f := range fields {
			var a []fastPipe
			if i == last {
				a = argv
			}
			if v, err = f.get(s, dot, v, a); err != nil {
				return v, err
			}
		}
		if unwrap {
			v = unwrapped(v)
		}
		return v, nil
	}, true
}

// fieldChain is a chain of two or more names. A chain of fields alone,
// with no method among them (.Page.Meta.Title), is looked up as one path
// (fieldPath) rather than name by name: it remembers the path from the
// last type it started from, as fastField does for one name.
type fieldChain struct {
	fields []*fastField
	last   atomic.Pointer[fieldPath]
}

// fieldPath is the chain's fields, as one index, from a value of one type
// (addressable or not); ok is false if the chain is not fields alone, or
// goes through an interface, an embedded field or a pointer to other than
// a struct, which fastField.get goes through one name at a time.
type fieldPath struct {
	id    unsafe.Pointer // typeID of the value the chain starts from
	addr  bool           // whether that value is addressable
	deref bool           // whether that value is a pointer, to the first struct
	index []int          // for FieldByIndexErr, which goes through the pointers to structs between
	ok    bool
}

// path returns the path of the chain from v; nil where it is not fields
// alone (see fieldPath).
func (c *fieldChain) path(v reflect.Value) *fieldPath {
	if !v.IsValid() || v.Kind() == reflect.Interface {
		return nil
	}
	t, addr := v.Type(), v.CanAddr()
	p := c.last.Load()
	if p == nil || p.id != typeID(t) || p.addr != addr {
		p = &fieldPath{id: typeID(t), addr: addr, index: make([]int, 0, len(c.fields))}
		p.ok = p.find(c.fields, t, addr)
		c.last.Store(p)
	}
	if !p.ok {
		return nil
	}
	return p
}

// find fills in the path of fields from a value of type t (addressable
// if addr), taking each step as fastField.lookup does, and reports
// whether every step is a field of a struct itself (index of one).
func (p *fieldPath) find(fields []*fastField, t reflect.Type, addr bool) bool {
	for i, f := range fields {
		fi := f.index(t, addr) // remembered for get too, if the chain goes name by name
		if fi == nil || fi.method >= 0 || len(fi.index) != 1 {
			return false
		}
		if i == 0 {
			p.deref = fi.deref
		}
		if fi.deref {
			t, addr = t.Elem(), true
		}
		t = t.Field(fi.index[0]).Type
		p.index = append(p.index, fi.index[0])
	}
	return true
}

// get returns the chain's value from v, which is of the path's type, as
// fastField.get would name by name; errNotFast through a nil pointer.
func (p *fieldPath) get(v reflect.Value) (reflect.Value, error) {
	if p.deref {
		if v.IsNil() {
			return v, errNotFast
		}
		v = v.Elem()
	}
	f, err := v.FieldByIndexErr(p.index)
	if err != nil {
		return v, errNotFast
	}
	return f, nil
}

// fastField is one step of a field chain. It remembers what the name is in
// the last type it saw, which is nearly always the type it sees.
type fastField struct {
	name string
	last atomic.Pointer[fieldIndex]
}

type fieldIndex struct {
	id     unsafe.Pointer // typeID of the value get is given (after interfaces)
	addr   bool           // whether that value was addressable
	deref  bool           // whether that value is a pointer, to the receiver (neither a pointer nor an interface)
	index  []int          // of the field, if not a method
	method int            // index of the method in the type of the receiver or, if addressable, its pointer; -1 for a field
	ptr    bool           // whether the method is called on the receiver's pointer (always if deref)
	view   viewCall       // the method if it is one of *View that viewMethod calls directly
}

// get returns field or method f of v as text/template would; errNotFast
// where text/template would fail or do what fast templates do not. It goes
// through a pointer itself, rather than with indirect, and takes a method
// of the pointer's type from the pointer (rather than from the address of
// what it points to, which is the same): most values are pointers to
// structs (*View, *site.Page).
func (f *fastField) get(s *fastState, dot, v reflect.Value, args []fastPipe) (reflect.Value, error) {
	if v.Kind() == reflect.Interface {
		var isNil bool
		if v, isNil = indirect(v); isNil {
			return v, errNotFast
		}
	}
	if !v.IsValid() {
		return v, errNotFast
	}
	t, addr := v.Type(), v.CanAddr()
	fi := f.last.Load()
	if fi == nil || fi.id != typeID(t) || fi.addr != addr { // index, inlined
		if fi = f.lookup(t, addr); fi == nil {
			return v, errNotFast
		}
		f.last.Store(fi)
	}
	if fi.deref && v.IsNil() {
		return v, errNotFast
	}
	if fi.method >= 0 {
		if fi.ptr && !fi.deref { // a pointer's method takes the pointer itself
			v = v.Addr()
		}
		if fi.view != nil {
			view, ok := reflect.TypeAssert[*View](v)
			if !ok {
				return v, errNotFast
			}
			return fi.view(s, dot, view, args)
		}
		return callMethod(s, dot, v.Method(fi.method), args)
	}
	if len(args) > 0 {
		return v, errNotFast
	}
	if fi.deref {
		v = v.Elem()
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

// index returns what f is in values of type t (addressable if addr): the
// last it found, if of that type, or else what lookup finds, which it then
// remembers.
func (f *fastField) index(t reflect.Type, addr bool) *fieldIndex {
	fi := f.last.Load()
	if fi == nil || fi.id != typeID(t) || fi.addr != addr {
		if fi = f.lookup(t, addr); fi != nil {
			f.last.Store(fi)
		}
	}
	return fi
}

// lookup finds f in values of type t (addressable if addr), as text/template
// does after indirect: in the type t points to, if a pointer, which is
// addressable. nil if there is no such field or method, or if t points to a
// pointer or an interface, which fast templates give up on.
func (f *fastField) lookup(t reflect.Type, addr bool) *fieldIndex {
	fi := &fieldIndex{id: typeID(t), addr: addr, method: -1}
	rt := t // the receiver's type
	if t.Kind() == reflect.Pointer {
		rt, addr, fi.deref = t.Elem(), true, true
		if k := rt.Kind(); k == reflect.Pointer || k == reflect.Interface {
			return nil
		}
	}
	mt := rt
	if addr {
		mt = reflect.PointerTo(rt)
	}
	if m, ok := mt.MethodByName(f.name); ok {
		fi.method, fi.ptr = m.Index, addr
		if mt == viewPtrType {
			fi.view = viewMethod(m.Func.Interface())
		}
		return fi
	}
	if rt.Kind() != reflect.Struct {
		return nil
	}
	tf, ok := rt.FieldByName(f.name)
	if !ok || !tf.IsExported() {
		return nil
	}
	fi.index = tf.Index
	return fi
}

var errorType = reflect.TypeFor[error]()

// typeID returns the address of t's type descriptor, which identifies the
// type as t does: a reflect.Type holds one, and comparing two of them as
// interfaces calls the runtime (runtime.ifaceeq), 15% of the time of
// fastField.get on every field of every page.
func typeID(t reflect.Type) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1]
}

// callMethod calls a method with the values of args, as text/template
// would; errNotFast if it returns an error or takes what fast templates do
// not pass.
func callMethod(s *fastState, dot, m reflect.Value, args []fastPipe) (reflect.Value, error) {
	mt := m.Type()
	if mt.IsVariadic() || mt.NumIn() != len(args) || mt.NumOut() == 0 || mt.NumOut() > 2 || mt.NumOut() == 2 && mt.Out(1) != errorType {
		return reflect.Value{}, errNotFast
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		v, err := a(s, dot, reflect.Value{})
		if err != nil {
			return v, err
		}
		if in[i], err = assignable(v, mt.In(i)); err != nil {
			return v, err
		}
	}
	out := m.Call(in)
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, errNotFast // html/template reports it
	}
	return out[0], nil
}

var viewPtrType = reflect.TypeFor[*View]()

// viewCall calls a method of *View with the values of args.
type viewCall func(s *fastState, dot reflect.Value, v *View, args []fastPipe) (reflect.Value, error)

// viewMethod returns a call without reflection of the method expression fn
// of *View, for the kinds of methods every page calls (Description,
// EditURL, Abs, TermOf): reflect.Value.Call made 200,000 allocations a
// build of 10,000 pages. nil for other methods, which callMethod calls.
// A call checks and passes its arguments as callMethod does.
func viewMethod(fn any) viewCall {
	switch f := fn.(type) {
	case func(*View) string:
		return func(s *fastState, dot reflect.Value, v *View, args []fastPipe) (reflect.Value, error) {
			if len(args) != 0 {
				return reflect.Value{}, errNotFast
			}
			return reflect.ValueOf(f(v)), nil
		}
	case func(*View, string) string:
		return func(s *fastState, dot reflect.Value, v *View, args []fastPipe) (reflect.Value, error) {
			if len(args) != 1 {
				return reflect.Value{}, errNotFast
			}
			a, err := stringArg(s, dot, args[0])
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(f(v, a)), nil
		}
	case func(*View, string, string) (*site.Term, error):
		return func(s *fastState, dot reflect.Value, v *View, args []fastPipe) (reflect.Value, error) {
			if len(args) != 2 {
				return reflect.Value{}, errNotFast
			}
			a, err := stringArg(s, dot, args[0])
			if err != nil {
				return reflect.Value{}, err
			}
			b, err := stringArg(s, dot, args[1])
			if err != nil {
				return reflect.Value{}, err
			}
			t, err := f(v, a, b)
			if err != nil {
				return reflect.Value{}, errNotFast // html/template reports it
			}
			return reflect.ValueOf(t), nil
		}
	}
	return nil
}

// stringArg evaluates a string argument of a method.
func stringArg(s *fastState, dot reflect.Value, arg fastPipe) (string, error) {
	v, err := arg(s, dot, reflect.Value{})
	if err != nil {
		return "", err
	}
	if v, err = assignable(v, stringType); err != nil {
		return "", err
	}
	return v.String(), nil
}

// assignable is text/template's validateType: v as a value of type t.
func assignable(v reflect.Value, t reflect.Type) (reflect.Value, error) {
	if !v.IsValid() {
		return v, errNotFast
	}
	if v.Type().AssignableTo(t) {
		return v, nil
	}
	if v.Kind() == reflect.Interface && !v.IsNil() && v.Elem().Type().AssignableTo(t) {
		return v.Elem(), nil
	}
	switch {
	case v.Kind() == reflect.Pointer && !v.IsNil() && v.Type().Elem().AssignableTo(t):
		return v.Elem(), nil
	case reflect.PointerTo(v.Type()).AssignableTo(t) && v.CanAddr():
		return v.Addr(), nil
	}
	return v, errNotFast
}

// function compiles a call of a builtin, an escaper or a function of the
// layout set.
func (c *fastCompiler) function(name string, args []parse.Node, hasFinal bool) (fastPipe, bool) {
	argv := make([]fastPipe, len(args))
	for i, a := range args {
		var ok bool
		if argv[i], ok = c.operand(a); !ok {
			return nil, false
		}
	}
	if fn, ok := c.funcs[name]; ok {
		return setFunction(fn, argv, hasFinal)
	}
	if esc := fastEscapers[name]; esc != nil && hasFinal && len(args) == 0 {
		return func(_ *fastState, _, final reflect.Value) (reflect.Value, error) {
			str, isHTML, ok := escaperInput(final)
			if !ok {
				return final, errNotFast
			}
			if str, ok = esc(str, isHTML); !ok {
				return final, errNotFast
			}
			return reflect.ValueOf(str), nil
		}, true
	}
	if hasFinal {
		return nil, false
	}
	return builtin(name, argv)
}

// builtin compiles text/template's builtins and, or, not, len and the
// comparisons, for integers and strings.
func builtin(name string, argv []fastPipe) (fastPipe, bool) {
	switch name {
	case "and", "or":
		if len(argv) < 1 {
			return nil, false
		}
		or := name == "or"
		return func(s *fastState, dot, _ reflect.Value) (reflect.Value, error) {
			var v reflect.Value
			for _, a := range argv {
				var err error
				if v, err = a(s, dot, reflect.Value{}); err != nil {
					return v, err
				}
				if !v.IsValid() {
					return v, errNotFast
				}
				truth, ok := truthOf(v)
				if !ok {
					return v, errNotFast
				}
				if truth == or {
					return v, nil
				}
			}
			return v, nil
		}, true
	case "not":
		if len(argv) != 1 {
			return nil, false
		}
		return func(s *fastState, dot, _ reflect.Value) (reflect.Value, error) {
			v, err := argv[0](s, dot, reflect.Value{})
			if err != nil || !v.IsValid() {
				return v, errNotFast
			}
			truth, ok := truthOf(v)
			if !ok {
				return v, errNotFast
			}
			return reflect.ValueOf(!truth), nil
		}, true
	case "len":
		if len(argv) != 1 {
			return nil, false
		}
		return func(s *fastState, dot, _ reflect.Value) (reflect.Value, error) {
			v, err := argv[0](s, dot, reflect.Value{})
			if err != nil {
				return v, err
			}
			v, isNil := indirect(v)
			if isNil || !v.IsValid() {
				return v, errNotFast
			}
			switch v.Kind() {
			case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
				return reflect.ValueOf(v.Len()), nil
			}
			return v, errNotFast
		}, true
	case "eq", "ne", "lt", "le", "gt", "ge":
		if len(argv) < 2 || name != "eq" && len(argv) != 2 {
			return nil, false
		}
		return func(s *fastState, dot, _ reflect.Value) (reflect.Value, error) {
			vals := make([]reflect.Value, 0, 4) // on the stack for 4 or fewer
			for _, a := range argv {
				v, err := a(s, dot, reflect.Value{})
				if err != nil {
					return v, err
				}
				if v, _ = indirectInterface(v); !v.IsValid() {
					return v, errNotFast
				}
				vals = append(vals, v)
			}
			truth := false
			for _, b := range vals[1:] {
				cmp, ok := compare(vals[0], b)
				if !ok {
					return b, errNotFast
				}
				switch name {
				case "eq":
					truth = truth || cmp == 0
				case "ne":
					truth = cmp != 0
				case "lt":
					truth = cmp < 0
				case "le":
					truth = cmp <= 0
				case "gt":
					truth = cmp > 0
				case "ge":
					truth = cmp >= 0
				}
			}
			return reflect.ValueOf(truth), nil
		}, true
	}
	return nil, false
}

// compare compares two integers or two strings.
func compare(a, b reflect.Value) (int, bool) {
	isInt := func(k reflect.Kind) bool { return k >= reflect.Int && k <= reflect.Int64 }
	switch {
	case isInt(a.Kind()) && isInt(b.Kind()):
		switch x, y := a.Int(), b.Int(); {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	case a.Kind() == reflect.String && b.Kind() == reflect.String:
		return strings.Compare(a.String(), b.String()), true
	}
	return 0, false
}

// setFunction calls a function of the layout set, of one of the types the
// default layouts use; other functions do not compile.
func setFunction(fn any, argv []fastPipe, hasFinal bool) (fastPipe, bool) {
	n := len(argv)
	if hasFinal {
		n++
	}
	// args evaluates the arguments, the final one last, into an array of
	// the largest count below rather than a slice of its own.
	type values [2]reflect.Value
	args := func(s *fastState, dot, final reflect.Value) (out values, err error) {
		for i, a := range argv {
			if out[i], err = a(s, dot, reflect.Value{}); err != nil {
				return out, err
			}
		}
		if hasFinal {
			out[len(argv)] = final
		}
		return out, nil
	}
	if n > len(values{}) {
		return nil, false
	}
	switch fn := fn.(type) {
	case func(any) (template.HTML, error): // memoized, shared and fast partials
		if n != 1 {
			return nil, false
		}
		return func(s *fastState, dot, final reflect.Value) (reflect.Value, error) {
			a, err := args(s, dot, final)
			if err != nil {
				return reflect.Value{}, err
			}
			var arg any
			if a[0].IsValid() {
				arg = a[0].Interface()
			}
			h, err := fn(arg)
			if err != nil {
				return reflect.Value{}, errNotFast
			}
			return reflect.ValueOf(h), nil
		}, true
	case func(string) string: // label
		if n != 1 {
			return nil, false
		}
		return func(s *fastState, dot, final reflect.Value) (reflect.Value, error) {
			a, err := args(s, dot, final)
			if err != nil {
				return reflect.Value{}, err
			}
			v, err := assignable(a[0], stringType)
			if err != nil {
				return v, err
			}
			return reflect.ValueOf(fn(v.String())), nil
		}, true
	case func(time.Time) string: // datum, isodate
		if n != 1 {
			return nil, false
		}
		return func(s *fastState, dot, final reflect.Value) (reflect.Value, error) {
			a, err := args(s, dot, final)
			if err != nil {
				return reflect.Value{}, err
			}
			v, err := assignable(a[0], timeType)
			if err != nil {
				return v, err
			}
			t, ok := reflect.TypeAssert[time.Time](v) // without boxing a copy, as Interface would
			if !ok {
				return v, errNotFast
			}
			return reflect.ValueOf(fn(t)), nil
		}, true
	case cardList: // cards, where not written straight into the output (see htmlTo)
		if n != 2 {
			return nil, false
		}
		return func(s *fastState, dot, final reflect.Value) (reflect.Value, error) {
			a, err := args(s, dot, final)
			if err != nil {
				return reflect.Value{}, err
			}
			pages, err := assignable(a[0], pagesType)
			if err != nil {
				return pages, err
			}
			level, err := assignable(a[1], intType)
			if err != nil {
				return level, err
			}
			p, ok := reflect.TypeAssert[[]*site.Page](pages)
			if !ok {
				return pages, errNotFast
			}
			h, err := fn.html(p, int(level.Int()))
			if err != nil {
				return reflect.Value{}, errNotFast
			}
			return reflect.ValueOf(h), nil
		}, true
	}
	return nil, false
}

var (
	timeType  = reflect.TypeFor[time.Time]()
	pagesType = reflect.TypeFor[[]*site.Page]()
)

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
		return reflect.Value{}, true
	}
	return v.Elem(), false
}

// truthOf is text/template's truth of if, with, and, or and not: its
// isTrue of indirectInterface(v), in one function.
func truthOf(v reflect.Value) (truth, ok bool) {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false, true
		}
		v = v.Elem()
	}
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

// fastInner renders a template of a layout set (tpl's template inner:
// a page's base.html, or the original of a memoized or fast partial) with
// a fastTemplate once html/template has escaped it and it compiles, and
// with html/template otherwise.
type fastInner struct {
	tpl   *template.Template
	inner string
	funcs template.FuncMap             // tpl's functions
	probe *setProbe                    // escapes inner without running it (see addProbes); nil in tests without
	once  sync.Once                    // compiles (see compile)
	fast  atomic.Pointer[fastTemplate] // nil until then, or if it does not compile

	segmented bool                         // set for the card partial: compile segments too
	segs      atomic.Pointer[fastSegments] // nil until compiled, or if they do not compile
}

// run renders arg into b with the fast template, if there is one.
func (f *fastInner) run(b *bytes.Buffer, arg any) bool {
	ft := f.fast.Load()
	if ft == nil && f.probe != nil && f.probe.escape() {
		f.compile()
		ft = f.fast.Load()
	}
	return ft != nil && ft.execute(b, arg) == nil
}

// compile compiles the template once html/template has escaped it: on its
// first run, once the probe of its layout set escaped the set, or else
// after html/template ran it.
func (f *fastInner) compile() {
	f.once.Do(func() {
		if t := f.tpl.Lookup(f.inner); t != nil {
			if ft := compileFast(t.Tree, f.funcs, f.tpl); ft != nil {
				f.fast.Store(ft)
			}
			if f.segmented {
				if fs := compileSegments(t.Tree, f.funcs, f.tpl); fs != nil {
					f.segs.Store(fs)
				}
			}
		}
	})
}

// execute renders a partial.
func (f *fastInner) execute(arg any) (template.HTML, error) {
	b := getBuffer()
	ok := f.run(b, arg)
	h := template.HTML(b.String())
	putBuffer(b)
	if ok {
		return h, nil
	}
	h, err := executeInner(f.tpl, f.inner, arg)
	if err == nil {
		f.compile()
	}
	return h, err
}

// funcRegistry holds the functions of each layout set, as fast templates
// need them: text/template does not give them out. cards is held as its
// cardList, which fast templates can have write into the output.
type funcRegistry map[*template.Template]template.FuncMap

// add adds functions to a layout set.
func (r funcRegistry) add(tpl *template.Template, funcs template.FuncMap) {
	tpl.Funcs(funcs)
	if r[tpl] == nil {
		r[tpl] = template.FuncMap{}
	}
	for k, v := range funcs {
		r[tpl][k] = v
	}
}
