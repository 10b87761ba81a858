// Package consoletest starts cloudsim and the console for tests, signs HTTP clients in, shares one headless Chromium
// among the tests of a test binary (a tab each), and reads what cloudsim holds through the SDKs.
package consoletest

import (
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/console"
	"appconfig-console/handlers"
	"appconfig-console/services/connect"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/lifecycle"
	"appconfig-console/services/servicetest"
)

// Lifecycle and Connect keep a test console's deliberate waits short: a deletion or sync checks for a registration left behind for
// 300 ms, and a connection waits up to 2 s for a new authorization to take effect, checking often.
var (
	Lifecycle = lifecycle.Options{VerifyFor: 300 * time.Millisecond, VerifyEvery: 100 * time.Millisecond}
	Connect   = connect.Wait{Total: 2 * time.Second, First: 50 * time.Millisecond, Max: 200 * time.Millisecond}
)

// Options adjust a test console: its clock (the wall clock when nil), the faults cloudsim starts with
// (cloudsim.ParseFaults syntax), the limits on upstream calls (servicetest.Limits when zero), cloudsim's options
// (token lifetime, clock, logger), the handlers' configuration (page timeout, ...), a connection's wait for a new
// authorization (Connect when zero), and where its state is kept.
type Options struct {
	Now      func() time.Time
	Faults   string
	Limits   ibmcloud.Limits
	Sim      []func(*cloudsim.Options)
	Handlers func(*handlers.Config)
	Connect  connect.Wait
	// Redis, when set, is the URL of the Redis the console keeps its shared state in, signing sessions with SessionKeys.
	Redis string
	// SharedSim, when set, is the emulator to use instead of a fresh one (Sim and the request log then do not apply):
	// replicas of one console share it.
	SharedSim *simtest.Sim
	// SessionDir is where sessions are kept without Redis (a fresh temporary directory when empty).
	SessionDir string
	// SessionKeys sign and encrypt the sessions (SessionKeys of this package when nil).
	SessionKeys [][]byte
	// Addr, when set, is the host:port the console listens on (a free port when empty), so that a console started
	// again after Close answers at the same URL.
	Addr string
}

// SessionKeys are the test consoles' session keys unless Options say otherwise.
var SessionKeys = [][]byte{[]byte("consoletest session key, 32 bytes or more")}

// Console is the console, built by console.New in sim mode, served by httptest on a fresh cloudsim of its own.
type Console struct {
	// URL is the console's base URL.
	URL string
	// Sim is the emulator behind it.
	Sim *simtest.Sim
	// Routes are the console's routes, as its router holds them.
	Routes []*echo.Route
	// Log is the emulator's request log, with each request's start and end, for Rounds.
	Log    *inproc.RequestLog
	server *httptest.Server
}

// Start serves a console for the test on a fresh in-memory cloudsim with the demo data; both stop when the test ends.
func Start(t testing.TB, opts Options) *Console {
	t.Helper()
	c := &Console{Sim: opts.SharedSim}
	if c.Sim == nil {
		c.Log = &inproc.RequestLog{}
		c.Sim = simtest.Start(t, append([]func(*cloudsim.Options){func(o *cloudsim.Options) { o.Logger = slog.New(c.Log) }}, opts.Sim...)...)
	}
	sim := c.Sim
	if opts.Faults != "" {
		c.SetFaults(t, opts.Faults)
	}
	if opts.Limits == (ibmcloud.Limits{}) {
		opts.Limits = servicetest.Limits
	}
	if opts.Connect == (connect.Wait{}) {
		opts.Connect = Connect
	}
	if opts.SessionDir == "" {
		opts.SessionDir = t.TempDir()
	}
	if opts.SessionKeys == nil {
		opts.SessionKeys = SessionKeys
	}
	cfg := handlers.Config{SessionDir: opts.SessionDir, SessionKeys: opts.SessionKeys, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: opts.Now}
	if opts.Handlers != nil {
		opts.Handlers(&cfg)
	}
	consoleOpts := console.Options{Endpoints: ibmcloud.SimEndpoints(sim.URL), Sim: true, Limits: opts.Limits,
		Handlers: cfg, Lifecycle: Lifecycle, Connect: opts.Connect}
	if opts.Redis != "" {
		client, err := console.OpenRedis(opts.Redis)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = client.Close() })
		consoleOpts.Redis = client
	}
	e, err := console.New(consoleOpts)
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewUnstartedServer(e)
	if opts.Addr != "" {
		server.Listener.Close()
		l, err := net.Listen("tcp", opts.Addr)
		if err != nil {
			t.Fatal(err)
		}
		server.Listener = l
	}
	server.Start()
	t.Cleanup(server.Close)
	c.URL, c.Routes, c.server = server.URL, e.Routes(), server
	c.awaitReady(t)
	return c
}

// awaitReady waits until the console's /readyz answers 200, as a load balancer does before it sends users: the
// console reads the catalog's plans as it starts, and a test's requests (and counts of upstream calls) begin after.
func (c *Console) awaitReady(t testing.TB) {
	t.Helper()
	if err := inproc.AwaitReady(c.URL); err != nil {
		t.Fatal(err)
	}
}

// Close stops the console, as a replica's process stopping does: its address then refuses connections.
func (c *Console) Close() {
	c.server.Close()
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

// Rounds counts the sequential rounds of upstream requests in requests (from Console.Log): requests whose times
// overlap form one round. Give cloudsim a latency on every API (Options.Faults) so that requests sent together overlap.
func Rounds(requests []inproc.Request) int {
	return inproc.Rounds(requests)
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

// Main runs the tests of a test binary, up to parallel of them at once unless -test.parallel says otherwise or parallel
// is 0 (then as many as processors, Go's default), stops the shared Chromium and exits with their result. A test
// binary's TestMain calls it. Tests that mostly wait on cloudsim or the console's bounds gain from running many at
// once; browser tests share the processors with Chromium, and at most MaxTabs of them hold tabs at once whatever the
// number (Parallel lets them fill their slots beside the others).
func Main(m *testing.M, parallel int) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given && parallel > 0 {
		if err := flag.Set("test.parallel", strconv.Itoa(parallel)); err != nil {
			panic(err)
		}
	}
	code := m.Run()
	Close()
	os.Exit(code)
}
