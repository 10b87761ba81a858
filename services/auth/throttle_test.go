package auth_test

import (
	"testing"
	"time"

	"appconfig-console/internal/redistest"
	"appconfig-console/services/auth"
)

// testPolicy is the throttle policy of the tests: three free failures, then waits doubling from a second up to eight.
var testPolicy = auth.ThrottlePolicy{FreeFailures: 3, BaseDelay: time.Second, MaxDelay: 8 * time.Second, Window: time.Minute, MaxSubjects: 10}

// testBackoff is the wait testPolicy imposes after each failure of a run.
var testBackoff = []struct {
	failure int
	want    time.Duration
}{{1, 0}, {2, 0}, {3, 0}, {4, time.Second}, {5, 2 * time.Second}, {6, 4 * time.Second}, {7, 8 * time.Second}, {8, 8 * time.Second}}

// throttle is what both sign-in throttles do.
type throttle interface {
	Wait(subjects ...string) time.Duration
	Failed(subjects ...string) time.Duration
	Succeeded(subjects ...string)
}

// checkBackoff fails addr testBackoff's failures, alternately on a and b (replicas of one throttle, or one throttle
// twice), checking the wait each failure imposes on both; then checks that another address does not wait, and that
// the wait is over once the clock has moved on by the longest wait.
func checkBackoff(t *testing.T, a, b throttle, addr string, now *time.Time) {
	t.Helper()
	for _, tt := range testBackoff {
		on, other := a, b
		if tt.failure%2 == 0 {
			on, other = b, a
		}
		if got := on.Failed(addr); got != tt.want {
			t.Errorf("failure %d: wait %v, want %v", tt.failure, got, tt.want)
		}
		if got := other.Wait(addr); got != tt.want {
			t.Errorf("after failure %d, the other replica's Wait = %v, want %v", tt.failure, got, tt.want)
		}
	}
	if got := a.Wait(auth.AddressSubject("192.0.2.2")); got != 0 {
		t.Errorf("another address waits %v", got)
	}
	*now = now.Add(8 * time.Second)
	if got := b.Wait(addr); got != 0 {
		t.Errorf("after the wait: %v", got)
	}
}

func TestThrottleGrowsTheWaitAfterTheFreeFailures(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 10, 8, 9, 30, 0, 0, time.UTC)
	th := auth.NewThrottle(testPolicy, func() time.Time { return now })
	addr := auth.AddressSubject("192.0.2.1")
	checkBackoff(t, th, th, addr, &now)
	if got := th.Failed(addr); got != 8*time.Second {
		t.Errorf("a failure after the wait, within the window, waits %v, want the cap", got)
	}
	now = now.Add(2 * time.Minute)
	th.Failed(auth.AddressSubject("192.0.2.3")) // prunes the subjects past the window
	if got := th.Failed(addr); got != 0 {
		t.Errorf("a failure after the window waits %v: the old failures were not forgotten", got)
	}
}

func TestThrottleKeySubjectsAndSuccess(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 10, 8, 9, 30, 0, 0, time.UTC)
	th := auth.NewThrottle(auth.ThrottlePolicy{FreeFailures: 1, BaseDelay: time.Second, MaxDelay: time.Minute, Window: time.Hour, MaxSubjects: 3},
		func() time.Time { return now })
	key := auth.KeySubject("abcdefgh-rest-of-a-key")
	if key != auth.KeySubject("abcdefgh-another-key") || key == auth.KeySubject("zbcdefgh-rest-of-a-key") {
		t.Error("key subjects are not made of the key's first 8 characters")
	}
	if len(key) > 24 || key[4:] == "abcdefgh" {
		t.Errorf("key subject %q keeps the key's characters", key)
	}
	th.Failed(key)
	if w := th.Failed(key); w != time.Second {
		t.Fatalf("second failure waits %v", w)
	}
	th.Succeeded(key)
	if w := th.Wait(key); w != 0 {
		t.Errorf("after a success the key still waits %v", w)
	}
	// The throttle remembers at most MaxSubjects subjects, forgetting the oldest first.
	for i, a := range []string{"a", "b", "c", "d"} {
		now = now.Add(time.Duration(i) * time.Second)
		th.Failed(auth.AddressSubject(a))
		th.Failed(auth.AddressSubject(a))
	}
	if w := th.Wait(auth.AddressSubject("a")); w != 0 {
		t.Errorf("the oldest subject is still remembered beyond the bound (wait %v)", w)
	}
	if w := th.Wait(auth.AddressSubject("d")); w == 0 {
		t.Error("the newest subject was forgotten")
	}
}

// TestRedisThrottleIsSharedByReplicas: failures counted by one replica make the next attempt on another wait, as
// Throttle does in one process; a success on either forgets them.
func TestRedisThrottleIsSharedByReplicas(t *testing.T) {
	server := redistest.Start(t)
	now := time.Date(2025, 10, 8, 9, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	policy := testPolicy
	a := auth.NewRedisThrottle(policy, clock, server.Client())
	b := auth.NewRedisThrottle(policy, clock, server.Client())
	addr := auth.AddressSubject("192.0.2.1")
	checkBackoff(t, a, b, addr, &now)
	if ttl := server.Client().PTTL(t.Context(), "console:signin-throttle:"+addr).Val(); ttl <= 0 || ttl > policy.Window {
		t.Errorf("the subject's failures expire in %v, want within the window %v", ttl, policy.Window)
	}
	a.Succeeded(addr)
	if got := b.Failed(addr); got != 0 {
		t.Errorf("after a success, the next failure waits %v", got)
	}
	server.Stop()
	if got, got2 := a.Wait(addr), a.Failed(addr); got != 0 || got2 != 0 {
		t.Errorf("without Redis: Wait %v, Failed %v; want attempts let through", got, got2)
	}
}
