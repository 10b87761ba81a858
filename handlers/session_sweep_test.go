package handlers_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/handlers"
	"appconfig-console/internal/consoletest"
)

func TestExpiredSessionFilesAreRemoved(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	old := filepath.Join(dir, "session_OLDSESSION")
	recent := filepath.Join(dir, "session_RECENTSESSION")
	other := filepath.Join(dir, "notes.txt")
	for _, f := range []string{old, recent, other} {
		if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	longAgo := time.Now().Add(-13 * time.Hour)
	for _, f := range []string{old, other} {
		if err := os.Chtimes(f, longAgo, longAgo); err != nil {
			t.Fatal(err)
		}
	}
	tc := newTestConsole(t, consoletest.Options{Handlers: func(cfg *handlers.Config) { cfg.SessionDir = dir }})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	deadline := time.Now().Add(10 * time.Second)
	for fileExists(old) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if fileExists(old) {
		t.Error("a session unused for 13 hours was not removed")
	}
	if !fileExists(recent) || !fileExists(other) {
		t.Error("the sweep removed a recent session or a file that is not a session")
	}
	if resp, _ := tc.get("/"); resp.StatusCode != 200 {
		t.Errorf("the new session does not work after the sweep: %d", resp.StatusCode)
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
