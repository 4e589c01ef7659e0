//go:build !purego

package search

import "unsafe"

// prefetch sets homes[k] to hashes[k]>>shift, the place of hash k in
// entries, for the first n hashes, and asks for the cache lines of those
// entries with
// PREFETCHT0: unlike a load, a prefetch is done with at once, so the work
// after it goes on while the lines come (a load that misses holds up the
// instructions after it once the processor's window of them is full).
// With add's two batches, in builds of 10,000 pages it took the wait for
// the shared table from about 0.19 to 0.07 s a build and Index.Body from
// 0.9 to 0.8 s (medians of 5 profiles of two builds each); BodyPagesKnown
// went down by 10 to 25% (medians of 8 alternating runs: 397 -> 354 and
// 425 -> 322 cpu-ms). It returns 0 (see the fallback in prefetch_other.go).
//
//go:noescape
func prefetch(entries []sharedEntry, hashes *[lookAhead]uint64, homes *[lookAhead]uint32, n int, shift uint) uint64

// prefetch_amd64.s takes an entry for 32 bytes: this fails to compile if
// it is not.
const _ = uint(unsafe.Sizeof(sharedEntry{})-32) + uint(32-unsafe.Sizeof(sharedEntry{}))
