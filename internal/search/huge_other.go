//go:build !linux

package search

// hugeSlice returns a slice of n zero Ts (on Linux, backed by huge pages
// where it is large: see huge_linux.go).
func hugeSlice[T any](n int) []T { return make([]T, n) }
