package handlers_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/handlers"
	"appconfig-console/internal/consoletest"
)

// TestProbesAndAssetsUseNoSession checks that health and readiness probes and static assets, with or without a
// session cookie, neither write a session file nor set a cookie: a load balancer probing every few seconds, or a flood
// of them, must not fill the session directory.
func TestProbesAndAssetsUseNoSession(t *testing.T) {
	dir := t.TempDir()
	e, err := handlers.New(handlers.Config{SessionDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, handlers.Services{})
	if err != nil {
		t.Fatal(err)
	}
	const probes = 50
	for _, path := range []string{"/healthz", "/readyz", "/static/app.css", "/static/missing.css"} {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			for range probes {
				rec := httptest.NewRecorder()
				e.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
				if cookies := rec.Result().Cookies(); len(cookies) > 0 {
					t.Fatalf("%s %s set the cookie %q", method, path, cookies[0].Name)
				}
			}
		}
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) > 0 {
		t.Errorf("%d probes of each kind left %d files in the session directory, want none", probes, len(files))
	}

	// A signed-in browser's probes leave its session as it was.
	sessions := t.TempDir()
	tc := newTestConsole(t, consoletest.Options{Handlers: func(cfg *handlers.Config) { cfg.SessionDir = sessions }})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	before := sessionFiles(t, sessions)
	for range probes {
		resp, _ := tc.get("/healthz")
		if cookies := resp.Cookies(); len(cookies) > 0 {
			t.Fatalf("/healthz with a session set the cookie %q", cookies[0].Name)
		}
	}
	if after := sessionFiles(t, sessions); len(after) != len(before) {
		t.Errorf("probes with a session cookie changed the session files from %d to %d", len(before), len(after))
	} else {
		for name, modified := range before {
			if after[name] != modified {
				t.Errorf("probes with a session cookie rewrote %s", name)
			}
		}
	}
}

// sessionFiles returns the files of dir with the time each was last written.
func sessionFiles(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]int64{}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = info.ModTime().UnixNano()
	}
	return files
}

// TestReadinessWaitsForTheWarmUp checks that /readyz answers 503 while the reads the process starts with run, 200 once
// they have ended, and 200 after warmUpBound even if they have not; draining still wins.
func TestReadinessWaitsForTheWarmUp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		ended    bool
		later    time.Duration
		draining bool
		want     int
	}{
		{name: "warming up", want: http.StatusServiceUnavailable},
		{name: "warmed up", ended: true, want: http.StatusOK},
		{name: "warm-up past its bound", later: 11 * time.Second, want: http.StatusOK},
		{name: "warm-up within its bound", later: 9 * time.Second, want: http.StatusServiceUnavailable},
		{name: "draining", ended: true, draining: true, want: http.StatusServiceUnavailable},
	}
	for _, tt := range tests {
		warming := make(chan struct{})
		if tt.ended {
			close(warming)
		}
		var clock consoletest.Clock
		e, err := handlers.New(handlers.Config{SessionDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Now: clock.Now, WarmingUp: warming, Draining: func() bool { return tt.draining }}, handlers.Services{})
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(tt.later)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		if rec.Code != tt.want {
			t.Errorf("%s: /readyz %d %q, want %d", tt.name, rec.Code, rec.Body.String(), tt.want)
		}
	}
}
