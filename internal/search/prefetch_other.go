//go:build !amd64 || purego

package search

import "sync/atomic"

// prefetch loads the first word of the first n entries of addrs, so that
// they are in the cache when they are looked up (see prefetch_amd64.go).
// The loads' misses overlap each other, but hold up the work after them
// once the processor's window is full. It returns the sum of what it
// loaded, for the caller to keep: a load whose value is not used could be
// dropped.
func prefetch(addrs *[lookAhead]*sharedEntry, n int) uint64 {
	var sum uint64
	for _, e := range addrs[:n] {
		sum += atomic.LoadUint64(&e.k0)
	}
	return sum
}
