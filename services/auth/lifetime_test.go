package auth_test

import (
	"testing"
	"time"

	"appconfig-console/services/auth"
)

func TestSessionLifetimeAndRenewalWindow(t *testing.T) {
	now := time.Date(2026, 1, 2, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"lifetime: just signed in", auth.LifetimeOver(now, now), false},
		{"lifetime: a second before its end", auth.LifetimeOver(now.Add(-auth.SessionLifetime+time.Second), now), false},
		{"lifetime: at its end", auth.LifetimeOver(now.Add(-auth.SessionLifetime), now), true},
		{"renewal: never renewed", auth.RenewedRecently(time.Time{}, now), false},
		{"renewal: just renewed", auth.RenewedRecently(now, now), true},
		{"renewal: a second before the window closes", auth.RenewedRecently(now.Add(-auth.RenewalWindow+time.Second), now), true},
		{"renewal: as the window closes", auth.RenewedRecently(now.Add(-auth.RenewalWindow), now), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}
