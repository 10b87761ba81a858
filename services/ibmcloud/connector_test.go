package ibmcloud_test

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"
	kp "github.com/IBM/keyprotect-go-client"
	"github.com/IBM/platform-services-go-sdk/resourcecontrollerv2"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/services/auth"
	"appconfig-console/services/ibmcloud"
)

// testLimits are the limits of every connector in this package's tests: the key management client's retry policy is a
// package variable, set once by the first connector, so all tests share one policy (one retry, 100 ms apart).
var testLimits = ibmcloud.Limits{AttemptTimeout: 3 * time.Second, MaxRetries: 1, MaxRetryWait: 100 * time.Millisecond}

// upstream is a cloudsim behind a counting reverse proxy: it counts requests and the TCP connections they came on, and
// can replace the Retry-After header of the sim's answers.
type upstream struct {
	sim         *simtest.Sim
	URL         string
	requests    atomic.Int64
	connections atomic.Int64
	retryAfter  atomic.Value // string; "" keeps the sim's header
}

func startUpstream(t testing.TB, faults string) *upstream {
	t.Helper()
	u := &upstream{sim: simtest.Start(t)}
	u.retryAfter.Store("")
	if faults != "" {
		u.sim.SetFaults(t, faults)
	}
	target, _ := url.Parse(u.sim.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ErrorLog = log.New(io.Discard, "", 0)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if v := u.retryAfter.Load().(string); v != "" && resp.Header.Get("Retry-After") != "" {
			resp.Header.Set("Retry-After", v)
		}
		return nil
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.requests.Add(1)
		proxy.ServeHTTP(w, r)
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			u.connections.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	u.URL = srv.URL
	return u
}

// adminToken signs the demo administrator in to the sim directly (not through the proxy, so counts stay clean). It is
// not remembered across sims: a later sim may listen on the same port with other signing keys.
func adminToken(t testing.TB, u *upstream) ibmcloud.Token {
	t.Helper()
	sess, err := auth.NewService(u.sim.URL, http.DefaultClient, time.Now).SignIn(cloudsim.DemoAdminAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	return sess.Token
}

// connect returns the administrator's token and a connector to every API through u, with limits.
func (u *upstream) connect(t testing.TB, limits ibmcloud.Limits) (ibmcloud.Token, *ibmcloud.Connector) {
	t.Helper()
	return adminToken(t, u), ibmcloud.NewConnector(ibmcloud.SimEndpoints(u.URL), limits)
}

func TestConnectorSetsTheKeyManagementRetryPolicy(t *testing.T) {
	ibmcloud.NewConnector(ibmcloud.SimEndpoints("http://127.0.0.1:1"), testLimits)
	// The library's defaults (4 retries, up to 30 s apart: about 15 s on a failing endpoint) must not be in force.
	if kp.RetryMax != testLimits.MaxRetries || kp.RetryWaitMax != testLimits.MaxRetryWait {
		t.Fatalf("kp.RetryMax=%d kp.RetryWaitMax=%v, want %d and %v", kp.RetryMax, kp.RetryWaitMax, testLimits.MaxRetries, testLimits.MaxRetryWait)
	}
}

func TestUpstreamFailuresAreRetriedOnceAndClassified(t *testing.T) {
	tests := []struct {
		name         string
		faults       string
		call         string // "kms" or "rc"
		wantKind     ibmcloud.Kind
		wantStatus   int
		wantRequests int64
	}{
		{"key management 500", "kms=error:1:500", "kms", ibmcloud.KindUnavailable, 500, 2},
		{"key management 503", "kms=error:1:503", "kms", ibmcloud.KindUnavailable, 503, 2},
		{"key management 429", "kms=error:1:429", "kms", ibmcloud.KindRateLimited, 429, 2},
		{"resource controller 500", "resource-controller=error:1:500", "rc", ibmcloud.KindUnavailable, 500, 2},
		{"resource controller 503", "resource-controller=error:1:503", "rc", ibmcloud.KindUnavailable, 503, 2},
		{"resource controller 429", "resource-controller=error:1:429", "rc", ibmcloud.KindRateLimited, 429, 2},
		// Every second request fails: the first call succeeds, the second fails once and succeeds on its retry.
		{"one failure then success", "kms=error:0.5:503", "kms", ibmcloud.KindUnknown, 0, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := startUpstream(t, tt.faults)
			// Retry-After: 0 keeps the test fast; the cap itself is tested below.
			u.retryAfter.Store("0")
			tok, conn := u.connect(t, testLimits)
			err := call(context.Background(), conn, tok, u.URL, tt.call)
			if tt.wantStatus == 0 && err == nil {
				err = call(context.Background(), conn, tok, u.URL, tt.call)
			}
			if got := u.requests.Load(); got != tt.wantRequests {
				t.Errorf("%d upstream requests, want %d (one attempt and one retry)", got, tt.wantRequests)
			}
			if tt.wantStatus == 0 {
				if err != nil {
					t.Fatalf("a failure followed by a success must succeed: %v", err)
				}
				return
			}
			e := ibmcloud.Classify("test", err)
			if e == nil || e.Kind != tt.wantKind || e.Status != tt.wantStatus {
				t.Fatalf("Classify(%v) = %+v, want kind %v status %d", err, e, tt.wantKind, tt.wantStatus)
			}
		})
	}
}

func TestRetryAfterIsCappedAtTheLongestRetryWait(t *testing.T) {
	// An upstream asking for a 2-minute wait must not hold the console: the wait is cut to MaxRetryWait (here 100 ms,
	// written as "0" seconds), so the retry follows at once and the call ends with the upstream's error.
	for _, which := range []string{"kms", "rc"} {
		t.Run(which, func(t *testing.T) {
			u := startUpstream(t, calledService[which]+"=error:1:503")
			u.retryAfter.Store("120")
			tok, conn := u.connect(t, testLimits)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- call(ctx, conn, tok, u.URL, which) }()
			select {
			case err := <-done:
				e := ibmcloud.Classify("test", err)
				if e == nil || e.Status != http.StatusServiceUnavailable {
					t.Fatalf("want the upstream 503, got %v", err)
				}
				if e.RetryAfter > testLimits.MaxRetryWait {
					t.Errorf("RetryAfter %v exceeds the cap %v", e.RetryAfter, testLimits.MaxRetryWait)
				}
			case <-ctx.Done():
				t.Fatal("the SDK slept for the upstream's Retry-After: 120 instead of the console's cap")
			}
			if got := u.requests.Load(); got != 2 {
				t.Errorf("%d requests, want 2", got)
			}
		})
	}
}

// calledService is the service, as cloudsim's faults name it, that each read of call reaches.
var calledService = map[string]string{"kms": "kms", "rc": "resource-controller"}

// call makes one read through the connector: the key list of key-protect-us-south ("kms") or the instance list ("rc").
func call(ctx context.Context, conn *ibmcloud.Connector, tok ibmcloud.Token, base, which string) error {
	if which == "kms" {
		client, err := conn.KeyManagement(tok, "kms", base, cloudsim.KeyProtectUSSouthGUID)
		if err != nil {
			return err
		}
		_, err = client.GetKeys(ctx, 0, 0)
		return err
	}
	rc, err := conn.ResourceController(tok)
	if err != nil {
		return err
	}
	return listInstances(ctx, rc)
}

// listInstances lists the account's instances through rc, keeping only the error.
func listInstances(ctx context.Context, rc *resourcecontrollerv2.ResourceControllerV2) error {
	_, _, err := rc.ListResourceInstancesWithContext(ctx, &resourcecontrollerv2.ListResourceInstancesOptions{})
	return err
}

func TestEveryAttemptHasADeadline(t *testing.T) {
	// The sim answers after 5 s; each attempt is cut at 300 ms, so the call fails as a time-out after two attempts
	// instead of waiting.
	limits := testLimits
	limits.AttemptTimeout = 300 * time.Millisecond
	for _, which := range []string{"kms", "rc"} {
		t.Run(which, func(t *testing.T) {
			u := startUpstream(t, calledService[which]+"=latency:5s")
			tok, conn := u.connect(t, limits)
			err := call(context.Background(), conn, tok, u.URL, which)
			if e := ibmcloud.Classify("test", err); e == nil || (e.Kind != ibmcloud.KindTimeout && e.Kind != ibmcloud.KindUnavailable) {
				t.Fatalf("want a time-out, got %v (%+v)", err, e)
			}
			if got := u.requests.Load(); got > int64(limits.MaxRetries+1) {
				t.Errorf("%d attempts, want at most %d", got, limits.MaxRetries+1)
			}
		})
	}
}

func TestPageContextEndsTheCall(t *testing.T) {
	// A page's deadline (the handlers' PageTimeout) stops a call mid-attempt and reads as a time-out.
	u := startUpstream(t, "kms=latency:5s")
	tok, conn := u.connect(t, testLimits)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := call(ctx, conn, tok, u.URL, "kms")
	if e := ibmcloud.Classify("Key Protect", err); e == nil || e.Kind != ibmcloud.KindTimeout {
		t.Fatalf("want KindTimeout, got %v (%+v)", err, e)
	}
}

func TestConnectionsAreReused(t *testing.T) {
	tests := []struct {
		name      string
		transport func(*ibmcloud.Connector) http.RoundTripper
		wantFew   bool
	}{
		{"connector transport keeps connections alive", func(c *ibmcloud.Connector) http.RoundTripper { return c.Transport() }, true},
		{"key management default transport opens one per request", func(*ibmcloud.Connector) http.RoundTripper { return kp.DefaultTransport() }, false},
	}
	const calls = 20
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := startUpstream(t, "")
			tok, conn := u.connect(t, testLimits)
			client := kpClient(t, conn, tt.transport(conn), tok, u.URL)
			for range calls {
				if _, err := client.GetKeys(context.Background(), 0, 0); err != nil {
					t.Fatal(err)
				}
			}
			got := u.connections.Load()
			if tt.wantFew && got > 2 {
				t.Errorf("%d connections for %d calls, want 1 (keep-alive)", got, calls)
			}
			if !tt.wantFew && got < calls {
				t.Errorf("%d connections for %d calls; the default transport was expected to close each one", got, calls)
			}
		})
	}
	// The connector's own key management client must use the keep-alive transport.
	u := startUpstream(t, "")
	tok, conn := u.connect(t, testLimits)
	client, err := conn.KeyManagement(tok, "kms", u.URL, cloudsim.KeyProtectUSSouthGUID)
	if err != nil {
		t.Fatal(err)
	}
	for range calls {
		if _, err := client.GetKeys(context.Background(), 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	if got := u.connections.Load(); got > 2 {
		t.Errorf("Connector.KeyManagement: %d connections for %d calls, want 1", got, calls)
	}
}

// kpClient builds a key management client like Connector.KeyManagement does, but over the given transport.
func kpClient(t testing.TB, conn *ibmcloud.Connector, transport http.RoundTripper, tok ibmcloud.Token, base string) *kp.Client {
	t.Helper()
	client, err := kp.New(kp.ClientConfig{BaseURL: base, Authorization: "Bearer " + tok.AccessToken,
		InstanceID: cloudsim.KeyProtectUSSouthGUID, Timeout: conn.Limits().AttemptTimeout.Seconds()}, transport)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// BenchmarkKeyManagementTransport compares one key list through the Connector's keep-alive transport with the same call
// through the key management client's default transport (a new TCP connection per request), against cloudsim on loopback.
func BenchmarkKeyManagementTransport(b *testing.B) {
	u := startUpstream(b, "")
	tok, conn := u.connect(b, testLimits)
	for _, bb := range []struct {
		name      string
		transport http.RoundTripper
	}{
		{"connector", conn.Transport()},
		{"kp-default", kp.DefaultTransport()},
	} {
		b.Run(bb.name, func(b *testing.B) {
			// Straight to the sim, without the counting proxy, so only the transports differ.
			client := kpClient(b, conn, bb.transport, tok, u.sim.URL)
			for b.Loop() {
				if _, err := client.GetKeys(context.Background(), 0, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestClassify(t *testing.T) {
	u := startUpstream(t, "")
	tok, conn := u.connect(t, testLimits)
	ctx := context.Background()
	client, _ := conn.KeyManagement(tok, "kms", u.URL, cloudsim.KeyProtectUSSouthGUID)
	badTok := ibmcloud.Token{AccessToken: "not-a-token"}
	badClient, _ := conn.KeyManagement(badTok, "kms", u.URL, cloudsim.KeyProtectUSSouthGUID)
	rc, _ := conn.ResourceController(tok)
	badRC, _ := conn.ResourceController(badTok)
	viewer, err := auth.NewService(u.sim.URL, http.DefaultClient, time.Now).SignIn(cloudsim.DemoViewerAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	viewerClient, _ := conn.KeyManagement(viewer.Token, "kms", u.URL, cloudsim.KeyProtectUSSouthGUID)
	deadline, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
	defer cancel()
	unreachable := ibmcloud.NewConnector(ibmcloud.SimEndpoints("http://127.0.0.1:1"), testLimits)
	unreachableRC, _ := unreachable.ResourceController(tok)

	tests := []struct {
		name       string
		err        func() error
		wantKind   ibmcloud.Kind
		wantStatus int
	}{
		{"kms 404", func() error { _, err := client.GetKey(ctx, "00000000-0000-4000-8000-00000000dead"); return err }, ibmcloud.KindNotFound, 404},
		{"kms 401", func() error { _, err := badClient.GetKeys(ctx, 0, 0); return err }, ibmcloud.KindUnauthorized, 401},
		{"kms 401 for a read-only user's write, from a service not named", func() error {
			_, err := viewerClient.CreateRootKey(ctx, "nope", nil)
			return err
		}, ibmcloud.KindUnauthorized, 401},
		{"kms 400", func() error { _, err := client.CreateRootKey(ctx, "x", nil); return err }, ibmcloud.KindInvalid, 400},
		{"kms 409", func() error { return client.DisableKey(ctx, cloudsim.SuspendedRootKeyID) }, ibmcloud.KindConflict, 409},
		{"rc 404", func() error {
			_, _, err := rc.GetResourceInstanceWithContext(ctx, &resourcecontrollerv2.GetResourceInstanceOptions{ID: core.StringPtr("00000000-0000-4000-8000-00000000dead")})
			return err
		}, ibmcloud.KindNotFound, 404},
		{"rc 401", func() error { return listInstances(ctx, badRC) }, ibmcloud.KindUnauthorized, 401},
		{"expired context", func() error { return listInstances(deadline, rc) }, ibmcloud.KindTimeout, 0},
		{"connection refused", func() error { return listInstances(ctx, unreachableRC) }, ibmcloud.KindUnavailable, 0},
		{"nil", func() error { return nil }, ibmcloud.KindUnknown, -1},
		{"already classified", func() error {
			return errors.Join(&ibmcloud.Error{Kind: ibmcloud.KindConflict, Status: 409, Message: "taken"})
		}, ibmcloud.KindConflict, 409},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			e := ibmcloud.Classify("svc", err)
			if tt.wantStatus == -1 {
				if e != nil {
					t.Fatalf("Classify(nil) = %v", e)
				}
				return
			}
			if e == nil || e.Kind != tt.wantKind || e.Status != tt.wantStatus {
				t.Fatalf("Classify(%v) = %+v, want kind %v status %d", err, e, tt.wantKind, tt.wantStatus)
			}
			if e.Message == "" {
				t.Error("empty message")
			}
		})
	}
}
