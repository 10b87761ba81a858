package console_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/console"
	"appconfig-console/handlers"
	"appconfig-console/internal/consoletest"
	"appconfig-console/internal/redistest"
	"appconfig-console/internal/sessionstore"
	"appconfig-console/metrics"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/servicetest"
)

// csrfField finds the CSRF token a page's forms carry.
var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// TestReplicasShareSessions: two replicas over one Redis; a session made on one is valid on the other, kept in Redis
// with the session's lifetime as its TTL, and signing out on either ends it on both.
func TestReplicasShareSessions(t *testing.T) {
	server := redistest.Start(t)
	clock := &consoletest.Clock{}
	a := consoletest.Start(t, consoletest.Options{Redis: server.URL(), Now: clock.Now})
	b := consoletest.Start(t, consoletest.Options{Redis: server.URL(), SharedSim: a.Sim, Now: clock.Now})
	client := a.Client(t, cloudsim.DemoAdminAPIKey)
	status, body := consoletest.Get(t, client, b.URL+"/", false)
	if status != http.StatusOK {
		t.Fatalf("the session made on replica A, on replica B: status %d", status)
	}
	ctx := context.Background()
	keys, err := server.Client().Keys(ctx, "console:session:*").Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("sessions in Redis: %v, %v", keys, err)
	}
	if ttl := server.Client().TTL(ctx, keys[0]).Val(); ttl <= 11*time.Hour || ttl > 12*time.Hour {
		t.Errorf("the session's TTL is %v, want its 12-hour lifetime", ttl)
	}
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no CSRF token on the page")
	}
	// Saved later in its life, the session keeps the expiry its sign-in gave it.
	clock.Advance(10 * time.Hour)
	if status, _ := consoletest.Get(t, client, a.URL+"/", false); status != http.StatusOK {
		t.Fatalf("10 hours later: status %d", status)
	}
	if ttl := server.Client().TTL(ctx, keys[0]).Val(); ttl <= time.Hour || ttl > 2*time.Hour {
		t.Errorf("10 hours after sign-in, the session's TTL is %v, want the 2 hours left", ttl)
	}
	resp, err := client.PostForm(b.URL+"/signout", url.Values{"csrf": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out on B: status %d", resp.StatusCode)
	}
	if n := server.Client().Exists(ctx, keys[0]).Val(); n != 0 {
		t.Error("the session is still in Redis after sign-out")
	}
	if status, _ := consoletest.Get(t, client, a.URL+"/", false); status != http.StatusSeeOther {
		t.Errorf("after sign-out on B, replica A answers %d, want a redirect to sign in", status)
	}
}

// TestReplicasSeeEachOthersWrites: replica B has remembered the user's key management instances; an instance created
// through replica A shows at once on B.
func TestReplicasSeeEachOthersWrites(t *testing.T) {
	server := redistest.Start(t)
	a := consoletest.Start(t, consoletest.Options{Redis: server.URL()})
	b := consoletest.Start(t, consoletest.Options{Redis: server.URL(), SharedSim: a.Sim})
	client := a.Client(t, cloudsim.DemoAdminAPIKey)
	panel := "/instances/" + cloudsim.AppConfigEnterpriseGUID + "/integrations/kms"
	if status, _ := consoletest.Get(t, client, b.URL+panel, false); status != http.StatusOK {
		t.Fatalf("the panel on B: status %d", status)
	}
	status, body := consoletest.Get(t, client, a.URL+panel, false)
	m := csrfField.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("the panel on A: status %d", status)
	}
	resp, err := client.PostForm(a.URL+panel+"/instances", url.Values{"csrf": {m[1]}, "service": {"kms"}, "mode": {"new"},
		"name": {"kp-made-on-a"}, "region": {"us-east"}, "plan": {cloudsim.KeyProtectPlanID}, "group": {cloudsim.DefaultResourceGroupID}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("creating on A: status %d", resp.StatusCode)
	}
	status, body = consoletest.Get(t, client, b.URL+resp.Header.Get("Location"), false)
	if status != http.StatusOK || !strings.Contains(body, "selected>kp-made-on-a (us-east)") {
		t.Errorf("the panel on B after the create on A: status %d, without the new instance chosen:\n%.600s", status, body)
	}
}

// TestSessionStoreOutage: while Redis is down, pages answer 503 saying the sign-in service is unavailable, /readyz
// fails and /healthz does not; when Redis is back (with what it persisted), the console recovers by itself and the
// session made before is still valid.
func TestSessionStoreOutage(t *testing.T) {
	server := redistest.Start(t)
	c := consoletest.Start(t, consoletest.Options{Redis: server.URL()})
	client := c.Client(t, cloudsim.DemoAdminAPIKey)
	if status, _ := consoletest.Get(t, client, c.URL+"/", false); status != http.StatusOK {
		t.Fatalf("before the outage: status %d", status)
	}
	server.Stop()
	stranger := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		name   string
		client *http.Client
		path   string
		status int
		want   string
	}{
		{"a page of a signed-in user", client, "/", http.StatusServiceUnavailable, "Sign-in service unavailable"},
		{"another page", client, "/iam/authorizations", http.StatusServiceUnavailable, "Try again in a moment"},
		{"the sign-in page", stranger, "/signin", http.StatusServiceUnavailable, "Sign-in service unavailable"},
		{"readiness", stranger, "/readyz", http.StatusServiceUnavailable, "session store unavailable"},
		{"liveness", stranger, "/healthz", http.StatusOK, "ok"},
	}
	for _, tt := range tests {
		t.Run("down/"+tt.name, func(t *testing.T) {
			status, body := consoletest.Get(t, tt.client, c.URL+tt.path, false)
			if status != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("status %d, want %d with %q; body:\n%.400s", status, tt.status, tt.want, body)
			}
		})
	}
	server.Start()
	for _, tt := range []struct {
		path   string
		status int
	}{{"/", http.StatusOK}, {"/readyz", http.StatusOK}, {"/signin", http.StatusSeeOther}} {
		if status, _ := consoletest.Get(t, client, c.URL+tt.path, false); status != tt.status {
			t.Errorf("after Redis is back, %s answers %d, want %d", tt.path, status, tt.status)
		}
	}
}

// TestFileSessionsOutliveARestart: by default, sessions are files signed with keys made once in the data directory,
// so a console started again on it keeps everyone signed in.
func TestFileSessionsOutliveARestart(t *testing.T) {
	dataDir := t.TempDir()
	keys, err := sessionstore.LoadOrCreateKeys(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	first := consoletest.Start(t, consoletest.Options{SessionDir: dataDir + "/sessions", SessionKeys: keys})
	client := first.Client(t, cloudsim.DemoAdminAPIKey)
	again, err := sessionstore.LoadOrCreateKeys(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	second := consoletest.Start(t, consoletest.Options{SessionDir: dataDir + "/sessions", SessionKeys: again, SharedSim: first.Sim})
	if status, _ := consoletest.Get(t, client, second.URL+"/", false); status != http.StatusOK {
		t.Errorf("after a restart: status %d, want the session still valid", status)
	}
	other := consoletest.Start(t, consoletest.Options{SessionDir: dataDir + "/sessions", SessionKeys: [][]byte{[]byte(sessionstore.NewKey())}, SharedSim: first.Sim})
	if status, _ := consoletest.Get(t, client, other.URL+"/", false); status != http.StatusSeeOther {
		t.Errorf("with other keys: status %d, want a redirect to sign in", status)
	}
	if status, _ := consoletest.Get(t, client, second.URL+"/readyz", false); status != http.StatusOK {
		t.Errorf("/readyz with the session directory in place: %d", status)
	}
	if err := os.RemoveAll(dataDir + "/sessions"); err != nil {
		t.Fatal(err)
	}
	if status, _ := consoletest.Get(t, client, second.URL+"/readyz", false); status != http.StatusServiceUnavailable {
		t.Errorf("/readyz without the session directory: %d, want 503", status)
	}
}

// TestRedisCommandsAreTimed: with Redis, the metrics time each Redis command, and a sign-in's commands add to it;
// without Redis, the histogram is not there at all.
func TestRedisCommandsAreTimed(t *testing.T) {
	server := redistest.Start(t)
	sim := simtest.Start(t)
	tests := []struct {
		name      string
		withRedis bool
	}{
		{"with Redis", true},
		{"with sessions in files", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metrics.New()
			opts := console.Options{Endpoints: ibmcloud.SimEndpoints(sim.URL), Sim: true, Limits: servicetest.Limits, Metrics: m,
				Handlers: handlers.Config{SessionDir: t.TempDir(), SessionKeys: consoletest.SessionKeys,
					Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}}
			if tt.withRedis {
				client, err := console.OpenRedis(server.URL())
				if err != nil {
					t.Fatal(err)
				}
				defer client.Close()
				opts.Redis = client
			}
			e, err := console.New(opts)
			if err != nil {
				t.Fatal(err)
			}
			s := httptest.NewServer(e)
			defer s.Close()
			if _, err := inproc.SignIn(s.URL, cloudsim.DemoAdminAPIKey); err != nil {
				t.Fatal(err)
			}
			_, _, spent := m.TimeSpent()
			rec := httptest.NewRecorder()
			m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
			exposed := strings.Contains(rec.Body.String(), "console_redis_command_duration_seconds_count{command=")
			if (spent > 0) != tt.withRedis || exposed != tt.withRedis {
				t.Errorf("Redis time %v s, histogram exposed %v; want both only with Redis", spent, exposed)
			}
		})
	}
}
