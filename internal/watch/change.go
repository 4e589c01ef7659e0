package watch

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/samenopleiden/handboek/internal/junk"
)

// Kind says which folder of the site a changed path lies in.
type Kind int

const (
	Content Kind = iota + 1 // content/: Markdown pages and the files beside them
	Layout                  // layouts/: templates
	Static                  // static/: copied as they are
)

func (k Kind) String() string {
	switch k {
	case Content:
		return "content"
	case Layout:
		return "layout"
	case Static:
		return "static"
	}
	return "unknown"
}

// folders maps each watched top-level folder of a site to its Kind.
var folders = map[string]Kind{
	"content": Content,
	"layouts": Layout,
	"static":  Static,
}

// Classify reports the Kind of a slash-separated path relative to the site
// root, and false for a path the watcher ignores: one outside content/,
// layouts/ and static/, one with a junk element (an editor or OS dropping, a
// dot file or dot folder; see [junk.Is]), and one that is not clean (empty,
// absolute, or with "." or ".." elements). The folders themselves classify:
// Classify("content") is (Content, true).
//
// Classify is pure: it looks only at the name, never at the disk.
func Classify(rel string) (Kind, bool) {
	if rel == "" || rel == "." || path.Clean(rel) != rel || strings.HasPrefix(rel, "/") || strings.Contains(rel, `\`) {
		return 0, false
	}
	top, _, _ := strings.Cut(rel, "/")
	kind, ok := folders[top]
	if !ok {
		return 0, false
	}
	for elem := range strings.SplitSeq(rel, "/") {
		if elem == ".." || junk.Is(elem) {
			return 0, false
		}
	}
	return kind, true
}

// Op is what happened to a path, seen from whoever has applied every earlier
// batch: it is the difference between the path's state after the previous
// batch and its state now, not a replay of file-system events.
type Op int

const (
	Create Op = iota + 1 // the path exists now and did not before
	Write                // the path existed before and still does; its content may have changed
	Remove               // the path existed before and does not now
)

func (o Op) String() string {
	switch o {
	case Create:
		return "create"
	case Write:
		return "write"
	case Remove:
		return "remove"
	}
	return "unknown"
}

// Change is one path's change in a batch. Only files (and other non-folders,
// such as symlinks, which are reported but never followed) get a Change:
// a new folder shows up as a Create for each file inside it, a removed or
// renamed folder as a Remove for each file it held.
type Change struct {
	Path string // slash-separated, relative to the site root: "content/themas/ict.md"
	Kind Kind   // from Classify(Path)
	Op   Op
}

func (c Change) String() string { return c.Op.String() + " " + c.Path }

// merge combines an earlier and a later Op for the same path into one,
// so that a batch the consumer has not taken yet can absorb the next one.
// keep is false when the two cancel out (created, then removed again).
func merge(earlier, later Op) (op Op, keep bool) {
	switch {
	case earlier == Create && later == Remove:
		return 0, false
	case earlier == Create:
		return Create, true
	case later == Remove:
		return Remove, true
	}
	return Write, true // write+write, remove+create, remove+write
}

// batch collects the Changes of one burst, one per path.
type batch map[string]Change

// add records c, merged with an earlier Change of the same path.
func (b batch) add(c Change) {
	if old, ok := b[c.Path]; ok {
		op, keep := merge(old.Op, c.Op)
		if !keep {
			delete(b, c.Path)
			return
		}
		c.Op = op
	}
	b[c.Path] = c
}

// list returns the Changes sorted by path.
func (b batch) list() []Change {
	out := make([]Change, 0, len(b))
	for _, p := range slices.Sorted(maps.Keys(b)) {
		out = append(out, b[p])
	}
	return out
}
