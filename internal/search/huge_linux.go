//go:build linux

package search

import (
	"syscall"
	"unsafe"
)

// hugeSlice returns a slice of n zero Ts for the shared table of words. A
// slice of 4 MB or more starts at a boundary of 2 MB, and Linux is asked
// to back it with pages of 2 MB (transparent huge pages), where its
// settings allow this (/sys/kernel/mm/transparent_hugepage).
//
// The table is read at random, and with pages of 4 KB most of those reads
// miss the TLB: a page walk each, which in a virtual machine reads the page
// tables of both guest and host. add prefetches the entries (see
// prefetch_amd64.go), but a prefetch waits for its page walk. Measured in
// builds of 10,000 pages (an 8 MB table, two workers, between them the
// Markdown parser; profiles of two builds each, medians of 11): fetch, the
// prefetching, 0.23 -> 0.11 s, so about 0.06 s a build; before the
// prefetching, the wait in lookUp 0.55 -> 0.43 s. Index.Body as a whole
// varies more than that from build to build. BodyPagesKnown alone, with
// nothing else using the TLB, does not change.
func hugeSlice[T any](n int) []T {
	const huge = 2 << 20
	size := unsafe.Sizeof(*new(T))
	if uintptr(n)*size < 2*huge || huge%size != 0 {
		return make([]T, n)
	}
	s := make([]T, n+int(huge/size))
	off := (huge - uintptr(unsafe.Pointer(unsafe.SliceData(s)))%huge) % huge / size
	s = s[off : off+uintptr(n) : off+uintptr(n)]
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), uintptr(n)*size&^(huge-1))
	// Errors do not matter: without huge pages, the table has small ones.
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
	// Memory the heap used before has small pages already, which only
	// khugepaged would join, in its own time: MADV_COLLAPSE joins them
	// now (Linux 6.1 and later; it fails on pages not touched yet, which
	// get huge pages when first touched).
	_ = syscall.Madvise(b, madvCollapse)
	return s
}

// madvCollapse is MADV_COLLAPSE, which package syscall does not have.
const madvCollapse = 25
