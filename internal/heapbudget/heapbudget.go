// Package heapbudget paces the garbage collector of a one-off build to a
// memory budget.
//
// A build keeps its site model to the end while making much short-lived
// garbage. Go's default (GOGC=100: collect when the heap has grown by as much
// as is live) lets the heap reach twice the live data; collecting at half
// that growth (GOGC=50) keeps the peak lower but collects twice as often,
// about a tenth of a 10,000-page build's CPU. A budget gets the cheaper pace
// while the heap is small and the thrifty one only when it must: after each
// collection the next heap goal is set to twice the live heap, lowered to
// the budget where that would pass it, but never below 1.5 times the live
// heap. Unlike a runtime memory limit (GOMEMLIMIT), a site whose live data
// outgrows the budget never makes the collector run back to back.
//
// A small heap may grow to a quarter of the budget before it is collected
// (Floor): Go's pace starts at a 4 MB goal, and a 10,000-page build made 10
// of its 23 collections before its live heap reached 50 MB. The floor took
// it to 13 collections and 3% less CPU, and the peak, reached at the end of
// a build, stays where the budget puts it.
package heapbudget

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// ForContent is the budget of a one-off build of contentBytes of content:
// 384 MB, or 4.75 bytes for every byte of content where that is more. It
// keeps a 10,000-page build (81 MB of Markdown) under 600 MB of peak memory
// (make bench), as its resident memory runs above the heap goal. A larger
// site gets a budget in proportion, so that it is built at the same pace and
// its time grows with its size: with 384 MB for every size, a 50,000-page
// build collected at GOGC=50 from its first seconds on.
func ForContent(contentBytes int64) uint64 {
	return max(MinBudget, uint64(max(contentBytes, 0))*19/4)
}

// MinBudget is the budget of a one-off build before its content is known.
const MinBudget = 384 << 20

// The pace stays between these GOGC values, once the heap has reached the
// floor.
const (
	Thrifty = 50
	Default = 100
)

// Floor is the heap goal for a small heap: a quarter of the budget.
func Floor(budget uint64) uint64 { return budget / 4 }

// minHeap is the runtime's smallest goal at GOGC=100: it scales with GOGC.
const minHeap = 4 << 20

// Percent is the GOGC value that puts the next heap goal, live*(1+GOGC/100),
// at the budget, within [Thrifty, Default]; or at the floor, where that is
// more than twice the live heap.
func Percent(live, budget uint64) int {
	if floor := Floor(budget); 2*live < floor {
		// the goal is at least minHeap*GOGC/100, however little is live
		live = max(live, minHeap)
		return int(min(100*(floor-live)/live, 1<<20)) // within int32, as the runtime keeps it
	}
	if budget >= 2*live {
		return Default
	}
	if 2*budget <= 3*live {
		return Thrifty
	}
	return int(100 * (budget - live) / live) // between 50 and 100 here
}

// A Pacer paces the collector to a budget, which may change as it runs.
type Pacer struct {
	budget atomic.Uint64

	mu      sync.Mutex // so that no pacing lands after Stop's
	stopped bool
	before  int // GOGC when it started
}

// Start paces the collector to budget bytes of heap until Stop.
func Start(budget uint64) *Pacer {
	p := &Pacer{}
	p.budget.Store(budget)
	p.before = debug.SetGCPercent(Percent(liveHeap(), budget))
	afterEachGC(func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.stopped {
			debug.SetGCPercent(Percent(liveHeap(), p.budget.Load()))
		}
		return !p.stopped
	})
	return p
}

// SetBudget changes the budget from the next collection on.
func (p *Pacer) SetBudget(budget uint64) { p.budget.Store(budget) }

// Stop puts back the GOGC value from before Start.
func (p *Pacer) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	debug.SetGCPercent(p.before)
}

var liveSample = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

// liveHeap is the heap marked live by the last collection.
func liveHeap() uint64 {
	s := []metrics.Sample{liveSample[0]} // a copy: Read writes into it
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// afterEachGC calls f soon after every collection while f returns true. It
// hangs f on the cleanup of an unreachable object, which runs once a
// collection has found it dead, and then arms a new one.
func afterEachGC(f func() bool) {
	type sentinel struct{ _ [16]byte } // not a tiny allocation, which may share a block and live on
	var arm func()
	arm = func() {
		runtime.AddCleanup(new(sentinel), func(struct{}) {
			if f() {
				arm()
			}
		}, struct{}{})
	}
	arm()
}
