package docshots

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/console"
	"appconfig-console/handlers"
	"appconfig-console/services/ibmcloud"
)

// FixedTime is the clock of the demo: every timestamp the console and the emulator show is this instant.
var FixedTime = time.Date(2025, time.October, 8, 9, 30, 0, 0, time.UTC)

// Demo is a console of its own on a fresh in-memory cloudsim with the demo data, a fixed clock and fixed IDs.
type Demo struct {
	// URL is the console's base URL, e.g. http://127.0.0.1:41234.
	URL string
	// Sim is the emulator behind it.
	Sim        *cloudsim.Running
	server     *http.Server
	sessionDir string
}

// StartDemo starts the emulator and the console (in sim mode, with the production limits and quiet logs) on loopback
// ports chosen by the system.
func StartDemo() (*Demo, error) {
	clock := func() time.Time { return FixedTime }
	sim, err := cloudsim.Start("127.0.0.1:0", cloudsim.Options{Clock: clock, DeterministicIDs: true})
	if err != nil {
		return nil, fmt.Errorf("starting the emulator: %w", err)
	}
	dir, err := os.MkdirTemp("", "docshots-sessions-")
	if err != nil {
		sim.Close()
		return nil, err
	}
	// The clock stands still, so nothing remembered would expire: the integration lists, which commands run beside the
	// console change, are read every time.
	handler, err := console.New(console.Options{Endpoints: ibmcloud.SimEndpoints(sim.URL), Sim: true, Limits: ibmcloud.DefaultLimits,
		Handlers: handlers.Config{SessionDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clock}, ListTTL: -1})
	if err != nil {
		sim.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("building the console: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		sim.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	d := &Demo{URL: "http://" + ln.Addr().String(), Sim: sim, sessionDir: dir,
		server: &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}}
	go d.server.Serve(ln)
	return d, nil
}

// Close stops the console and the emulator and removes the sessions.
func (d *Demo) Close() error {
	err := d.server.Close()
	err = errors.Join(err, d.Sim.Close())
	os.RemoveAll(d.sessionDir)
	return err
}

// SignIn signs the tab in as the demo administrator (SignInTab), loading no page.
func (d *Demo) SignIn(t *Tab) error {
	return SignInTab(t.ctx, d.URL, cloudsim.DemoAdminAPIKey)
}

// SignInTab signs the tab of ctx in with apiKey at the console at base: the sign-in form is posted over HTTP, as the
// browser posts it (inproc.SignIn), and the tab gets the cookies the console set, HttpOnly as the console sets them.
func SignInTab(ctx context.Context, base, apiKey string) error {
	client, err := inproc.SignIn(base, apiKey)
	if err != nil {
		return fmt.Errorf("signing in at %s: %w", base, err)
	}
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	var cookies []*network.CookieParam
	for _, c := range client.Jar.Cookies(u) {
		cookies = append(cookies, &network.CookieParam{Name: c.Name, Value: c.Value, URL: base, Path: "/", HTTPOnly: true})
	}
	if _, err := chromedp.Call(ctx, network.SetCookies, network.SetCookiesParams{Cookies: cookies}); err != nil {
		return fmt.Errorf("giving the tab the session cookie: %w", err)
	}
	return nil
}
