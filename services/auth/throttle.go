package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// ThrottlePolicy says how failed sign-ins slow down further attempts.
type ThrottlePolicy struct {
	// FreeFailures is how many failures a subject may have before it must wait.
	FreeFailures int
	// BaseDelay is the wait after the first failure beyond the free ones; each further failure doubles it.
	BaseDelay time.Duration
	// MaxDelay caps the wait.
	MaxDelay time.Duration
	// Window is how long a failure is remembered after the subject's last failure.
	Window time.Duration
	// MaxSubjects bounds how many subjects are remembered; the oldest are forgotten first when it is reached.
	MaxSubjects int
}

// DefaultThrottlePolicy lets 5 failures through, then makes each further attempt wait 1 s, 2 s, 4 s ... up to 5 minutes,
// and forgets a subject 15 minutes after its last failure.
var DefaultThrottlePolicy = ThrottlePolicy{FreeFailures: 5, BaseDelay: time.Second, MaxDelay: 5 * time.Minute,
	Window: 15 * time.Minute, MaxSubjects: 100_000}

// failures is what a Throttle remembers of one subject.
type failures struct {
	count int
	last  time.Time
	until time.Time
}

// Throttle counts failed sign-ins per subject (a client address, an API key's prefix) and says how long a subject
// must wait before IAM is asked again.
type Throttle struct {
	policy ThrottlePolicy
	now    func() time.Time

	mu        sync.Mutex
	subjects  map[string]*failures
	lastPrune time.Time
}

// NewThrottle returns a Throttle with policy and clock now.
func NewThrottle(policy ThrottlePolicy, now func() time.Time) *Throttle {
	return &Throttle{policy: policy, now: now, subjects: map[string]*failures{}}
}

// AddressSubject is the subject of a client address.
func AddressSubject(addr string) string { return "addr:" + addr }

// KeySubject is the subject of an API key's first characters; only a hash of them is kept.
func KeySubject(apiKey string) string {
	prefix := apiKey[:min(len(apiKey), 8)]
	sum := sha256.Sum256([]byte(prefix))
	return "key:" + hex.EncodeToString(sum[:8])
}

// Wait returns how long the longest-waiting of subjects must still wait; 0 lets the attempt through.
func (t *Throttle) Wait(subjects ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	for _, s := range subjects {
		if f, ok := t.subjects[s]; ok && f.until.After(now) {
			wait = max(wait, f.until.Sub(now))
		}
	}
	return wait
}

// Failed records a failed sign-in of each subject and returns the wait that now applies to the next attempt.
func (t *Throttle) Failed(subjects ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.forgetOld(now)
	var wait time.Duration
	for _, s := range subjects {
		f, ok := t.subjects[s]
		if !ok {
			f = &failures{}
			t.subjects[s] = f
		}
		f.count++
		f.last = now
		if over := f.count - t.policy.FreeFailures; over > 0 {
			delay := t.policy.MaxDelay
			if over <= 30 {
				delay = min(t.policy.BaseDelay<<(over-1), t.policy.MaxDelay)
			}
			f.until = now.Add(delay)
			wait = max(wait, delay)
		}
	}
	return wait
}

// Succeeded forgets the failures of subjects.
func (t *Throttle) Succeeded(subjects ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, s := range subjects {
		delete(t.subjects, s)
	}
}

// forgetOld drops, at most once a minute, the subjects whose last failure is older than the window and who need not
// wait; and when MaxSubjects are still remembered, the one with the oldest failure.
func (t *Throttle) forgetOld(now time.Time) {
	if now.Sub(t.lastPrune) >= time.Minute {
		t.lastPrune = now
		for s, f := range t.subjects {
			if now.Sub(f.last) > t.policy.Window && !f.until.After(now) {
				delete(t.subjects, s)
			}
		}
	}
	if len(t.subjects) < t.policy.MaxSubjects {
		return
	}
	oldest, oldestAt := "", now
	for s, f := range t.subjects {
		if !f.last.After(oldestAt) {
			oldest, oldestAt = s, f.last
		}
	}
	delete(t.subjects, oldest)
}
