package search

import (
	"bytes"
	"testing"
)

// memWriter keeps written files in memory.
type memWriter map[string][]byte

func (m memWriter) WriteFile(name string, data []byte) error {
	m[name] = bytes.Clone(data)
	return nil
}

func TestSynthetic10000(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: indexes 10,000 generated pages")
	}
	docs := synth10000()
	w := memWriter{}
	res, err := Write(w, docs, Options{Measure: true})
	if err != nil {
		t.Fatal(err)
	}
	st := res.Stats
	t.Logf("%+v", st)
	t.Logf("warnings: %q", res.Warnings)
	if st.FirstQueryMax > 150_000 {
		t.Errorf("worst first query downloads %d bytes gzipped, want <= 150,000", st.FirstQueryMax)
	}
	if st.Files < 50 || st.Files > 1000 {
		t.Errorf("%d files, want hundreds", st.Files)
	}
	var biggest int
	for name, data := range w {
		if len(data) > biggest {
			biggest = len(data)
			_ = name
		}
	}
	t.Logf("largest file %d bytes", biggest)
}
