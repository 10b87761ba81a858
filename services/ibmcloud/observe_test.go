package ibmcloud_test

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/services/auth"
	"appconfig-console/services/ibmcloud"
)

// recorder is an Observer that counts attempts and retries by "service status".
type recorder struct {
	mu       sync.Mutex
	attempts map[string]int
	retries  map[string]int
}

func (r *recorder) Attempt(service string, status int, _ time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts[fmt.Sprint(service, " ", status)]++
}

func (r *recorder) Retry(service string, status int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.retries[fmt.Sprint(service, " ", status)]++
}

func TestObserverHearsEachAttemptAndRetry(t *testing.T) {
	tests := []struct {
		name   string
		faults string
		// call is "kms", "hs-crypto" (the key management client as for either service), "rc" or "iam"; calls is how often.
		call         string
		calls        int
		unreachable  bool
		wantAttempts map[string]int
		wantRetries  map[string]int
	}{
		{"a call that succeeds", "", "rc", 1, false, map[string]int{"resource-controller 200": 1}, map[string]int{}},
		{"IAM's token call", "", "iam", 1, false, map[string]int{"iam 200": 1}, map[string]int{}},
		{"Key Protect failing", "kms=error:1:503", "kms", 1, false, map[string]int{"key-protect 503": 2}, map[string]int{"key-protect 503": 1}},
		{"HPCS failing", "kms=error:1:500", "hs-crypto", 1, false,
			map[string]int{"hyper-protect-crypto-services 500": 2}, map[string]int{"hyper-protect-crypto-services 500": 1}},
		// Every second request fails: the first call succeeds, the second fails once and succeeds on its retry.
		{"Key Protect failing once", "kms=error:0.5:503", "kms", 2, false, map[string]int{"key-protect 200": 2, "key-protect 503": 1},
			map[string]int{"key-protect 503": 1}},
		{"resource controller rate limited", "resource-controller=error:1:429", "rc", 1, false,
			map[string]int{"resource-controller 429": 2}, map[string]int{"resource-controller 429": 1}},
		{"resource controller unreachable", "", "rc", 1, true, map[string]int{"resource-controller 0": 2}, map[string]int{"resource-controller 0": 1}},
		{"Key Protect unreachable", "", "kms", 1, true, map[string]int{"key-protect 0": 2}, map[string]int{"key-protect 0": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := startUpstream(t, tt.faults)
			u.retryAfter.Store("0")
			base := u.URL
			if tt.unreachable {
				base = "http://127.0.0.1:1"
			}
			tok := adminToken(t, u)
			rec := &recorder{attempts: map[string]int{}, retries: map[string]int{}}
			conn := ibmcloud.NewConnector(ibmcloud.SimEndpoints(base), testLimits).WithObserver(rec)
			for range tt.calls {
				switch tt.call {
				case "iam":
					if _, err := auth.NewService(base, conn.HTTPClient(), time.Now).SignIn(cloudsim.DemoAdminAPIKey); err != nil {
						t.Fatal(err)
					}
				case "hs-crypto":
					client, err := conn.KeyManagement(tok, "hs-crypto", base, cloudsim.KeyProtectUSSouthGUID)
					if err != nil {
						t.Fatal(err)
					}
					_, _ = client.GetKeys(t.Context(), 0, 0)
				default:
					_ = call(context.Background(), conn, tok, base, tt.call)
				}
			}
			if !maps.Equal(rec.attempts, tt.wantAttempts) {
				t.Errorf("attempts %v, want %v", rec.attempts, tt.wantAttempts)
			}
			if !maps.Equal(rec.retries, tt.wantRetries) {
				t.Errorf("retries %v, want %v", rec.retries, tt.wantRetries)
			}
		})
	}
}
