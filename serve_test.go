package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
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
	done   chan error
}

// serve runs the console command with args (plus a fresh --addr and --data-dir) until the test ends or cancel.
func serve(t *testing.T, args ...string) *served {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{URL: "http://" + addr, addr: addr, cancel: cancel, done: make(chan error, 1)}
	args = append([]string{"--addr", addr, "--data-dir", t.TempDir(), "--log-level", "error"}, args...)
	go func() { s.done <- run(ctx, args, func(string) string { return "" }, io.Discard, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		<-s.done
	})
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if conn, err := net.Dial("tcp", addr); err == nil {
			conn.Close()
			return s
		}
		select {
		case err := <-s.done:
			t.Fatalf("the console stopped at start: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the console did not start listening")
		}
	}
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
			case err = <-c.done:
			case <-time.After(30 * time.Second):
				t.Fatal("the console did not exit")
			}
			c.done <- err // for the cleanup
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

// requestLog records cloudsim's request log: one record per API request, with its method, path and status.
type requestLog struct {
	mu      sync.Mutex
	entries []simRequest
}

type simRequest struct {
	method, path string
	status       int
}

func (l *requestLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *requestLog) WithAttrs([]slog.Attr) slog.Handler      { return l }
func (l *requestLog) WithGroup(string) slog.Handler           { return l }
func (l *requestLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "cloudsim" {
		return nil
	}
	var e simRequest
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "method":
			e.method = a.Value.String()
		case "path":
			e.path = a.Value.String()
		case "status":
			e.status = int(a.Value.Int64())
		}
		return true
	})
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
	return nil
}

// take returns the requests logged since the last take.
func (l *requestLog) take() []simRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	entries := l.entries
	l.entries = nil
	return entries
}
