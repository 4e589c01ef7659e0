// Package watch reports changes to a site's source folders (content/,
// layouts/ and static/) as batches of [Change], one batch per burst of
// activity. It is the first stage of the dev server's loop: watch -> rebuild
// -> reload. It knows nothing about builds; serve connects it to build.
//
// # What it reports
//
// Each [Change] names a file by its slash-separated path relative to the site
// root, with the [Kind] of folder it lies in and an [Op]: Create, Write or
// Remove. Ops are differences between states, not a replay of file-system
// events: whoever starts from the files present when [New] returned and applies
// every batch in order knows the files present now. So an editor's save by
// rename (vim: write "4913" to probe, rename "x.md" to "x.md~", write "x.md",
// delete "x.md~"; JetBrains: write "x.md___jb_tmp___", rename it over "x.md")
// comes out as one Write of "x.md"; a file created and deleted within one burst
// does not come out at all; a new folder comes out as a Create of every file
// inside, also of files written before the watcher saw the folder; a removed or
// renamed folder as a Remove of every file it held. A Write may now and then
// be reported for a file whose bytes did not change; a real change is never
// missed.
//
// Ignored: everything outside content/, layouts/ and static/ (such as the
// public/ output), and editor and OS droppings, dot files and dot folders (see
// [junk.Is]). Symlinks are reported as paths but never followed.
//
// # How
//
// fsnotify does not watch recursively, so the [Watcher] watches the site root
// (to see the three folders appear) and every folder below them, adding a
// watch for each new folder before listing it and dropping the watches of
// removed ones. Events only mark paths dirty; after Options.Debounce without
// events (or Options.MaxDelay after the first, so a never-ending burst still
// flushes) the dirty paths are compared with the watcher's picture of the tree
// and the differences form the batch. If the consumer is still busy with the
// previous batch, the next one merges into it instead of queueing, so a slow
// rebuild is followed by one rebuild covering everything that changed meanwhile.
// When the kernel's event queue overflows, the whole tree is compared.
//
// With Options.Poll there are no events: the whole tree is compared every
// Options.PollInterval (by size, modification time and file identity). Use it
// on file systems that deliver no events (Docker volumes, WSL2, network drives).
package watch

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options configure a Watcher.
type Options struct {
	Root string // the site folder, holding content/ and optionally layouts/ and static/; required

	Debounce time.Duration // quiet time that ends a burst; default 20 ms (defaultDebounce)
	MaxDelay time.Duration // longest time from a burst's first event to its batch; default 1 s

	Poll         bool          // compare the tree every PollInterval instead of listening for events
	PollInterval time.Duration // default 500 ms

	// OnError, if set, receives problems that do not stop watching: a folder
	// that could not be watched (too many watches), an fsnotify error.
	// It is called from the watcher's goroutine and must not block for long.
	OnError func(error)
}

// defaultDebounce is short: an editor saves a file within a few
// milliseconds, its temporary file and rename included, and the quiet time is
// part of every edit-to-served-page (50 ms of it made a 10,000-page site's
// 103 ms; 20 ms, 70 ms). A longer burst, a git checkout, is not lost: what
// changes while a rebuild runs merges into the next batch.
const defaultDebounce = 20 * time.Millisecond

// Watcher watches one site. Create it with [New], read [Watcher.Batches], and
// [Watcher.Close] it when done.
type Watcher struct {
	opts    Options
	root    string            // from Options.Root, cleaned
	tree    *tree             // the picture of the files, as last reported; owned by loop
	fsw     *fsnotify.Watcher // nil when polling
	batches chan []Change     // unbuffered: a batch not yet taken merges with the next
	done    chan struct{}     // closed by Close
	exited  chan struct{}     // closed when loop returns
	close   sync.Once
}

// New watches the site at opts.Root. When it returns, the watcher knows every
// file present; changes from then on arrive on Batches. So a consumer should
// call New first and build second: nothing changed during the build is lost.
func New(opts Options) (*Watcher, error) {
	if opts.Root == "" {
		return nil, errors.New("watch: no root folder")
	}
	if fi, err := os.Stat(opts.Root); err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("watch: %s is not a folder", opts.Root)
	}
	if opts.Debounce <= 0 {
		opts.Debounce = defaultDebounce
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = time.Second
	}
	if opts.MaxDelay < opts.Debounce {
		opts.MaxDelay = opts.Debounce
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 500 * time.Millisecond
	}
	w := &Watcher{
		opts:    opts,
		root:    filepath.Clean(opts.Root),
		batches: make(chan []Change),
		done:    make(chan struct{}),
		exited:  make(chan struct{}),
	}
	w.tree = newTree(os.DirFS(w.root))
	if !opts.Poll {
		fsw, err := fsnotify.NewWatcher()
		if err != nil {
			return nil, fmt.Errorf("watch: %w (try polling)", err)
		}
		w.fsw = fsw
		if err := fsw.Add(w.root); err != nil {
			fsw.Close()
			return nil, fmt.Errorf("watch: %w", err)
		}
		w.tree.watch = w.addWatch
		w.tree.unwatch = w.removeWatch
	}
	w.tree.sync(".", false, batch{}) // learn the tree; its files are the starting state, not changes
	go w.loop()
	return w, nil
}

// Batches delivers one batch of Changes per burst, sorted by path, never
// empty. It is closed by Close.
func (w *Watcher) Batches() <-chan []Change { return w.batches }

// Close stops watching and closes the Batches channel. It is safe to call
// more than once.
func (w *Watcher) Close() error {
	var err error
	w.close.Do(func() {
		close(w.done)
		<-w.exited
		if w.fsw != nil {
			err = w.fsw.Close()
		}
	})
	return err
}

// loop owns the tree: it collects dirty paths from events (or polls), turns
// them into batches and hands them out.
func (w *Watcher) loop() {
	defer close(w.exited)
	defer close(w.batches)

	var (
		dirty   = map[string]bool{} // rel path -> named by a content event (not just a chmod)
		pending = batch{}           // made, not yet taken by the consumer
		list    []Change            // pending.list(), or nil when pending changed
		quiet   = stoppedTimer()    // fires Debounce after the last event
		maxWait = stoppedTimer()    // fires MaxDelay after the first event of a burst
		waiting bool                // maxWait is running
		events  <-chan fsnotify.Event
		errs    <-chan error
		tick    <-chan time.Time
	)
	if w.fsw != nil {
		events, errs = w.fsw.Events, w.fsw.Errors
	} else {
		t := time.NewTicker(w.opts.PollInterval)
		defer t.Stop()
		tick = t.C
	}
	defer quiet.Stop()
	defer maxWait.Stop()

	mark := func(rel string, touched bool) {
		dirty[rel] = dirty[rel] || touched
		quiet.Reset(w.opts.Debounce)
		if !waiting {
			maxWait.Reset(w.opts.MaxDelay)
			waiting = true
		}
	}
	flush := func() {
		quiet.Stop()
		maxWait.Stop()
		waiting = false
		w.syncDirty(dirty, pending)
		clear(dirty)
		list = nil
	}

	for {
		var out chan []Change
		if len(pending) > 0 {
			out = w.batches
			if list == nil {
				list = pending.list()
			}
		}
		select {
		case <-w.done:
			return
		case out <- list:
			pending, list = batch{}, nil
		case ev, ok := <-events:
			if !ok {
				return
			}
			rel, ok := w.rel(ev.Name)
			if !ok {
				continue
			}
			mark(rel, ev.Op&^fsnotify.Chmod != 0)
		case err, ok := <-errs:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				mark(".", false) // events were lost: compare everything
				continue
			}
			w.report(err)
		case <-quiet.C:
			flush()
		case <-maxWait.C:
			flush()
		case <-tick:
			w.tree.sync(".", false, pending)
			list = nil
		}
	}
}

// syncDirty syncs every dirty path into b: first the paths that are gone, so
// that the watches of a renamed folder are dropped before those of its new
// name are added (inotify may hand out the same watch for both), then the rest.
func (w *Watcher) syncDirty(dirty map[string]bool, b batch) {
	var gone, present []string
	for _, rel := range slices.Sorted(maps.Keys(dirty)) {
		if _, err := os.Lstat(filepath.Join(w.root, filepath.FromSlash(rel))); err != nil {
			gone = append(gone, rel)
		} else {
			present = append(present, rel)
		}
	}
	for _, rel := range append(gone, present...) {
		w.tree.sync(rel, dirty[rel], b)
	}
}

// rel turns an event's path into a slash path relative to the root, and
// reports whether the watcher cares about it.
func (w *Watcher) rel(name string) (string, bool) {
	r, err := filepath.Rel(w.root, name)
	if err != nil {
		return "", false
	}
	r = filepath.ToSlash(r)
	if r == "." {
		return r, true
	}
	_, ok := Classify(r)
	return r, ok
}

func (w *Watcher) addWatch(rel string) {
	if rel == "." {
		return // watched since New
	}
	err := w.fsw.Add(filepath.Join(w.root, filepath.FromSlash(rel)))
	switch {
	case err == nil || errors.Is(err, os.ErrNotExist):
	case errors.Is(err, syscall.ENOSPC):
		w.report(fmt.Errorf("cannot watch %s: the system allows no more watches (raise fs.inotify.max_user_watches, or poll): %w", rel, err))
	default:
		w.report(fmt.Errorf("cannot watch %s: %w", rel, err))
	}
}

func (w *Watcher) removeWatch(rel string) {
	// The watch is often gone already (inotify drops it with the folder).
	_ = w.fsw.Remove(filepath.Join(w.root, filepath.FromSlash(rel)))
}

func (w *Watcher) report(err error) {
	if w.opts.OnError != nil {
		w.opts.OnError(err)
	}
}

func stoppedTimer() *time.Timer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return t
}
