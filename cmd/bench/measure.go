package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// sample is one run of a process.
type sample struct {
	Wall time.Duration
	CPU  time.Duration // user + system
	RSS  int64         // peak resident set, bytes
}

// run runs a command to its end and measures it. The command's stderr is
// returned for its own figures ("built 10412 pages").
//
// It first writes out what earlier runs left in the page cache (sync), so
// that the kernel writing their files back (gigabytes at 50,000 pages) is
// not timed as part of this run.
func run(name string, args ...string) (sample, string, error) {
	syscall.Sync()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Start()
	var peak func() int64
	if err == nil {
		peak = watchPeak(cmd.Process.Pid)
		err = cmd.Wait()
	}
	wall := time.Since(start)
	if err != nil {
		return sample{}, stderr.String(), fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	st := cmd.ProcessState
	s := sample{Wall: wall, CPU: st.UserTime() + st.SystemTime(), RSS: peak()}
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok && s.RSS == 0 {
		s.RSS = int64(ru.Maxrss) * 1024 // kilobytes on Linux
	}
	return s, stderr.String(), nil
}

// watchPeak follows the peak resident memory of process pid (VmHWM in
// /proc/PID/status, which only grows) until the returned func is called,
// which returns it in bytes, or 0 where there is no such file.
//
// Not the child's rusage: Linux starts a process's peak at exec from the
// memory it ran in before, which for a child of os/exec is this process's
// (they share it until the exec), so every child reported at least the
// benchmark's own peak: 200 MB for the 10,000-page floor, whose own is 20.
// What this misses is growth in the last few milliseconds of a process.
func watchPeak(pid int) func() int64 {
	var peak atomic.Int64
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		status := fmt.Sprintf("/proc/%d/status", pid)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			if kb, ok := vmHWM(status); ok {
				peak.Store(kb * 1024)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		<-stopped
		return peak.Load()
	}
}

// vmHWM reads the VmHWM line of a /proc status file, in kilobytes; false
// once the process has exited.
func vmHWM(status string) (int64, bool) {
	b, err := os.ReadFile(status)
	if err != nil {
		return 0, false
	}
	_, rest, ok := bytes.Cut(b, []byte("\nVmHWM:"))
	if !ok {
		return 0, false // a zombie has no memory left to report
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(string(line)), " kB"), 10, 64)
	return kb, err == nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// summary is the median of several samples, each figure on its own.
type summary struct {
	Runs int
	Wall time.Duration
	CPU  time.Duration
	RSS  int64
}

func summarise(ss []sample) summary {
	if len(ss) == 0 {
		return summary{}
	}
	var walls, cpus []time.Duration
	var rss []int64
	for _, s := range ss {
		walls = append(walls, s.Wall)
		cpus = append(cpus, s.CPU)
		rss = append(rss, s.RSS)
	}
	return summary{Runs: len(ss), Wall: median(walls), CPU: median(cpus), RSS: median(rss)}
}

// median returns the middle value (the lower middle for an even count).
func median[T int64 | time.Duration | float64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

// machine describes where the benchmark ran.
type machine struct {
	CPU     string
	Cores   int
	Memory  string
	Kernel  string
	Go      string
	Hugo    string
	Load    string
	Date    string
	Commit  string
	WorkFS  string // the file system the sites are built on (see mountOf)
	Started time.Time
}

func describeMachine(hugo string) machine {
	m := machine{Cores: runtime.NumCPU(), Go: goVersion(), Started: time.Now()}
	m.Date = m.Started.UTC().Format("2006-01-02 15:04 UTC")
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "MemTotal:") {
				fmt.Sscanf(strings.TrimPrefix(line, "MemTotal:"), "%d", &kb)
			}
		}
		m.Memory = fmt.Sprintf("%.0f GB", float64(kb)/1e6*1.024)
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		m.Load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	if out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output(); err == nil {
		m.Commit = strings.TrimSpace(string(out))
	}
	if hugo != "" {
		if out, err := exec.Command(hugo, "version").Output(); err == nil {
			f := strings.Fields(string(out))
			if len(f) > 1 {
				m.Hugo = f[1]
			}
		}
	}
	return m
}

// mountOf describes the file system that holds dir, from /proc/mounts: its
// type, device and mount point, and for ext4 whether it has a journal. File
// creation, a good part of a build, costs very differently from one file
// system to another (see the report).
func mountOf(dir string) string {
	m, ok := mountEntry(dir)
	if !ok {
		return ""
	}
	desc := fmt.Sprintf("%s on %s, mounted at %s", m.fsType, m.device, m.point)
	if m.withoutJournal() {
		desc += ", without a journal"
	}
	return desc
}

// deletesAreSlow says whether dir is on ext4 without a journal, where
// creating files is several times slower for minutes after a mass delete
// (the kernel skips recently deleted inodes one by one).
func deletesAreSlow(dir string) bool {
	m, ok := mountEntry(dir)
	return ok && m.withoutJournal()
}

// mount is a line of /proc/mounts.
type mount struct{ device, point, fsType string }

func (m mount) withoutJournal() bool {
	if m.fsType != "ext4" {
		return false
	}
	// The kernel lists a journal of each ext4 device under /proc/fs/jbd2.
	j, _ := filepath.Glob("/proc/fs/jbd2/" + filepath.Base(m.device) + "-*")
	return len(j) == 0
}

// mountEntry returns the mount that holds dir: the one with the longest
// mount point that dir is in.
func mountEntry(dir string) (mount, bool) {
	b, err := os.ReadFile("/proc/mounts")
	if err != nil {
		return mount{}, false
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	var best mount
	found := false
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		point := strings.ReplaceAll(f[1], `\040`, " ")
		inside := dir == point || strings.HasPrefix(dir, strings.TrimSuffix(point, "/")+"/")
		if inside && (!found || len(point) >= len(best.point)) {
			best, found = mount{device: f[0], point: point, fsType: f[2]}, true
		}
	}
	return best, found
}

func goVersion() string {
	if out, err := exec.Command("go", "env", "GOVERSION").Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	return runtime.Version()
}

// loadNow returns the one-minute load average, to note how busy the shared
// machine was.
func loadNow() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}
