//go:build !amd64 || purego

package search

import "sync/atomic"

// prefetch sets homes[k] to hashes[k]>>shift, the place of hash k in
// entries, for the first n hashes, and loads the first word of those
// entries, so that
// they are in the cache when they are looked up (see prefetch_amd64.go).
// The loads' misses overlap each other, but hold up the work after them
// once the processor's window is full. It returns the sum of what it
// loaded, for the caller to keep: a load whose value is not used could be
// dropped.
func prefetch(entries []sharedEntry, hashes *[lookAhead]uint64, homes *[lookAhead]uint32, n int, shift uint) uint64 {
	var sum uint64
	for k, h := range hashes[:n] {
		homes[k] = uint32(h >> (shift & 63))
		sum += atomic.LoadUint64(&entries[homes[k]].k0)
	}
	return sum
}
