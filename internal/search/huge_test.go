package search

import (
	"runtime"
	"testing"
	"unsafe"
)

// TestHugeSlice: hugeSlice gives n zero entries that can be written, and
// on Linux a large one starts at a boundary of 2 MB. Whether the kernel
// gives huge pages depends on its settings, so that is not tested.
func TestHugeSlice(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 1 << 17, 1 << 18, 1<<18 + 3} {
		s := hugeSlice[sharedEntry](n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("hugeSlice(%d): len %d, cap %d", n, len(s), cap(s))
		}
		for i := range s {
			if s[i] != (sharedEntry{}) {
				t.Fatalf("hugeSlice(%d)[%d] = %v, want zero", n, i, s[i])
			}
			s[i].k0, s[i].val = uint64(i)+1, int32(i)
		}
		for i := range s {
			if s[i].k0 != uint64(i)+1 || s[i].val != int32(i) {
				t.Fatalf("hugeSlice(%d)[%d] = %v after writing", n, i, s[i])
			}
		}
		large := uintptr(n)*unsafe.Sizeof(sharedEntry{}) >= 4<<20
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(s))); runtime.GOOS == "linux" && large && p%(2<<20) != 0 {
			t.Errorf("hugeSlice(%d) starts at %#x, not at a boundary of 2 MB", n, p)
		}
	}
}
