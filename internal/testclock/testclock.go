// Package testclock is a clock a test sets and moves on by hand.
package testclock

import (
	"sync"
	"time"
)

// Clock is a time source that stands still until a test moves it.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a clock showing now.
func New(now time.Time) *Clock { return &Clock{now: now} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
