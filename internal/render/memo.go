package render

import (
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/samenopleiden/handboek/internal/site"
)

// memoPartials are the partials rendered once per distinct argument and
// build, and then reused: cards, which every list, term page and referrer
// list shows, so that at 10,000 pages each card was rendered about ten times
// (a hundred thousand cards, a third of all template time); and the links to
// pages and terms in every page's properties.
//
// This is sound because a template's output depends only on its argument
// and on the template functions, which are pure (datum, label, dict, ...).
// A partial whose argument is not a Card or made of pointers, numbers,
// strings and booleans (or a dict of those) is rendered as usual. Either
// way the original runs as a fast template when it compiles (fast.go).
var memoPartials = []string{"partials/card.html", "partials/link.html", "partials/term-link.html"}

// innerSuffix names the original template of a memoized partial.
const innerSuffix = "#each"

// memo holds the output of memoized partials for one build.
type memo struct {
	mu  sync.Mutex
	ids map[string]int // source of a partial -> its id in keys

	fast []*fastInner // every memoized partial's, for tests

	out    lockedMap[memoKey, template.HTML]
	links  lockedMap[linkKey, template.HTML] // the link partials' output for a page or a term
	cards  lockedMap[cardKey, template.HTML] // keys that hold no interface: hashed as plain memory, no Card boxed to be looked up
	pieces lockedMap[pageKey, []string]      // what a page's first card wrote of the segments that depend on .Page alone (segments.go)
}

func newMemo() *memo {
	return &memo{ids: map[string]int{}}
}

// lockedMap is a map that the render workers read and write: a plain map
// under a lock. The lookups of a hundred thousand cards took twice as long
// in a sync.Map, whose tree of nodes (and boxed keys) a page's rendering has
// pushed out of the CPU's caches.
type lockedMap[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

func (l *lockedMap[K, V]) load(k K) (V, bool) {
	l.mu.RLock()
	v, ok := l.m[k]
	l.mu.RUnlock()
	return v, ok
}

func (l *lockedMap[K, V]) store(k K, v V) {
	l.mu.Lock()
	if l.m == nil {
		l.m = map[K]V{}
	}
	l.m[k] = v
	l.mu.Unlock()
}

type memoKey struct {
	id  int // which partial (by source, so every layout's copy shares)
	arg any // the argument, see argKey
}

type cardKey struct {
	id   int // as in memoKey
	card Card
}

// linkKey is the key of a page or a term (one of the two), what the link
// partials take, as memoKey would key it (by address) but without an
// interface, which is hashed and compared through the runtime.
type linkKey struct {
	id   int // as in memoKey
	page *site.Page
	term *site.Term
}

type pageKey struct {
	id   int // as in memoKey
	page *site.Page
}

// memoPartial renders one memoized partial of a layout set.
type memoPartial struct {
	m   *memo
	id  int        // the partial's id in m
	run *fastInner // the original
}

// render renders the partial for arg, once per argument that has a key.
func (p *memoPartial) render(arg any) (template.HTML, error) {
	switch a := arg.(type) {
	case Card:
		return p.card(a)
	case *site.Page:
		if a != nil {
			return p.link(linkKey{id: p.id, page: a}, arg)
		}
	case *site.Term:
		if a != nil {
			return p.link(linkKey{id: p.id, term: a}, arg)
		}
	}
	k, ok := argKey(arg)
	key := memoKey{id: p.id, arg: k}
	if ok {
		if h, ok := p.m.out.load(key); ok {
			return h, nil
		}
	}
	h, err := p.run.execute(arg)
	if err != nil {
		return "", err
	}
	if ok {
		p.m.out.store(key, h)
	}
	return h, nil
}

// link renders the partial for a page or term, once per page or term.
func (p *memoPartial) link(key linkKey, arg any) (template.HTML, error) {
	if h, ok := p.m.links.load(key); ok {
		return h, nil
	}
	h, err := p.run.execute(arg)
	if err != nil {
		return "", err
	}
	p.m.links.store(key, h)
	return h, nil
}

// card renders the partial for a card, once per card.
func (p *memoPartial) card(c Card) (template.HTML, error) {
	key := cardKey{p.id, c}
	if h, ok := p.m.cards.load(key); ok {
		return h, nil
	}
	h, err := p.renderCard(c)
	if err != nil {
		return "", err
	}
	p.m.cards.store(key, h)
	return h, nil
}

// renderCard renders a card by the segments of the partial, if they
// compiled: the first card of a page in full, keeping the pieces that
// depend on the page alone, and its cards at other levels with those
// pieces (segments.go). Otherwise, and where they give up, it renders the
// card as usual.
func (p *memoPartial) renderCard(c Card) (template.HTML, error) {
	segs := p.run.segs.Load()
	if segs == nil {
		return p.run.execute(c)
	}
	b := getBuffer()
	defer putBuffer(b)
	key := pageKey{p.id, c.Page}
	if pieces, ok := p.m.pieces.load(key); ok {
		if segs.replay(b, c, pieces) != nil {
			return p.run.execute(c)
		}
		return template.HTML(b.String()), nil
	}
	spans, err := segs.record(b, c)
	if err != nil {
		return p.run.execute(c)
	}
	h := b.String()
	pieces := make([]string, len(spans))
	for i, sp := range spans {
		pieces[i] = h[sp.start:sp.end]
	}
	p.m.pieces.store(key, pieces)
	return template.HTML(h), nil
}

// wrap replaces the partial name in tpl by a call to a function that renders
// the original (renamed name+innerSuffix) once per argument, and returns that
// partial; nil if tpl has no such partial.
func (m *memo) wrap(tpl *template.Template, reg funcRegistry, name string, fn int) (*memoPartial, error) {
	orig := tpl.Lookup(name)
	if orig == nil || orig.Tree == nil {
		return nil, nil
	}
	m.mu.Lock()
	src := orig.Tree.Root.String()
	id, ok := m.ids[src]
	if !ok {
		id = len(m.ids)
		m.ids[src] = id
	}
	m.mu.Unlock()
	inner := name + innerSuffix
	if _, err := tpl.AddParseTree(inner, orig.Tree); err != nil {
		return nil, err
	}
	run := &fastInner{tpl: tpl, inner: inner, funcs: reg[tpl]}
	m.mu.Lock()
	m.fast = append(m.fast, run)
	m.mu.Unlock()
	p := &memoPartial{m: m, id: id, run: run}
	call := fmt.Sprintf("memo%d", fn)
	reg.add(tpl, template.FuncMap{call: p.render})
	_, err := tpl.New(name).Parse("{{" + call + " .}}")
	return p, err
}

// partialError carries the error of a memoized partial through the template
// that called it, so that the problem names the partial's own line.
type partialError struct{ err error }

func (e *partialError) Error() string { return e.err.Error() }
func (e *partialError) Unwrap() error { return e.err }

// innerError returns the error of the innermost memoized or shared partial
// inside err, if any, under the partial's own name.
func innerError(err error) error {
	var pe *partialError
	if !errors.As(err, &pe) {
		return err
	}
	for errors.As(pe.err, &pe) {
	}
	msg := strings.ReplaceAll(pe.err.Error(), innerSuffix, "")
	return errors.New(strings.ReplaceAll(msg, sharedSuffix, ""))
}

// argKey returns a comparable key that identifies arg, and false if arg
// holds values it cannot key. Keyed are a Card, a pointer, number, string or
// bool, and a map with string keys of those (what dict makes).
func argKey(arg any) (any, bool) {
	switch a := arg.(type) {
	case Card:
		return a, true
	case map[string]any:
		keys := make([]string, 0, len(a))
		for k := range a {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var b strings.Builder
		for _, k := range keys {
			v, ok := valueKey(a[k])
			if !ok {
				return nil, false
			}
			b.WriteString(k + "=" + v + ";")
		}
		return dictKey(b.String()), true
	case nil, string, int, int64, bool:
		return a, true
	}
	if reflect.ValueOf(arg).Kind() == reflect.Pointer {
		return arg, true // compared by address
	}
	return nil, false
}

// dictKey is the key of a dict, a type of its own so that no string argument
// has the same key.
type dictKey string

func valueKey(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "nil", true
	case string:
		return "s" + fmt.Sprintf("%q", x), true
	case int, int64, bool:
		return fmt.Sprintf("%T%v", x, x), true
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer {
		return fmt.Sprintf("%T%x", v, rv.Pointer()), true
	}
	return "", false
}
