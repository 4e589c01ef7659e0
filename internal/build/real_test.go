package build

import (
	"bytes"
	"testing"

	"github.com/samenopleiden/handboek/internal/output"
)

// TestRealHandbook builds this repository's own content/ (the handbook that
// `make build` publishes) twice: it must have no errors and no warnings, and
// both builds must be byte-identical.
func TestRealHandbook(t *testing.T) {
	b := New(Options{Source: "../.."})
	first := output.NewMem()
	res := b.Build(first)
	if len(res.Problems) > 0 {
		t.Fatalf("the handbook in content/ must build without errors or warnings:\n%s", res.Problems)
	}
	if res.Pages < 50 {
		t.Errorf("only %d pages rendered", res.Pages)
	}
	second := output.NewMem()
	New(Options{Source: "../.."}).Build(second)
	fa, fb := first.Files(), second.Files()
	if len(fa) != len(fb) {
		t.Fatalf("two builds wrote %d and %d files", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two builds of the handbook", name)
		}
	}
}
