// Package inproc runs the whole console and a fresh cloudsim in this process on 127.0.0.1 random ports, for the
// measurement tools (cmd/loadtest, cmd/pageweight). It builds the console with console.New, as the command does.
package inproc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/console"
	"appconfig-console/handlers"
	"appconfig-console/metrics"
	"appconfig-console/routes"
	"appconfig-console/services/ibmcloud"
)

// Console is a running console with its emulator.
type Console struct {
	// URL is the console's base URL; SimURL the emulator's.
	URL    string
	SimURL string
	// Mux serves the console; extra routes (such as a static copy of a page) can be added with Handle.
	Mux     *http.ServeMux
	server  *http.Server
	sim     *cloudsim.Running
	tempDir string
	// closers are released on Close (the Redis client of StartShared).
	closers []io.Closer
}

// Start serves a console backed by a fresh in-memory cloudsim with the demo data.
func Start() (*Console, error) {
	sim, err := StartSim()
	if err != nil {
		return nil, err
	}
	c, err := StartOn(sim.URL, nil)
	if err != nil {
		sim.Close()
		return nil, err
	}
	c.sim = sim
	return c, nil
}

// StartSim serves a fresh in-memory cloudsim with the demo data, for consoles started with StartOn.
func StartSim() (*cloudsim.Running, error) {
	return cloudsim.Start("127.0.0.1:0", cloudsim.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

// StartOn serves a console, with sessions of its own, on the running cloudsim at simURL, recording into m when it is not
// nil; Close leaves that cloudsim running.
func StartOn(simURL string, m *metrics.Metrics) (*Console, error) {
	return start(simURL, m, "")
}

// SharedKeys sign the sessions of the consoles StartShared starts, so that each accepts the others' sessions.
var SharedKeys = [][]byte{[]byte("inproc shared session key, 32 bytes or more")}

// StartShared serves a console on the running cloudsim at simURL that keeps its sessions, caches' versions, locks and
// throttle in the Redis at redisURL, signed with SharedKeys, as replicas do; it records into m when it is not nil.
func StartShared(simURL, redisURL string, m *metrics.Metrics) (*Console, error) {
	return start(simURL, m, redisURL)
}

// start serves a console on the cloudsim at simURL, over the Redis at redisURL unless it is empty.
func start(simURL string, m *metrics.Metrics, redisURL string) (*Console, error) {
	dir, err := os.MkdirTemp("", "console-sessions-")
	if err != nil {
		return nil, err
	}
	opts := consoleOptions(simURL, dir, m)
	var closers []io.Closer
	if redisURL != "" {
		client, err := console.OpenRedis(redisURL)
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		closers = append(closers, client)
		opts.Redis, opts.Handlers.SessionKeys = client, SharedKeys
	}
	handler, err := console.New(opts)
	if err != nil {
		for _, c := range closers {
			c.Close()
		}
		os.RemoveAll(dir)
		return nil, err
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		for _, c := range closers {
			c.Close()
		}
		os.RemoveAll(dir)
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/", handler)
	c := &Console{URL: "http://" + listener.Addr().String(), SimURL: simURL, Mux: mux, tempDir: dir, closers: closers,
		server: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}}
	go func() { _ = c.server.Serve(listener) }()
	return c, nil
}

// Close stops the console and the emulator it started, if any, and removes the sessions.
func (c *Console) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.server.Shutdown(ctx)
	if c.sim != nil {
		_ = c.sim.Close()
	}
	for _, closer := range c.closers {
		_ = closer.Close()
	}
	_ = os.RemoveAll(c.tempDir)
}

// NewConsole assembles the console as the command does in sim mode, with the production limits, on the cloudsim at
// simURL, keeping its sessions in sessionDir and recording into m when it is not nil.
func NewConsole(simURL, sessionDir string, m *metrics.Metrics) (http.Handler, error) {
	return console.New(consoleOptions(simURL, sessionDir, m))
}

// consoleOptions are NewConsole's options.
func consoleOptions(simURL, sessionDir string, m *metrics.Metrics) console.Options {
	return console.Options{
		Endpoints: ibmcloud.SimEndpoints(simURL),
		Sim:       true,
		Limits:    ibmcloud.DefaultLimits,
		Handlers:  handlers.Config{SessionDir: sessionDir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		Metrics:   m,
	}
}

// AwaitReady waits until the console at base answers 200 on /readyz, as a load balancer does before it sends users: the
// console reads the catalog's plans as it starts.
func AwaitReady(base string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + routes.Path(routes.Ready))
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the console was not ready within 30 s (%v)", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// SignIn returns an HTTP client signed in to the console at base with apiKey, keeping its cookies and not following
// redirects.
func SignIn(base, apiKey string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(base + routes.Path(routes.SignInPage))
	if err != nil {
		return nil, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	u, _ := url.Parse(base)
	token := ""
	for _, c := range jar.Cookies(u) {
		if c.Name == "csrf" {
			token = c.Value
		}
	}
	if token == "" {
		return nil, errors.New("sign-in: no CSRF cookie")
	}
	form := url.Values{"apikey": {apiKey}, "csrf": {token}}
	resp, err = client.Post(base+routes.Path(routes.SignIn), "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("sign-in: status %d", resp.StatusCode)
	}
	return client, nil
}
