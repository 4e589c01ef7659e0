package search

import (
	"slices"
	"testing"
)

func TestNumbers(t *testing.T) {
	tests := []struct {
		in   []uint32
		want string
	}{
		{nil, ""},
		{[]uint32{0, 31}, "0V"},
		{[]uint32{32}, "X0"},
		{[]uint32{1023}, "_V"},
		{[]uint32{2047, 5}, "X_V5"},
		{[]uint32{1<<27 - 1}, "Z____V"},
	}
	for _, tt := range tests {
		var b []byte
		for _, n := range tt.in {
			b = appendNum(b, n)
		}
		if string(b) != tt.want {
			t.Errorf("encode %v = %q, want %q", tt.in, b, tt.want)
		}
		got, ok := decodeNums(string(b))
		if !ok || !slices.Equal(got, tt.in) && len(tt.in) > 0 {
			t.Errorf("decode %q = %v, %v; want %v", b, got, ok, tt.in)
		}
	}
	for _, n := range []uint32{0, 1, 31, 32, 1000, 1 << 20, 1<<32 - 1} {
		if got, ok := decodeNums(string(appendNum(nil, n))); !ok || len(got) != 1 || got[0] != n {
			t.Errorf("round trip of %d: %v", n, got)
		}
	}
	for _, bad := range []string{"X", "0!", "_"} {
		if _, ok := decodeNums(bad); ok {
			t.Errorf("decode %q: want failure", bad)
		}
	}
}
