// Package consoletest starts cloudsim and the console for tests, signs HTTP clients in, shares one headless Chromium
// among the tests of a test binary (a tab each), and reads what cloudsim holds through the SDKs.
package consoletest

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/console"
	"appconfig-console/handlers"
	"appconfig-console/services/ibmcloud"
)

// Limits bound every upstream call of a test console: one retry after a short pause.
var Limits = ibmcloud.Limits{AttemptTimeout: 5 * time.Second, MaxRetries: 1, MaxRetryWait: 200 * time.Millisecond}

// Options adjust a test console: its clock (the wall clock when nil), the faults cloudsim starts with
// (cloudsim.ParseFaults syntax), the limits on upstream calls (Limits when zero), and where its state is kept.
type Options struct {
	Now    func() time.Time
	Faults string
	Limits ibmcloud.Limits
	// Redis, when set, is the URL of the Redis the console keeps its shared state in, signing sessions with SessionKeys.
	Redis string
	// Sim, when set, is the emulator to use instead of a fresh one: replicas of one console share it.
	Sim *simtest.Sim
	// SessionDir is where sessions are kept without Redis (a fresh temporary directory when empty).
	SessionDir string
	// SessionKeys sign and encrypt the sessions (SessionKeys of this package when nil).
	SessionKeys [][]byte
}

// SessionKeys are the test consoles' session keys unless Options say otherwise.
var SessionKeys = [][]byte{[]byte("consoletest session key, 32 bytes or more")}

// Console is the console, built by console.New in sim mode, served by httptest on a fresh cloudsim of its own.
type Console struct {
	// URL is the console's base URL.
	URL string
	// Sim is the emulator behind it.
	Sim *simtest.Sim
}

// Start serves a console for the test on a fresh in-memory cloudsim with the demo data; both stop when the test ends.
func Start(t testing.TB, opts Options) *Console {
	t.Helper()
	sim := opts.Sim
	if sim == nil {
		sim = simtest.Start(t)
	}
	c := &Console{Sim: sim}
	if opts.Faults != "" {
		c.SetFaults(t, opts.Faults)
	}
	if opts.Limits == (ibmcloud.Limits{}) {
		opts.Limits = Limits
	}
	if opts.SessionDir == "" {
		opts.SessionDir = t.TempDir()
	}
	if opts.SessionKeys == nil {
		opts.SessionKeys = SessionKeys
	}
	consoleOpts := console.Options{Endpoints: ibmcloud.SimEndpoints(sim.URL), Sim: true, Limits: opts.Limits,
		Handlers: handlers.Config{SessionDir: opts.SessionDir, SessionKeys: opts.SessionKeys,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: opts.Now}}
	if opts.Redis != "" {
		client, err := console.OpenRedis(opts.Redis)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = client.Close() })
		consoleOpts.Redis = client
	}
	handler, err := console.New(consoleOpts)
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	c.URL = server.URL
	return c
}

// SetFaults replaces cloudsim's faults with spec (cloudsim.ParseFaults syntax).
func (c *Console) SetFaults(t testing.TB, spec string) {
	t.Helper()
	faults, err := cloudsim.ParseFaults(spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Sim.Server.SetFaults(faults); err != nil {
		t.Fatal(err)
	}
}

// Client returns an HTTP client signed in with apiKey through the sign-in form; it keeps its cookies and does not
// follow redirects.
func (c *Console) Client(t testing.TB, apiKey string) *http.Client {
	t.Helper()
	client, err := inproc.SignIn(c.URL, apiKey)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// Clock is a console's clock in a test: the wall clock, moved on by hand.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}
