package content

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// The YAML mistakes editors make most, recognised on the line where they are
// made, so that the message can point there and say how to fix it. They are
// only looked for when the frontmatter does not parse.
var (
	// openQuoteRE matches "key: " and the quote that starts a quoted value.
	openQuoteRE = regexp.MustCompile(`^([A-Za-z0-9_-]+):[ ]+(["'])`)
	// openListRE matches "key: [", the start of a list on one line.
	openListRE = regexp.MustCompile(`^([A-Za-z0-9_-]+):[ ]+(\[)`)
	// reservedRE matches a plain value starting with a character YAML reserves.
	reservedRE = regexp.MustCompile("^([A-Za-z0-9_-]+):[ ]+([@`*&!%])")
	// noSpaceRE matches "key:value", a key without a space after its colon.
	noSpaceRE = regexp.MustCompile(`^([A-Za-z0-9_-]+):(\S)`)
)

// lineHint returns the column (in characters) and message of a known mistake
// on one frontmatter line, or "" if there is none. more holds the frontmatter
// lines after it, where a quote or list may still be closed.
func lineHint(text string, more []string) (col int, msg string) {
	colAt := func(i int) int { return utf8.RuneCountInString(text[:i]) + 1 }
	if m := openQuoteRE.FindStringSubmatchIndex(text); m != nil {
		key, q, rest := text[m[2]:m[3]], text[m[4]:m[5]], text[m[5]:]
		if !closes(rest, q[0], more) {
			return colAt(m[4]), fmt.Sprintf("the value of %q starts with a quote (%s) that is never closed; end the value with %s too: %s: %s%s%s",
				key, q, q, key, q, strings.TrimSpace(rest), q)
		}
	}
	if m := openListRE.FindStringSubmatchIndex(text); m != nil && !closes(text[m[5]:], ']', more) {
		key := text[m[2]:m[3]]
		return colAt(m[4]), fmt.Sprintf("the list of %q opens with [ but is never closed; end it with ]: %s: %s]", key, key, strings.TrimSpace(text[m[4]:]))
	}
	if m := reservedRE.FindStringSubmatchIndex(text); m != nil {
		key, val := text[m[2]:m[3]], strings.TrimSpace(text[m[4]:])
		return colAt(m[4]), fmt.Sprintf("the value of %q starts with %s, which YAML reserves for other uses; put the value in quotes: %s: %q", key, text[m[4]:m[5]], key, val)
	}
	if m := noSpaceRE.FindStringSubmatchIndex(text); m != nil {
		key := text[m[2]:m[3]]
		return colAt(m[4]), fmt.Sprintf("put a space after the colon of %q: %s: %s", key, key, strings.TrimSpace(text[m[4]:]))
	}
	return 0, ""
}

// closes reports whether a value opened with q (a quote or "]") is closed in
// rest (the rest of its line) or in the lines after it. Inside "..." a
// backslash escapes the next character; inside '...' a quote is written twice.
func closes(rest string, q byte, more []string) bool {
	for _, text := range append([]string{rest}, more...) {
		for i := 0; i < len(text); i++ {
			switch {
			case q == '"' && text[i] == '\\':
				i++
			case q == '\'' && text[i] == '\'' && i+1 < len(text) && text[i+1] == '\'':
				i++
			case text[i] == q:
				return true
			}
		}
	}
	return false
}

// plainYAML rewords the yaml.v3 errors editors meet most, by reason.
var plainYAML = map[string]string{
	"mapping values are not allowed in this context":         "there is a colon where YAML does not expect one; is this line indented by mistake, or does a value on this line or the one before need quotes?",
	"did not find expected key":                              "expected a new line \"key: value\" here; check the indentation of this line and the one before",
	"found unexpected end of stream":                         "the frontmatter ends in the middle of a value; is a quote or a bracket not closed?",
	"did not find expected ',' or ']'":                       "a list in [ ] is not closed with ], or its items are not separated by commas",
	"did not find expected ',' or '}'":                       "a group in { } is not closed with }; if the value is text, put it in quotes",
	"found character that cannot start any token":            "a value starts with a character YAML reserves (such as @ or `); put the value in quotes",
	"did not find expected alphabetic or numeric character":  "a value starts with * or &, which YAML reserves; put the value in quotes",
	"block sequence entries are not allowed in this context": "a list item (- ...) where YAML does not expect one; put each item on its own line, under the key",
	"could not find expected ':'":                            "a line without a colon; write every line as key: value",
}
