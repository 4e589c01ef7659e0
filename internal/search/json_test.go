package search

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestJSONString: wherever appendJSONString copies a string, json.Marshal
// writes the same bytes; and it matches json.Marshal on every rune, on
// invalid UTF-8 and on mixed strings.
func TestJSONString(t *testing.T) {
	check := func(s string) {
		t.Helper()
		want, _ := json.Marshal(s)
		if got := appendJSONString([]byte("x"), s); !bytes.Equal(got[1:], want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got[1:], want)
		}
	}
	for r := rune(0); r <= utf8.MaxRune; r++ {
		s := string(r)
		if jsonPlain(s) {
			// the fast path: check it directly, json.Marshal of every rune is slow
			if want, _ := json.Marshal(s); string(want) != `"`+s+`"` {
				t.Errorf("jsonPlain(%q), but json.Marshal writes %s", s, want)
			}
		} else {
			check(s)
		}
	}
	for _, s := range []string{
		"", "samenwerking", "Samen creëren: ideeën", "<script>alert(1)</script>", "R&D", `"quote" \ back`,
		"tab\tnew\nline", "\u2028\u2029", "\x7f", "\xff", "a\xc3", "\xed\xa0\x80", "ok \xe2\x80 cut", "😀 €",
		strings.Repeat("lang ", 100),
	} {
		check(s)
	}
}

// TestFilesAreMarshal: the term shards and result files written by hand are
// what json.Marshal gives for their contents.
func TestFilesAreMarshal(t *testing.T) {
	docs := append(fixtureDocs(), synthDocsSized(60, 800)...)
	docs[1].Title = "Quotes \"hier\" & <daar> \u2028 😀"
	docs[2].Summary = "Backslash \\ en tab\t en \x7f"
	docs[3].Text += " Ελλάδα ΣΟΦΙΑ 東京 naïef"
	w, _ := write(t, docs, Options{ShardBytes: 2 << 10, DocBytes: 1 << 10})
	var shards, rows int
	for name, data := range w {
		base := name[strings.LastIndexByte(name, '/')+1:]
		var v any
		switch base[0] {
		case 's':
			v = &shard{}
			shards++
		case 'd':
			v = &[][4]string{}
			rows++
		default:
			continue
		}
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want, _ := json.Marshal(v); !bytes.Equal(data, want) {
			t.Errorf("%s differs from json.Marshal of its contents:\n%s\n%s", name, data, want)
		}
	}
	if shards < 2 || rows < 2 {
		t.Errorf("%d shards, %d result files: want several of each", shards, rows)
	}
}
