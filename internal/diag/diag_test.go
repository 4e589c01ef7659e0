package diag

import "testing"

func TestListSortedAndString(t *testing.T) {
	var l List
	l.Errorf(Pos{"content/b.md", 2, 1}, "second file")
	l.Warnf(Pos{"content/a.md", 10, 3}, "later line")
	l.Errorf(Pos{"content/a.md", 4, 3}, "unknown subregio %q", "arnhm")
	l.Errorf(Pos{"content/a.md", 4, 3}, "unknown subregio %q", "arnhm") // duplicate
	l.Errorf(Pos{File: "content/c.md"}, "whole file")
	want := `content/a.md:4:3: unknown subregio "arnhm"
content/a.md:10:3: warning: later line
content/b.md:2:1: second file
content/c.md: whole file
`
	if got := l.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	if e, w := l.Count(); e != 4 || w != 1 {
		t.Errorf("Count() = %d, %d", e, w)
	}
}

func TestHasErrors(t *testing.T) {
	var l List
	if l.HasErrors(true) || l.Err(true) != nil {
		t.Error("empty list has errors")
	}
	l.Warnf(Pos{File: "x"}, "w")
	if l.HasErrors(false) {
		t.Error("warning counted as error without strict")
	}
	if !l.HasErrors(true) || l.Err(true) == nil {
		t.Error("warning not counted with strict")
	}
}

func TestDidYouMean(t *testing.T) {
	opts := []string{"arnhem", "nijmegen", "subregio", "themas", "doelen", "summary"}
	tests := []struct{ in, want string }{
		{"arnhm", ` (did you mean "arnhem"?)`},
		{"subregoi", ` (did you mean "subregio"?)`},
		{"thema", ` (did you mean "themas"?)`},
		{"Doelen", ` (did you mean "doelen"?)`},
		{"xyz", ""},
		{"completelyunrelated", ""},
	}
	for _, tt := range tests {
		if got := DidYouMean(tt.in, opts); got != tt.want {
			t.Errorf("DidYouMean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOneOf(t *testing.T) {
	if got := OneOf([]string{"a", "b", "c"}); got != `"a", "b" or "c"` {
		t.Errorf("OneOf = %s", got)
	}
	if got := OneOf([]string{"a"}); got != `"a"` {
		t.Errorf("OneOf = %s", got)
	}
}
