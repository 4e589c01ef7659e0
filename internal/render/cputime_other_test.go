//go:build !unix

package render

import "time"

// cpuTime is not measured here: BenchmarkRender reports 0 cpu-ms/op.
func cpuTime() time.Duration { return 0 }
