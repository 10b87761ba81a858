package handlers_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"appconfig-console/handlers"
	"appconfig-console/routes"
)

// TestHealthAllocatesLittlePerRequest checks that a request the console answers without work allocates a few KB, not
// a compressor of its own (about 800 KB each when the gzip middleware was rebuilt per request).
func TestHealthAllocatesLittlePerRequest(t *testing.T) {
	e, err := handlers.New(handlers.Config{SessionDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, handlers.Services{})
	if err != nil {
		t.Fatal(err)
	}
	serve := func() {
		req := httptest.NewRequest(http.MethodGet, routes.Path(routes.Health), nil)
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
	}
	serve()
	const requests = 500
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range requests {
		serve()
	}
	runtime.ReadMemStats(&after)
	perRequest := (after.TotalAlloc - before.TotalAlloc) / requests
	t.Logf("%d bytes allocated per request", perRequest)
	if perRequest > 16<<10 {
		t.Errorf("%d bytes allocated per request of /healthz, want at most 16 KB", perRequest)
	}
}
