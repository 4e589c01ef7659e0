// Package diag carries the problems a build finds: a position in a source file
// (path, line, column), a severity and a message written for editors. Every
// stage reports through it, so all problems of a build come out at once, sorted,
// as "path:line:col: message".
//
// It knows nothing about content, Markdown or output.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Pos is a place in a source file. Line and Col count from 1; 0 means unknown
// (a whole-file problem has Line 0, and prints as just the path).
// Col counts characters (runes), as editors show them.
type Pos struct {
	File string // slash-separated, relative to the site folder
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity says whether a problem fails the build.
type Severity int

const (
	Error   Severity = iota // fails the build
	Warning                 // fails only with --strict
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Message  string
}

func (d Diagnostic) String() string {
	if d.Severity == Warning {
		return d.Pos.String() + ": warning: " + d.Message
	}
	return d.Pos.String() + ": " + d.Message
}

// List collects problems. The zero value is ready to use. It is not safe for
// concurrent use: give each worker its own List and Append them.
type List []Diagnostic

// Errorf adds an error at pos.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at pos.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

// Append adds all of other.
func (l *List) Append(other List) { *l = append(*l, other...) }

// HasErrors reports whether any problem is an error; with strict, warnings count too.
func (l List) HasErrors(strict bool) bool {
	for _, d := range l {
		if d.Severity == Error || strict {
			return true
		}
	}
	return false
}

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return
}

// Sorted returns the problems ordered by file, line, column, severity and
// message, with exact duplicates removed.
func (l List) Sorted() List {
	out := slices.Clone(l)
	slices.SortFunc(out, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return slices.Compact(out)
}

// String prints the sorted list, one problem a line.
func (l List) String() string {
	var b strings.Builder
	for _, d := range l.Sorted() {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// Err returns the list as an error if it holds errors (or warnings, with strict),
// else nil. The error's text is the whole sorted list.
func (l List) Err(strict bool) error {
	if !l.HasErrors(strict) {
		return nil
	}
	return &ListError{List: l.Sorted()}
}

// ListError is a failed build's problems as an error value.
type ListError struct{ List List }

func (e *ListError) Error() string { return strings.TrimSuffix(e.List.String(), "\n") }
