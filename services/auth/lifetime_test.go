package auth

import (
	"testing"
	"time"
)

func TestSessionLifetimeAndRenewalWindow(t *testing.T) {
	now := time.Date(2026, 1, 2, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"lifetime: just signed in", LifetimeOver(now, now), false},
		{"lifetime: a second before its end", LifetimeOver(now.Add(-SessionLifetime+time.Second), now), false},
		{"lifetime: at its end", LifetimeOver(now.Add(-SessionLifetime), now), true},
		{"renewal: never renewed", RenewedRecently(time.Time{}, now), false},
		{"renewal: just renewed", RenewedRecently(now, now), true},
		{"renewal: a second before the window closes", RenewedRecently(now.Add(-RenewalWindow+time.Second), now), true},
		{"renewal: as the window closes", RenewedRecently(now.Add(-RenewalWindow), now), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}
