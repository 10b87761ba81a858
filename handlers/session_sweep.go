package handlers

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"appconfig-console/services/auth"
)

// sessionMaxAge is the longest a session lives from sign-in, however active; its files are removed once unused for as long.
const sessionMaxAge = auth.SessionLifetime

// sessionSweepEvery is how often, at most, expired session files are looked for.
const sessionSweepEvery = 10 * time.Minute

// sessionSweeper removes the files of sessions nobody used for longer than a session may live; the filesystem store
// never deletes a session its user did not sign out of.
type sessionSweeper struct {
	dir    string
	maxAge time.Duration
	// last is when the last sweep started, in Unix nanoseconds.
	last atomic.Int64
}

// sweepIfDue starts a sweep in the background unless one started less than sessionSweepEvery ago, or there is no
// sweeper (a store that expires sessions itself); done, when not nil, is called when the sweep is over.
func (w *sessionSweeper) sweepIfDue(now time.Time, done func(removed int)) {
	if w == nil {
		return
	}
	last := w.last.Load()
	if now.UnixNano()-last < int64(sessionSweepEvery) || !w.last.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	go func() {
		removed := w.sweep(now)
		if done != nil {
			done(removed)
		}
	}()
}

// sweep removes the session files last written more than maxAge before now and returns how many it removed.
func (w *sessionSweeper) sweep(now time.Time) int {
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		return 0
	}
	removed := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasPrefix(e.Name(), "session_") {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) <= w.maxAge {
			continue
		}
		if os.Remove(filepath.Join(w.dir, e.Name())) == nil {
			removed++
		}
	}
	return removed
}
