//go:build !purego

package search

// prefetch asks for the cache lines of the first n entries of addrs with
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
func prefetch(addrs *[lookAhead]*sharedEntry, n int) uint64
