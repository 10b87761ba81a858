package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/cmd/loadtest/inproc"
)

// freeAddr returns a loopback address with a port nobody listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// gatedSim is a shared cloudsim behind a proxy that can hold IAM token requests: each held request is announced on
// arrived and waits until release is closed (or the test ends).
type gatedSim struct {
	URL     string
	arrived chan struct{}
	release chan struct{}
	mu      sync.Mutex
	armed   bool
}

func startGatedSim(t *testing.T) *gatedSim {
	t.Helper()
	sim := simtest.Start(t)
	target, _ := url.Parse(sim.URL)
	g := &gatedSim{arrived: make(chan struct{}, 1), release: make(chan struct{})}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ErrorLog = log.New(io.Discard, "", 0)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		hold := g.armed && r.URL.Path == "/identity/token"
		g.mu.Unlock()
		if hold {
			g.arrived <- struct{}{}
			select {
			case <-g.release:
			case <-r.Context().Done():
				return
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(server.Close)
	t.Cleanup(g.open)
	g.URL = server.URL
	return g
}

// hold makes the next IAM token requests wait for open.
func (g *gatedSim) hold() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.armed = true
}

// open lets the held requests through.
func (g *gatedSim) open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.armed {
		g.armed = false
		close(g.release)
	}
}

// served is a console run by the command's own code, stopped by cancel as SIGTERM would.
type served struct {
	URL    string
	addr   string
	cancel context.CancelFunc
	// done is closed when the command has returned, with err.
	done chan struct{}
	err  error
}

// serve runs the console command with args (plus a fresh --addr and --data-dir) until the test ends or cancel. Tests
// run in parallel, so an address found free may be taken before the command listens on it: the command is then
// started again on another.
func serve(t *testing.T, args ...string) *served {
	t.Helper()
	for attempt := 1; ; attempt++ {
		addr := freeAddr(t)
		ctx, cancel := context.WithCancel(context.Background())
		s := &served{URL: "http://" + addr, addr: addr, cancel: cancel, done: make(chan struct{})}
		full := append([]string{"--addr", addr, "--data-dir", t.TempDir(), "--log-level", "error"}, args...)
		go func() {
			s.err = run(ctx, full, func(string) string { return "" }, io.Discard, io.Discard)
			close(s.done)
		}()
		t.Cleanup(func() {
			cancel()
			<-s.done
		})
		if s.accepts() {
			return s
		}
		select {
		case <-s.done:
			if attempt < 3 && strings.Contains(fmt.Sprint(s.err), "listening on "+addr) {
				continue
			}
			t.Fatalf("the console stopped at start: %v", s.err)
		default:
			t.Fatal("the console did not start listening")
		}
	}
}

// accepts waits, within a wide bound, until the console's address accepts connections.
func (s *served) accepts() bool {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if conn, err := net.Dial("tcp", s.addr); err == nil {
			conn.Close()
			return true
		}
	}
	return false
}

// refusesConnections waits, within a wide bound, until the console's address refuses new connections.
func (s *served) refusesConnections() bool {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		conn, err := net.Dial("tcp", s.addr)
		if err != nil {
			return true
		}
		conn.Close()
	}
	return false
}

func TestSharedEmulator(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t)
	// Two consoles on one emulator, neither with one of its own: both sign in and read through it.
	first, second := serve(t, "--sim-url", sim.URL), serve(t, "--sim-url", sim.URL)
	for _, c := range []*served{first, second} {
		client, err := inproc.SignIn(c.URL, cloudsim.DemoAdminAPIKey)
		if err != nil {
			t.Fatalf("sign-in at %s through the shared emulator: %v", c.URL, err)
		}
		resp, err := client.Get(c.URL + "/iam/authorizations")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", c.URL, resp.StatusCode)
		}
	}
}

func TestShutdown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		timeout string
		// release lets the request in flight finish after the signal.
		release bool
		// wantSignIn says the request in flight got its answer; wantErr is what the command returns ("" for nil).
		wantSignIn bool
		wantErr    string
	}{
		{"a request in flight finishes", "30s", true, true, ""},
		{"a request that outlasts the bound is cut off", "200ms", false, false, "requests still running after --shutdown-timeout 200ms were cut off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sim := startGatedSim(t)
			c := serve(t, "--sim-url", sim.URL, "--shutdown-timeout", tt.timeout)
			sim.hold()
			signedIn := make(chan error, 1)
			go func() {
				_, err := inproc.SignIn(c.URL, cloudsim.DemoAdminAPIKey)
				signedIn <- err
			}()
			<-sim.arrived // the sign-in now waits on IAM
			c.cancel()    // as SIGTERM does
			if !c.refusesConnections() {
				t.Fatal("a new connection is still accepted after the signal")
			}
			if tt.release {
				sim.open()
			}
			var err error
			select {
			case <-c.done:
				err = c.err
			case <-time.After(30 * time.Second):
				t.Fatal("the console did not exit")
			}
			if got := fmt.Sprint(err); (tt.wantErr == "" && err != nil) || (tt.wantErr != "" && !strings.Contains(got, tt.wantErr)) {
				t.Errorf("the command returned %v, want %q", err, tt.wantErr)
			}
			signInErr := <-signedIn
			if (signInErr == nil) != tt.wantSignIn {
				t.Errorf("sign-in in flight: %v, want an answer: %v", signInErr, tt.wantSignIn)
			}
			var cut *url.Error
			if !tt.wantSignIn && !errors.As(signInErr, &cut) {
				t.Errorf("the request in flight was answered (%v) instead of cut off", signInErr)
			}
		})
	}
}

func TestReadinessFailsOnceShutdownBegins(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t)
	c := serve(t, "--sim-url", sim.URL, "--drain-delay", "3s")
	readiness := func() int {
		resp, err := http.Get(c.URL + "/readyz")
		if err != nil {
			t.Fatalf("/readyz: %v", err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// Ready once the catalog's plans, read as the console starts, are in (within a bound).
	got := readiness()
	for deadline := time.Now().Add(15 * time.Second); got != http.StatusOK && time.Now().Before(deadline); got = readiness() {
		time.Sleep(10 * time.Millisecond)
	}
	if got != http.StatusOK {
		t.Fatalf("/readyz before the signal: %d, want 200", got)
	}
	c.cancel() // as SIGTERM does
	// During the drain's delay the console still accepts requests, and tells the load balancer to send no more (the
	// signal is handled in the command's own goroutine: the check is repeated until it is).
	got = readiness()
	for deadline := time.Now().Add(2 * time.Second); got == http.StatusOK && time.Now().Before(deadline); got = readiness() {
		time.Sleep(10 * time.Millisecond)
	}
	if got != http.StatusServiceUnavailable {
		t.Errorf("/readyz after the signal: %d, want 503", got)
	}
	client, err := inproc.SignIn(c.URL, cloudsim.DemoAdminAPIKey)
	if err != nil {
		t.Fatalf("a sign-in during the drain's delay: %v", err)
	}
	resp, err := client.Get(c.URL + "/iam/authorizations")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a page during the drain's delay: status %d", resp.StatusCode)
	}
	if !c.refusesConnections() {
		t.Fatal("new connections are still accepted after the drain's delay")
	}
}

func TestSIGTERMLetsTheRequestInFlightFinish(t *testing.T) {
	t.Parallel()
	sim := startGatedSim(t)
	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0], "--addr", addr, "--data-dir", t.TempDir(), "--sim-url", sim.URL, "--shutdown-timeout", "30s")
	cmd.Env = append(os.Environ(), runAsCommand+"=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	c := &served{URL: "http://" + addr, addr: addr}
	if !c.accepts() {
		t.Fatal("the console did not start listening")
	}
	sim.hold()
	signedIn := make(chan error, 1)
	go func() {
		_, err := inproc.SignIn(c.URL, cloudsim.DemoAdminAPIKey)
		signedIn <- err
	}()
	<-sim.arrived
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if !c.refusesConnections() {
		t.Fatal("a new connection is still accepted after SIGTERM")
	}
	sim.open()
	if err := <-signedIn; err != nil {
		t.Errorf("the sign-in in flight at SIGTERM: %v", err)
	}
	select {
	case err := <-exited:
		exited <- err // for the cleanup
		if err != nil {
			t.Errorf("the command exited with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the command did not exit")
	}
}

// upstreamService names the service of a cloudsim request by its path, as the console's metrics should; the key
// management APIs of Key Protect and Hyper Protect Crypto Services share their paths, so they are counted together.
func upstreamService(path string) string {
	switch {
	case path == "/identity/token" || path == "/oidc/token":
		return "iam"
	case strings.HasPrefix(path, "/v2/resource_instances"):
		return "resource-controller"
	case strings.HasPrefix(path, "/v2/resource_groups"):
		return "resource-manager"
	case strings.HasPrefix(path, "/api/v1"):
		return "global-catalog"
	case strings.HasPrefix(path, "/v1/policies") || strings.HasPrefix(path, "/v2/roles"):
		return "iam-policy-management"
	case strings.HasPrefix(path, "/api/v2/"):
		return keyManagement
	case strings.HasPrefix(path, "/apprapp/"):
		return "app-configuration"
	}
	return "unknown " + path
}

// keyManagement stands for Key Protect and Hyper Protect Crypto Services together.
const keyManagement = "key-management"

// series is one scraped sample: its labels and value.
type series struct {
	labels map[string]string
	value  float64
}

var (
	sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$`)
	labelPair  = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)
)

// scrape reads the metrics at addr, by name.
func scrape(t *testing.T, addr string) map[string][]series {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: status %d", resp.StatusCode)
	}
	out := map[string][]series{}
	for _, line := range strings.Split(string(body), "\n") {
		m := sampleLine.FindStringSubmatch(line)
		if m == nil || strings.HasPrefix(line, "#") {
			continue
		}
		s := series{labels: map[string]string{}}
		for _, pair := range labelPair.FindAllStringSubmatch(m[2], -1) {
			s.labels[pair[1]] = pair[2]
		}
		s.value, _ = strconv.ParseFloat(m[3], 64)
		out[m[1]] = append(out[m[1]], s)
	}
	return out
}

// byServiceStatus sums the samples by service (Key Protect and HPCS together) and status.
func byServiceStatus(samples []series) map[string]float64 {
	out := map[string]float64{}
	for _, s := range samples {
		service := s.labels["service"]
		if service == "key-protect" || service == "hyper-protect-crypto-services" {
			service = keyManagement
		}
		out[service+" "+s.labels["status"]] += s.value
	}
	return out
}

func TestMetricsCountTheUpstreamCallsOfThePagesVisited(t *testing.T) {
	t.Parallel()
	simLog := &inproc.RequestLog{}
	sim := simtest.Start(t, func(o *cloudsim.Options) { o.Logger = slog.New(simLog) })
	metricsAddr, dataDir := freeAddr(t), t.TempDir()
	c := serve(t, "--sim-url", sim.URL, "--metrics-addr", metricsAddr, "--data-dir", dataDir)
	if _, err := inproc.SignIn(c.URL, "not-a-key"); err == nil {
		t.Fatal("a bad API key signed in")
	}
	client, err := inproc.SignIn(c.URL, cloudsim.DemoAdminAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	visits := []struct {
		faults, path string
		// route and status are the request's labels.
		route, status string
	}{
		{"", "/", "/", "200"},
		{"", "/instances/" + cloudsim.AppConfigEnterpriseGUID + "/integrations", "/instances/:instance/integrations", "200"},
		{"", "/kms/" + cloudsim.KeyProtectUSSouthGUID, "/kms/:instance", "200"},
		{"", "/iam/authorizations", "/iam/authorizations", "200"},
		{"", "/no/such/page/" + cloudsim.KeyProtectUSSouthGUID, "unmatched", "404"},
		{"kms=error:1:503", "/kms/" + cloudsim.KeyProtectEUDEGUID, "/kms/:instance", "502"},
		{"iam-policy=error:1:503", "/iam/authorizations", "/iam/authorizations", "502"},
	}
	for _, v := range visits {
		faults, err := cloudsim.ParseFaults(v.faults)
		if err != nil {
			t.Fatal(err)
		}
		if err := sim.Server.SetFaults(faults); err != nil {
			t.Fatal(err)
		}
		resp, err := client.Get(c.URL + v.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := strconv.Itoa(resp.StatusCode); got != v.status {
			t.Errorf("GET %s: status %s, want %s", v.path, got, v.status)
		}
	}
	metrics := scrape(t, metricsAddr)

	attempts, failures := map[string]float64{}, map[string]float64{}
	for _, r := range simLog.Since(0) {
		key := upstreamService(r.Path) + " " + strconv.Itoa(r.Status)
		attempts[key]++
		if r.Status >= 400 {
			failures[key]++
		}
	}
	retries := map[string]float64{
		// Each of these calls failed twice: once, and again at its one retry (ibmcloud.DefaultLimits).
		keyManagement + " 503":      failures[keyManagement+" 503"] / 2,
		"iam-policy-management 503": failures["iam-policy-management 503"] / 2,
	}
	tests := []struct {
		name string
		want map[string]float64
	}{
		{"console_upstream_request_duration_seconds_count", attempts},
		{"console_upstream_errors_total", failures},
		{"console_upstream_retries_total", retries},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := byServiceStatus(metrics[tt.name])
			if !maps.Equal(got, tt.want) {
				t.Errorf("by service and status:\n got %v\nwant %v (cloudsim's request log)", got, tt.want)
			}
		})
	}

	t.Run("requests by route", func(t *testing.T) {
		got := map[string]float64{}
		for _, s := range metrics["console_http_request_duration_seconds_count"] {
			for _, value := range s.labels {
				if strings.Contains(value, cloudsim.KeyProtectUSSouthGUID) || strings.Contains(value, "/no/such") {
					t.Errorf("a raw path is a label: %v", s.labels)
				}
			}
			got[s.labels["method"]+" "+s.labels["route"]+" "+s.labels["status"]] += s.value
		}
		for _, v := range visits {
			if got["GET "+v.route+" "+v.status] == 0 {
				t.Errorf("no request counted for GET %s %s; have %v", v.route, v.status, got)
			}
		}
		if got["POST /signin 303"] != 1 || got["POST /signin 401"] != 1 {
			t.Errorf("sign-ins by status: %v", got)
		}
	})
	t.Run("sign-in outcomes", func(t *testing.T) {
		got := map[string]float64{}
		for _, s := range metrics["console_signins_total"] {
			got[s.labels["outcome"]] = s.value
		}
		if want := map[string]float64{"success": 1, "bad_key": 1}; !maps.Equal(got, want) {
			t.Errorf("sign-ins %v, want %v", got, want)
		}
	})
	t.Run("session-store errors", func(t *testing.T) {
		if errs := metrics["console_session_store_errors_total"]; len(errs) != 0 {
			t.Errorf("session-store errors before any: %v", errs)
		}
		// A file where the sessions directory was: the user's session can be neither read nor written.
		sessions := filepath.Join(dataDir, "sessions")
		if err := os.RemoveAll(sessions); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(sessions, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		resp, err := client.Get(c.URL + "/signin")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if _, err := inproc.SignIn(c.URL, cloudsim.DemoAdminAPIKey); err == nil {
			t.Error("signed in without a session store")
		}
		got := map[string]float64{}
		for _, s := range scrape(t, metricsAddr)["console_session_store_errors_total"] {
			got[s.labels["operation"]] = s.value
		}
		if got["load"] == 0 || got["save"] == 0 {
			t.Errorf("session-store errors by operation: %v, want load and save", got)
		}
	})
}

func TestMetricsCountSignInOutcomes(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t)
	metricsAddr := freeAddr(t)
	c := serve(t, "--sim-url", sim.URL, "--metrics-addr", metricsAddr)
	steps := []struct {
		faults string
		// wantErr is in the sign-in's error ("" for success).
		wantErr string
	}{
		{"", ""},
		{"iam=error:1:503", "status 502"},
	}
	for _, step := range steps {
		faults, err := cloudsim.ParseFaults(step.faults)
		if err != nil {
			t.Fatal(err)
		}
		if err := sim.Server.SetFaults(faults); err != nil {
			t.Fatal(err)
		}
		_, err = inproc.SignIn(c.URL, cloudsim.DemoAdminAPIKey)
		if (step.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), step.wantErr)) {
			t.Errorf("sign-in (faults %q): %v, want %q", step.faults, err, step.wantErr)
		}
	}
	if err := sim.Server.SetFaults(cloudsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	// Bad keys from one address: five failures are free, then each sets a longer wait (1 s, 2 s, 4 s ...), which a
	// later try soon meets however slow the machine.
	var badKeys, throttled float64
	for i := 0; i < 15 && throttled == 0; i++ {
		_, err := inproc.SignIn(c.URL, fmt.Sprintf("bad-key-%d", i))
		switch {
		case err != nil && strings.Contains(err.Error(), "status 401"):
			badKeys++
		case err != nil && strings.Contains(err.Error(), "status 429"):
			throttled++
		default:
			t.Fatalf("sign-in with a bad key: %v", err)
		}
	}
	if badKeys < 6 || throttled != 1 {
		t.Fatalf("%v refused keys, then %v throttled tries: want at least 6, then 1", badKeys, throttled)
	}
	got := map[string]float64{}
	for _, s := range scrape(t, metricsAddr)["console_signins_total"] {
		got[s.labels["outcome"]] = s.value
	}
	if want := map[string]float64{"success": 1, "upstream_error": 1, "bad_key": badKeys, "throttled": 1}; !maps.Equal(got, want) {
		t.Errorf("sign-ins by outcome %v, want %v", got, want)
	}
}
