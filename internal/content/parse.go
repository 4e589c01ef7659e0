package content

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"github.com/samenopleiden/handboek/internal/diag"
	"github.com/samenopleiden/handboek/internal/markdown"
	"github.com/samenopleiden/handboek/internal/textnorm"
	"go.yaml.in/yaml/v3"
)

// DefaultMaxFileSize is the largest content file accepted unless configured.
const DefaultMaxFileSize = 1 << 20

// DefaultTimeout bounds the time one file's Markdown may take to parse.
const DefaultTimeout = 10 * time.Second

// Options configure Parse.
type Options struct {
	MaxFileSize int64         // 0 means DefaultMaxFileSize
	Timeout     time.Duration // 0 means DefaultTimeout
}

// Parse turns the Markdown file at file (a slash path under content/) with
// contents src into a Page. It returns nil if the file is unusable; the
// problems say why. A page with problems in its frontmatter is still returned
// when it has a title, so that later stages can report their problems too.
func Parse(md *markdown.Markdown, file string, src []byte, opts Options) (p *Page, problems diag.List) {
	defer func() {
		if r := recover(); r != nil {
			p = nil
			problems.Errorf(diag.Pos{File: file}, "internal error while reading this file (%v); please report it with the file attached", r)
		}
	}()
	whole := diag.Pos{File: file}
	if l := CheckSize(file, int64(len(src)), opts.MaxFileSize); l != nil {
		return nil, l
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	src = normaliseNewlines(src)
	if pos, ok := checkText(file, src); !ok {
		problems.Append(pos)
		return nil, problems
	}
	if len(bytes.TrimSpace(src)) == 0 {
		problems.Errorf(whole, "file is empty; a page starts with frontmatter: a line ---, a line title: \"Titel van de pagina\", and a line ---")
		return nil, problems
	}

	p = &Page{File: file}
	p.Section, p.Kind, p.Dirs = place(file)
	fields, ok := fieldsFor(p)
	if !ok {
		problems.Errorf(whole, "only a section folder directly under content/ can have an _index.md; move or rename this file")
		return nil, problems
	}

	var root yaml.Node
	open := openingLine(src)
	room := yamlRooms.Get().(*[]yaml.Node)
	defer putYAMLRoom(room) // Meta keeps no node
	front, body, err := readFrontmatter(src, &root, room)
	switch {
	case errors.Is(err, frontmatter.ErrNotFound):
		problems.Append(missingFrontmatter(file, src, open))
		return nil, problems
	case err != nil:
		problems.Append(yamlProblem(file, src, open, err))
		return nil, problems
	}
	p.Meta.Start = diag.Pos{File: file, Line: open + 1, Col: 1}
	d := decoder{file: file, line0: open + 1, fields: fields}
	d.decode(&root, &p.Meta)
	problems.Append(d.problems)

	p.Slug = textnorm.Slug(strings.TrimSuffix(lastElem(file), ".md"))
	if s := p.Meta.slug; s != "" {
		p.Slug = s
	}
	p.Front = front
	line0 := strings.Count(front, "\n")
	doc, l := parseBody(md, file, body, line0, opts.Timeout)
	problems.Append(l)
	if doc == nil {
		return nil, problems
	}
	p.Doc = doc
	problems.Append(p.Doc.Diags)
	if p.Meta.Title == "" {
		return nil, problems
	}
	return p, problems
}

// parseBody parses the Markdown body with a deadline, so one pathological
// file cannot hang a build: markdown.Parse rejects the shapes known to be
// slow, and this catches the rest. A parse that overruns keeps running in the
// background until it ends; the build reports the file and fails.
func parseBody(md *markdown.Markdown, file string, body []byte, line0 int, timeout time.Duration) (*markdown.Doc, diag.List) {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	done := make(chan parsed, 1) // the parser never waits for a caller that gave up
	startParse(parseRequest{md: md, file: file, body: body, line0: line0, done: done})
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var l diag.List
	select {
	case r := <-done:
		if r.panic != nil {
			l.Errorf(diag.Pos{File: file}, "internal error while reading the Markdown of this file (%v); please report it with the file attached", r.panic)
			return nil, l
		}
		return r.doc, nil
	case <-timer.C:
		l.Errorf(diag.Pos{File: file}, "the Markdown of this file took longer than %s to read; simplify it (deeply nested lists or quotes, thousands of links)", timeout)
		return nil, l
	}
}

type parseRequest struct {
	md    *markdown.Markdown
	file  string
	body  []byte
	line0 int
	done  chan<- parsed
}

type parsed struct {
	doc   *markdown.Doc
	panic any
}

// Parsing runs on goroutines of its own, for the deadline, and these live on
// between files: goldmark recurses deeply, and a goroutine started for each
// file grew its stack afresh every time (1% of a large build's CPU). An idle
// parser takes the next request; when none is idle a new one starts, and a
// parser left idle for parserIdle ends.
//
// idle counts the parsers that will take a request: a parser counts itself
// before it hands back its result, so the next file of the same caller finds
// it, and a caller claims one by counting it off before it sends. A parser
// whose idle time is up leaves only if it can count itself off; when callers
// have claimed every idle parser, it takes a request instead.
var (
	parseRequests  = make(chan parseRequest)
	idle           atomic.Int64
	parsersStarted atomic.Int64                      // for tests
	beforeParse    atomic.Pointer[func(file string)] // for tests: runs on the parser before it parses a file
)

// parserIdle is how long a parser waits for the next file; tests shorten it.
var parserIdle atomic.Int64

func init() { parserIdle.Store(int64(time.Second)) }

func startParse(r parseRequest) {
	for {
		n := idle.Load()
		if n <= 0 {
			parsersStarted.Add(1)
			go parser(r)
			return
		}
		if idle.CompareAndSwap(n, n-1) {
			parseRequests <- r // an idle parser takes it
			return
		}
	}
}

func parser(r parseRequest) {
	timer := time.NewTimer(time.Duration(parserIdle.Load()))
	defer timer.Stop()
	for {
		done := r.done
		result := parseOne(r)
		r = parseRequest{} // keeps no file alive while idle
		idle.Add(1)
		done <- result // buffered: never waits
		timer.Reset(time.Duration(parserIdle.Load()))
		select {
		case r = <-parseRequests:
		case <-timer.C:
			if leave() {
				return
			}
			r = <-parseRequests
		}
	}
}

// leave counts an idle parser off, unless callers have claimed every idle
// parser: then one of their requests is on its way to this one.
func leave() bool {
	for {
		n := idle.Load()
		if n <= 0 {
			return false
		}
		if idle.CompareAndSwap(n, n-1) {
			return true
		}
	}
}

func parseOne(r parseRequest) (p parsed) {
	defer func() {
		if v := recover(); v != nil {
			p = parsed{panic: v}
		}
	}()
	if hook := beforeParse.Load(); hook != nil {
		(*hook)(r.file)
	}
	return parsed{doc: r.md.Parse(r.file, r.body, r.line0)}
}

// CheckSize reports a file over the size limit (0 means DefaultMaxFileSize).
func CheckSize(file string, n, limit int64) diag.List {
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	if n <= limit {
		return nil
	}
	var l diag.List
	l.Errorf(diag.Pos{File: file}, "file is %s, more than the limit of %s; split it into several pages", size(n), size(limit))
	return l
}

// place derives section, kind and sub-folders from a path under content/.
func place(file string) (section string, kind Kind, dirs []string) {
	parts := strings.Split(strings.TrimPrefix(file, "content/"), "/")
	name := parts[len(parts)-1]
	folders := parts[:len(parts)-1]
	if len(folders) > 0 {
		section = textnorm.Slug(folders[0])
		for _, f := range folders[1:] {
			dirs = append(dirs, textnorm.Slug(f))
		}
	}
	kind = Regular
	if name == "_index.md" {
		switch len(folders) {
		case 0:
			kind = Home
		default:
			kind = List
		}
	}
	return section, kind, dirs
}

// fieldsFor returns the keys allowed in p's frontmatter; false for an
// _index.md deeper than a section folder.
func fieldsFor(p *Page) ([]Field, bool) {
	switch p.Kind {
	case Home:
		return homeSchema, true
	case List:
		return listSchema, len(p.Dirs) == 0
	}
	if f, ok := sectionFields()[p.Section]; ok {
		return f, true
	}
	return PageFields(p.Section), true
}

// sectionFields holds PageFields of every section in Schemas, made once:
// making them for every page was 27 MB of allocations in two builds of
// 10,000 pages. The decoder only reads its fields.
var sectionFields = sync.OnceValue(func() map[string][]Field {
	m := make(map[string][]Field, len(Schemas))
	for _, s := range Schemas {
		m[s.Section] = PageFields(s.Section)
	}
	return m
})

func lastElem(file string) string { return file[strings.LastIndexByte(file, '/')+1:] }

// normaliseNewlines turns CRLF and lone CR into LF.
func normaliseNewlines(src []byte) []byte {
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
}

// checkText reports invalid UTF-8 and control characters (other than tab and
// newline) at their position. It runs over every byte of every file: printable
// ASCII is passed over eight bytes at a time (see notPrintable8), other ASCII is
// checked a byte at a time against a table, only other characters are
// decoded, and the line and column are counted only for a problem.
func checkText(file string, src []byte) (diag.List, bool) {
	for i := 0; i < len(src); {
		// Pass over printable ASCII up to the first byte that needs a look of
		// its own.
		for i+8 <= len(src) {
			if m := notPrintable8(binary.LittleEndian.Uint64(src[i:])); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		if i == len(src) {
			break
		}
		if c := src[i]; c < utf8.RuneSelf {
			if badASCII[c] {
				return textProblem(file, src, i, fmt.Sprintf("control character U+%04X is not allowed; delete it (it is invisible in most editors)", c)), false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return textProblem(file, src, i, fmt.Sprintf("invalid UTF-8 (byte 0x%02X); save the file as UTF-8 (in most editors: \"Save with encoding\" > UTF-8)", src[i])), false
		case r < 0xa0: // C1 controls
			return textProblem(file, src, i, fmt.Sprintf("control character U+%04X is not allowed; delete it (it is invisible in most editors)", r)), false
		}
		i += n
	}
	return nil, true
}

// notPrintable8 flags the bytes of x that are not printable ASCII (0x20 to
// 0x7e): their high bit is set in the result. Only the lowest flag is sure:
// the first such byte in memory order, when x is read little-endian.
//
// A byte's high bit is set for a byte of 0x80 or more (x), below 0x20 (x -
// 0x20 borrows) or 0x7f (x + 1 carries into the high bit). A borrow or carry
// reaches the next byte only from a byte that is flagged itself, so the
// lowest flag is exact.
func notPrintable8(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return (x | (x - 0x20*ones) | (x + ones)) & highs
}

// badASCII tells the ASCII control characters a page may not hold: all but
// tab and newline.
var badASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = c < 0x20 && c != '\t' && c != '\n' || c == 0x7f
	}
	return t
}()

// textProblem is the error msg at byte offset i of src: its line, and its
// column in characters (the text before it is valid UTF-8).
func textProblem(file string, src []byte, i int, msg string) diag.List {
	line := 1 + bytes.Count(src[:i], []byte("\n"))
	lineStart := bytes.LastIndexByte(src[:i], '\n') + 1
	var l diag.List
	l.Errorf(diag.Pos{File: file, Line: line, Col: 1 + utf8.RuneCount(src[lineStart:i])}, "%s", msg)
	return l
}

// yamlFormat is the frontmatter adrg/frontmatter looks for: YAML between
// "---" lines, read by yaml.v3 into a yaml.Node.
var yamlFormat = frontmatter.NewFormat("---", "---", func(data []byte, v any) error {
	return yaml.Unmarshal(data, v)
})

// readFrontmatter reads the frontmatter of src into root and returns src up
// to the body (front) and the body after it. When the frontmatter is complete
// and fastYAML can read it, adrg/frontmatter and yaml.v3 are not needed: the
// YAML between the "---" lines is the very text the library would hand
// yaml.v3, and the body the same slice; the tree's values are then substrings
// of front, and its nodes are in room (see fastYAML). Everything else, errors
// included, goes through the library.
func readFrontmatter(src []byte, root *yaml.Node, room *[]yaml.Node) (front string, body []byte, err error) {
	start, stop, end := frontmatterSpan(src)
	if stop >= 0 {
		front = string(src[:end])
		if fastYAML(front[start:stop], root, room) {
			return front, src[end:], nil
		}
	}
	// The library copies everything it reads; give it only the frontmatter
	// and take the body as a slice of src.
	rest, err := frontmatter.MustParse(bytes.NewReader(src[:end]), root, yamlFormat)
	end -= len(rest)
	if len(front) != end {
		front = string(src[:end])
	}
	return front, src[end:], err
}

// frontmatterSpan returns where the frontmatter's YAML starts (after the
// opening line) and stops (at the closing line), and end, the offset just
// past the closing line by adrg/frontmatter's rules (blank lines may come
// first; the opening and closing lines are "---" once trimmed). Without
// frontmatter, or never closed, stop is -1 and end is len(src): then the
// library sees the whole file and explains what is wrong.
func frontmatterSpan(src []byte) (start, stop, end int) {
	opened := false
	for at := 0; at < len(src); {
		next := len(src)
		if i := bytes.IndexByte(src[at:], '\n'); i >= 0 {
			next = at + i + 1
		}
		line := bytes.TrimSpace(src[at:next])
		delim := string(line) == "---"
		switch {
		case !opened && len(line) == 0:
		case !opened && delim:
			opened, start = true, next
		case !opened:
			return 0, -1, len(src)
		case delim:
			return start, at, next
		}
		at = next
	}
	return 0, -1, len(src)
}

// openingLine returns the number of lines before the first non-blank line,
// where frontmatter must open.
func openingLine(src []byte) int {
	n := 0
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		line := src
		if i >= 0 {
			line = src[:i]
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return n
		}
		if i < 0 {
			break
		}
		src, n = src[i+1:], n+1
	}
	return n
}

// missingFrontmatter explains why no frontmatter was found.
func missingFrontmatter(file string, src []byte, open int) diag.List {
	var l diag.List
	first := strings.TrimSpace(strings.SplitN(string(src[lineStart(src, open):]), "\n", 2)[0])
	pos := diag.Pos{File: file, Line: open + 1, Col: 1}
	switch first {
	case "---":
		l.Errorf(pos, "frontmatter opened here is never closed; add a line with --- after the last key")
	case "+++":
		l.Errorf(pos, "TOML frontmatter (+++) is not supported; write YAML between --- lines")
	default:
		if strings.HasPrefix(first, "{") {
			l.Errorf(pos, "JSON frontmatter is not supported; write YAML between --- lines")
		} else {
			l.Errorf(pos, "no frontmatter; start the file with a line ---, a line title: \"Titel van de pagina\", and a line ---")
		}
	}
	return l
}

func lineStart(src []byte, line int) int {
	off := 0
	for ; line > 0; line-- {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	return off
}

func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
