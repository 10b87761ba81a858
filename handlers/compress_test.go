package handlers_test

import (
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
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

// TestCompression checks which answers are gzipped: pages and fragments of 1 KB or more when the client accepts gzip,
// never small answers, clients that refuse gzip, or answers without a body; every answer varies by Accept-Encoding,
// and a gzipped page decodes to the whole page.
func TestCompression(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	page := routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID)
	tests := []struct {
		name, method, path, accept string
		status                     int
		gzipped                    bool
		// shows is what the decoded page holds.
		shows string
	}{
		{"page", http.MethodGet, page, "gzip, deflate, br, zstd", http.StatusOK, true, "Key Management"},
		{"page, gzip refused", http.MethodGet, page, "gzip;q=0, identity", http.StatusOK, false, ""},
		{"page, identity only", http.MethodGet, page, "identity", http.StatusOK, false, ""},
		{"HEAD of a page", http.MethodHead, page, "gzip", http.StatusOK, false, ""},
		{"small answer", http.MethodGet, routes.Path(routes.Health), "gzip", http.StatusOK, false, ""},
		{"error page", http.MethodGet, "/no-such-page", "gzip", http.StatusNotFound, true, "Page not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, tc.URL+tt.path, nil)
			req.Header.Set("Accept", "text/html")
			req.Header.Set("Accept-Encoding", tt.accept) // set, so the client neither adds gzip nor decompresses
			resp, body := tc.do(req)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if got := resp.Header.Get("Content-Encoding") == "gzip"; got != tt.gzipped {
				t.Errorf("Content-Encoding %q, want gzip: %v", resp.Header.Get("Content-Encoding"), tt.gzipped)
			}
			if !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Accept-Encoding") {
				t.Errorf("Vary %q lacks Accept-Encoding", resp.Header.Values("Vary"))
			}
			if tt.gzipped {
				zr, err := gzip.NewReader(strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				plain, err := io.ReadAll(zr)
				if err != nil || !strings.HasSuffix(string(plain), "</html>") {
					t.Errorf("gzipped body does not decode to a page (%v): %.200s", err, plain)
				}
				if !strings.Contains(string(plain), tt.shows) {
					t.Errorf("the decoded page does not hold %q", tt.shows)
				}
			}
		})
	}
}
