package benchgen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path"
	"strconv"
	"strings"

	"github.com/samenopleiden/handboek/internal/content"
)

// writer writes one page; its random source depends only on the seed and the
// page's index, so pages can be written in any order, on any number of cores.
type writer struct {
	s    *site
	p    *page
	r    *rand.Rand
	t    *text
	b    bytes.Buffer
	res  result
	foot int // footnotes used
}

// write returns the Markdown file of p.
func (s *site) write(p *page) ([]byte, result) {
	r := rand.New(rand.NewPCG(s.opts.Seed, uint64(p.index)+1))
	w := &writer{s: s, p: p, r: r, t: newText(s.vocab, r)}
	w.b.Grow(s.opts.PageBytes + 1024)
	w.frontmatter()
	switch p.kind {
	case home:
		w.homeBody()
	case list:
		w.paragraph()
		w.paragraph()
	default:
		w.body()
	}
	return w.b.Bytes(), w.res
}

func (w *writer) frontmatter() {
	p, r := w.p, w.r
	w.b.WriteString("---\n")
	w.kv("title", quote(p.title))
	if p.kind == home {
		w.kv("description", quote(w.plainSentence()))
		w.kv("language", "nl")
		w.kv("repository", "https://github.com/samenopleiden/synthetisch-handboek")
		w.b.WriteString("---\n")
		return
	}
	w.kv("summary", quote(w.plainSentence()))
	if p.kind == list {
		w.b.WriteString("---\n")
		return
	}
	if p.draft {
		w.kv("draft", "true")
	}
	switch p.section {
	case "goede-praktijken", "masterclasses":
		w.kv("date", fmt.Sprintf("%04d-%02d-%02d", 2016+r.IntN(11), 1+r.IntN(12), 1+r.IntN(28)))
	case "handboek", "doelen", "subregios":
		w.kv("weight", strconv.Itoa(p.index))
	}
	switch p.section {
	case "goede-praktijken":
		w.kv("subregio", w.ref("subregios"))
		w.kv("themas", w.refs("themas", 1+r.IntN(4)))
		w.kv("doelen", w.refs("doelen", 1+r.IntN(2)))
		w.kv("werkvormen", w.subset(content.Werkvormen, 1+r.IntN(2)))
		w.kv("doelgroepen", w.subset(content.Doelgroepen, 1+r.IntN(4)))
		if k := r.IntN(4); k > 0 {
			w.kv("besturen", w.refs("besturen", k))
		}
	case "masterclasses":
		w.kv("themas", w.refs("themas", 1+r.IntN(3)))
		w.kv("doelen", w.refs("doelen", 1+r.IntN(2)))
		w.kv("doelgroepen", w.subset(content.Doelgroepen, 1+r.IntN(3)))
		partners := make([]string, 1+r.IntN(3))
		for i := range partners {
			partners[i] = quote(w.t.phrase(2))
		}
		w.kv("partners", "["+strings.Join(partners, ", ")+"]")
		w.kv("locatie", quote(w.t.phrase(2)))
		w.kv("subregio", w.ref("subregios"))
	case "subregios":
		w.kv("voorloper", strconv.FormatBool(r.IntN(5) == 0))
		w.kv("besturen", w.refs("besturen", 1+r.IntN(5)))
	case "doelen":
		w.kv("soort", content.Soorten[r.IntN(len(content.Soorten))])
	case "besturen":
		w.kv("website", "https://www."+p.slug+".nl/")
		w.kv("subregio", w.ref("subregios"))
	}
	w.b.WriteString("---\n")
}

func (w *writer) kv(key, value string) {
	w.b.WriteString(key)
	w.b.WriteString(": ")
	w.b.WriteString(value)
	w.b.WriteByte('\n')
}

// quote writes s as a YAML double-quoted string; our text has no quotes or
// backslashes, but may hold ": " or start with a digit.
func quote(s string) string { return `"` + s + `"` }

func (w *writer) ref(sec string) string { return w.s.pick(w.r, sec, 1)[0].slug }

func (w *writer) refs(sec string, k int) string {
	ps := w.s.pick(w.r, sec, k)
	slugs := make([]string, len(ps))
	for i, p := range ps {
		slugs[i] = p.slug
	}
	return "[" + strings.Join(slugs, ", ") + "]"
}

func (w *writer) subset(values []string, k int) string {
	idx := w.r.Perm(len(values))[:min(k, len(values))]
	var out []string
	for i, v := range values { // keep the schema's order
		for _, j := range idx {
			if i == j {
				out = append(out, v)
			}
		}
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// plainSentence is a sentence without Markdown: for summaries.
func (w *writer) plainSentence() string {
	return capitalise(w.t.words(8+w.r.IntN(14))) + "."
}

// homeBody introduces the site and links to every section.
func (w *writer) homeBody() {
	w.b.WriteString("\n")
	w.paragraph()
	w.b.WriteString("## Wat staat er in dit handboek?\n\n")
	for _, sec := range sections {
		fmt.Fprintf(&w.b, "- [%s](%s): %s\n", sectionTitles[sec], sec+"/_index.md", w.t.words(4+w.r.IntN(8)))
	}
	w.b.WriteString("\n")
	w.paragraph()
}

// body writes the sections of a regular page until the file reaches the
// target size.
func (w *writer) body() {
	w.b.WriteString("\n")
	w.paragraph()
	table := w.r.IntN(len(w.p.headings))
	for i, h := range w.p.headings {
		// Share what is left of the page's size among the sections left;
		// stop a section when one more block would overshoot by more than half.
		end := w.b.Len() + (w.s.opts.PageBytes-w.b.Len())/(len(w.p.headings)-i)
		w.b.WriteString(strings.Repeat("#", h.level) + " " + h.text + "\n\n")
		if i == table {
			w.table()
		}
		for w.b.Len()+200 < end {
			switch k := w.r.IntN(20); {
			case k < 13:
				w.paragraph()
			case k < 16:
				w.list(false)
			case k < 18:
				w.list(true)
			case k < 19:
				w.quote()
			default:
				w.definitions()
			}
		}
	}
	for i := 1; i <= w.foot; i++ {
		fmt.Fprintf(&w.b, "[^%d]: %s\n", i, w.t.sentence())
	}
}

// paragraph writes two to five sentences, some with a link, wrapped at 100
// columns as editors write them.
func (w *writer) paragraph() {
	var ss []string
	for range 2 + w.r.IntN(4) {
		s := w.t.sentence()
		if w.r.IntN(3) == 0 {
			s = w.withLink(s)
		}
		if w.p.kind == regular && w.r.IntN(80) == 0 {
			w.foot++
			s = strings.TrimSuffix(s, ".") + "[^" + strconv.Itoa(w.foot) + "]."
		}
		ss = append(ss, s)
	}
	w.b.WriteString(wrap(strings.Join(ss, " "), 100))
	w.b.WriteString("\n\n")
}

// withLink turns two to four words in the middle of sentence s into a link.
func (w *writer) withLink(s string) string {
	ws := strings.Fields(s)
	if len(ws) < 6 {
		return s
	}
	n := 2 + w.r.IntN(3)
	i := 1 + w.r.IntN(len(ws)-n-1)
	for _, x := range ws[i : i+n] {
		if strings.ContainsAny(x, "*`,") {
			return s // keep emphasis and punctuation out of link text
		}
	}
	link := "[" + strings.Join(ws[i:i+n], " ") + "](" + w.dest() + ")"
	return strings.Join(append(append(append([]string{}, ws[:i]...), link), ws[i+n:]...), " ")
}

// dest returns a link target: mostly another page's .md file, often with an
// anchor; sometimes a section list, a heading on this page or an outside address.
func (w *writer) dest() string {
	from := path.Dir(w.p.file)
	switch k := w.r.IntN(20); {
	case k < 2 && len(w.p.headings) > 0:
		return "#" + w.p.headings[w.r.IntN(len(w.p.headings))].id
	case k < 4:
		return "https://www.example.nl/" + w.t.rareWord()
	case k < 6:
		return rel(from, "content/"+sections[w.r.IntN(len(sections))]+"/_index.md")
	}
	var t *page
	if w.r.IntN(4) == 0 { // themes and goals are linked more than the rest
		t = w.s.pick(w.r, []string{"themas", "doelen"}[w.r.IntN(2)], 1)[0]
	} else {
		t = w.s.linkable[w.r.IntN(len(w.s.linkable))]
	}
	w.res.links++
	d := rel(from, t.file)
	if len(t.headings) > 0 && w.r.IntN(2) == 0 {
		w.res.anchors++
		d += "#" + t.headings[w.r.IntN(len(t.headings))].id
	}
	return d
}

// list writes a bullet or numbered list of three to seven items.
func (w *writer) list(numbered bool) {
	for i := range 3 + w.r.IntN(5) {
		item := capitalise(w.t.words(3 + w.r.IntN(10)))
		if w.r.IntN(4) == 0 {
			item = w.withLink(item + " " + w.t.words(4))
		}
		if numbered {
			fmt.Fprintf(&w.b, "%d. %s\n", i+1, item)
		} else {
			w.b.WriteString("- " + item + "\n")
		}
	}
	w.b.WriteString("\n")
}

// table writes a GFM table of three or four columns.
func (w *writer) table() {
	cols := 3 + w.r.IntN(2)
	row := func(cell func() string) {
		w.b.WriteString("|")
		for range cols {
			w.b.WriteString(" " + cell() + " |")
		}
		w.b.WriteString("\n")
	}
	row(func() string { return w.t.phrase(1 + w.r.IntN(2)) })
	row(func() string { return "---" })
	for range 3 + w.r.IntN(5) {
		row(func() string {
			if w.r.IntN(10) == 0 {
				return "[" + w.t.rareWord() + "](" + w.dest() + ")"
			}
			return w.t.words(1 + w.r.IntN(4))
		})
	}
	w.b.WriteString("\n")
}

func (w *writer) quote() {
	w.b.WriteString("> " + w.t.sentence() + " " + w.t.sentence() + "\n\n")
}

func (w *writer) definitions() {
	for range 2 + w.r.IntN(2) {
		w.b.WriteString(w.t.phrase(1+w.r.IntN(2)) + "\n: " + w.t.sentence() + "\n\n")
	}
}

// rel returns the relative path from folder dir to file, both slash paths.
func rel(dir, file string) string {
	a := strings.Split(dir, "/")
	b := strings.Split(path.Dir(file), "/")
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	parts := make([]string, 0, len(a)-i+len(b)-i+1)
	for range a[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, b[i:]...)
	parts = append(parts, path.Base(file))
	return strings.Join(parts, "/")
}

// wrap breaks s into lines of at most width bytes at spaces.
func wrap(s string, width int) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(s) {
		if i > 0 {
			if line+1+len(word) > width {
				b.WriteByte('\n')
				line = 0
			} else {
				b.WriteByte(' ')
				line++
			}
		}
		b.WriteString(word)
		line += len(word)
	}
	return b.String()
}
