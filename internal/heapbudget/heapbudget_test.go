package heapbudget

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

const mb = 1 << 20

func TestPercent(t *testing.T) {
	tests := []struct {
		live, budget uint64
		want         int
	}{
		{0, 480 * mb, 2900},               // nothing measured yet: the runtime's 4 MB goal raised to the floor, 120 MB
		{1, 480 * mb, 2900},               // as little as nothing
		{10 * mb, 480 * mb, 1100},         // the floor, 120 MB, is more than twice the live heap
		{60 * mb, 480 * mb, Default},      // twice the live heap is the floor
		{100 * mb, 480 * mb, Default},     // twice the live heap fits
		{240 * mb, 480 * mb, Default},     // exactly twice
		{288 * mb, 480 * mb, 66},          // goal lowered to the budget
		{320 * mb, 480 * mb, Thrifty},     // exactly 1.5 times
		{400 * mb, 480 * mb, Thrifty},     // not below 1.5 times
		{2400 * mb, 480 * mb, Thrifty},    // live data far over the budget
		{300 * mb, 450 * mb, Thrifty},     // 1.5 times exactly, other numbers
		{300 * mb, 599 * mb, 99},          // just under twice
		{1, 1 << 40, 1 << 20},             // tiny heap, huge budget: GOGC kept within int32
		{1 << 30, 1 << 40, 25500},         // a floor of 256 GB
		{1 << 40, 1 << 40, Thrifty},       // budget equal to live
		{3 << 40, (9 << 40) / 2, Thrifty}, // large numbers do not overflow
	}
	for _, tt := range tests {
		got := Percent(tt.live, tt.budget)
		if got != tt.want {
			t.Errorf("Percent(%d MB, %d MB) = %d, want %d", tt.live/mb, tt.budget/mb, got, tt.want)
		}
		if got < Thrifty || got > Default && 2*tt.live >= Floor(tt.budget) {
			t.Errorf("Percent(%d, %d) = %d, outside [%d, %d]", tt.live, tt.budget, got, Thrifty, Default)
		}
	}
}

// TestStart checks that the pace follows the live heap after collections
// and its budget, and that Stop puts the old value back.
func TestStart(t *testing.T) {
	old := debug.SetGCPercent(77)
	defer debug.SetGCPercent(old)

	keep := make([][]byte, 0, 64)
	for range 64 {
		keep = append(keep, make([]byte, mb)) // 64 MB live
	}
	runtime.GC()
	live := liveHeap()
	if live < 64*mb {
		t.Fatalf("live heap %d MB, want at least 64 MB", live/mb)
	}
	budget := live * 5 / 4 // below 1.5 times live: the thrifty pace
	p := Start(budget)
	if got := gcPercent(); got != Thrifty {
		t.Errorf("GOGC right after Start = %d, want %d", got, Thrifty)
	}
	p.SetBudget(live * 7 / 4) // the pace follows a new budget at the next collection
	runtime.GC()
	if !waitFor(func() bool { p := gcPercent(); return p > Thrifty+10 && p < Default-10 }) {
		t.Errorf("GOGC after SetBudget(1.75 times live) = %d, want about 75", gcPercent())
	}
	p.SetBudget(budget)

	clear(keep[32:]) // half of it dies: twice the live heap fits the budget
	runtime.GC()
	if !waitFor(func() bool { return gcPercent() == Default }) {
		t.Errorf("GOGC after the live heap shrank = %d, want %d", gcPercent(), Default)
	}

	clear(keep[4:]) // most of it dies: the goal rises to the floor
	runtime.GC()
	if !waitFor(func() bool { return gcPercent() > Default }) {
		t.Errorf("GOGC after the live heap shrank to a tenth = %d, want more than %d", gcPercent(), Default)
	}

	p.Stop()
	if got := gcPercent(); got != 77 {
		t.Errorf("GOGC after Stop = %d, want the 77 from before", got)
	}
	runtime.GC()
	time.Sleep(10 * time.Millisecond) // a cleanup armed before Stop may still run
	if got := gcPercent(); got != 77 {
		t.Errorf("GOGC after Stop and a collection = %d, want 77", got)
	}
	runtime.KeepAlive(keep)
}

func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

// waitFor polls cond for up to ten seconds: cleanups run on their own
// goroutine some time after the collection that found their object dead.
func waitFor(cond func() bool) bool {
	for range 1000 {
		if cond() {
			return true
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

func TestForContent(t *testing.T) {
	for _, tt := range []struct {
		content int64
		want    uint64
	}{
		{-1, MinBudget},
		{0, MinBudget},
		{80 * mb, MinBudget},          // 380 MB: the minimum
		{81 * mb, 81 * mb * 19 / 4},   // 10,000 generated pages: 384.75 MB
		{400 * mb, 400 * mb * 19 / 4}, // 50,000 pages: 1.9 GB
	} {
		if got := ForContent(tt.content); got != tt.want {
			t.Errorf("ForContent(%d MB) = %d MB, want %d MB", tt.content/mb, got/mb, tt.want/mb)
		}
	}
}
