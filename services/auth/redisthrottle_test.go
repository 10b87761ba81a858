package auth_test

import (
	"testing"
	"time"

	"appconfig-console/internal/redistest"
	"appconfig-console/services/auth"
)

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
