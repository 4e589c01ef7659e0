package main

import (
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// TestRunMeasuresTheChildsOwnPeak runs a child that touches 40 MB while
// this process holds 200 MB: the child's rusage would report this
// process's 200 MB (see watchPeak), and run must report about 40.
func TestRunMeasuresTheChildsOwnPeak(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak memory is read from /proc")
	}
	if mb, err := strconv.Atoi(os.Getenv("BENCH_TEST_TOUCH_MB")); err == nil {
		touch(mb) // the child
		return
	}
	held := touch(200)
	t.Setenv("BENCH_TEST_TOUCH_MB", "40")
	s, out, err := run(os.Args[0], "-test.run=^TestRunMeasuresTheChildsOwnPeak$")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if s.RSS < 40<<20 || s.RSS > 120<<20 {
		t.Errorf("child's peak RSS %d MB, want 40 MB and a test binary's few more (this process holds %d MB)", s.RSS>>20, len(held)>>20)
	}
	runtime.KeepAlive(held)
}

// touch allocates mb megabytes and writes every page of them, then waits a
// little so that the peak is seen before the process ends.
func touch(mb int) []byte {
	b := make([]byte, mb<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	time.Sleep(50 * time.Millisecond)
	return b
}
