package handlers_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/handlers"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

func TestHTTPMethodsAreAnsweredAsHTTPSays(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{})
	signedIn := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	tests := []struct {
		name       string
		console    *testConsole
		method     string
		path       string
		status     int
		allow      []string
		noBody     bool
		locationIn string
	}{
		{"HEAD of the health check", tc, http.MethodHead, routes.Path(routes.Health), http.StatusOK, nil, true, ""},
		{"HEAD of the sign-in page", tc, http.MethodHead, routes.Path(routes.SignInPage), http.StatusOK, nil, true, ""},
		{"HEAD of a signed-in page", signedIn, http.MethodHead, integrationsPage, http.StatusOK, nil, true, ""},
		{"HEAD of a signed-in page, signed out", tc, http.MethodHead, integrationsPage, http.StatusSeeOther, nil, true, routes.Path(routes.SignInPage)},
		{"OPTIONS of the sign-in page", tc, http.MethodOptions, routes.Path(routes.SignInPage), http.StatusNoContent, []string{"GET", "HEAD", "POST"}, true, ""},
		{"OPTIONS of a signed-in page", signedIn, http.MethodOptions, integrationsPage, http.StatusNoContent, []string{"GET", "HEAD"}, true, ""},
		{"DELETE of the sign-in page", tc, http.MethodDelete, routes.Path(routes.SignInPage), http.StatusMethodNotAllowed, []string{"GET", "HEAD", "POST"}, false, ""},
		{"PUT of a signed-in page", signedIn, http.MethodPut, integrationsPage, http.StatusMethodNotAllowed, []string{"GET", "HEAD"}, false, ""},
		{"GET of a form action", signedIn, http.MethodGet, routes.Path(routes.SignOut), http.StatusMethodNotAllowed, []string{"POST"}, false, ""},
		{"an unknown page, signed in", signedIn, http.MethodGet, "/no-such-page", http.StatusNotFound, nil, false, ""},
		{"an unknown page, signed out", tc, http.MethodGet, "/no-such-page", http.StatusNotFound, nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, tt.console.URL+tt.path, nil)
			resp, body := tt.console.do(req)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d\n%.300s", resp.StatusCode, tt.status, body)
			}
			allow := resp.Header.Get("Allow")
			for _, m := range tt.allow {
				if !strings.Contains(allow, m) {
					t.Errorf("Allow %q lacks %s", allow, m)
				}
			}
			if tt.noBody && body != "" {
				t.Errorf("body %.100q, want none", body)
			}
			if tt.locationIn != "" && !strings.Contains(resp.Header.Get("Location"), tt.locationIn) {
				t.Errorf("Location %q, want %s", resp.Header.Get("Location"), tt.locationIn)
			}
		})
	}
}

func TestOversizedFormsAnswer413(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	token := tc.csrfToken()
	before := len(tc.Inspect(t).AuthorizationIDs())
	tests := []struct {
		name string
		body string
		want string
	}{
		{"over the body limit", "csrf=" + token + "&description=" + strings.Repeat("a", 1<<20), "larger than the console accepts (1024 KiB)"},
		{"too many fields", "csrf=" + token + strings.Repeat("&f=", 10_001), "more fields than the console accepts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, tc.URL+routes.Path(routes.AuthorizationCreate), strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, body := tc.do(req)
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, tt.want) || !strings.Contains(body, "Nothing was changed") {
				t.Fatalf("status %d, want 413 saying %q\n%.500s", resp.StatusCode, tt.want, body)
			}
			if n := len(tc.Inspect(t).AuthorizationIDs()); n != before {
				t.Errorf("%d policies after a refused form, %d before", n, before)
			}
		})
	}
}

func TestSignedInPagesAreNotStored(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	for _, path := range []string{"/", integrationsPage, kmsPanelPage, authzListPage, wizardPage, kmsKeyPage} {
		resp, _ := tc.get(path)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: status %d, Cache-Control %q, want no-store", path, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	}
}

// lockedBuffer is a log destination safe for the server's goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestClientThatGoesAwayIsLoggedAtInfo(t *testing.T) {
	t.Parallel()
	var logs lockedBuffer
	tc := newTestConsole(t, consoletest.Options{Handlers: func(cfg *handlers.Config) {
		cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	tc.setFaults("resource-controller=latency:2s;appconfig=latency:2s")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, tc.URL+integrationsPage, nil)
	if resp, err := tc.client.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("the request was answered before the client went away")
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "client went away") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	out := logs.String()
	if !strings.Contains(out, "level=INFO msg=\"client went away\"") {
		t.Fatalf("no info line for the client that went away:\n%s", out)
	}
	if strings.Contains(out, "level=ERROR") || strings.Contains(out, "status=504") {
		t.Errorf("a client that went away was logged as a failure:\n%s", out)
	}
}

func TestUnchangedPagesAnswerNotModified(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	send := func(path string, fragment bool, ifNoneMatch string) (*http.Response, string) {
		var header []string
		if fragment {
			header = append(header, "HX-Request", "true")
		}
		if ifNoneMatch != "" {
			header = append(header, "If-None-Match", ifNoneMatch)
		}
		return tc.getWith(path, header...)
	}
	tests := []struct {
		path     string
		fragment bool
	}{
		{integrationsPage, false},
		{kmsPanelPage, false},
		{kmsPanelPage, true},
		{authzListPage, false},
		{wizardPage, true},
		{kmsKeyPage, false},
	}
	tags := map[string]string{}
	for _, tt := range tests {
		name := tt.path
		if tt.fragment {
			name += " (htmx)"
		}
		resp, body := send(tt.path, tt.fragment, "")
		tag := resp.Header.Get("ETag")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(tag, `W/"`) || body == "" {
			t.Fatalf("%s: status %d, ETag %q, %d bytes", name, resp.StatusCode, tag, len(body))
		}
		// Pages are never stored (the back button after sign-out); fragments may be kept to be revalidated.
		wantCache := "no-store"
		if tt.fragment {
			wantCache = "private, no-cache"
		}
		if cc, vary := resp.Header.Get("Cache-Control"), strings.Join(resp.Header.Values("Vary"), ","); cc != wantCache || !strings.Contains(vary, "HX-Request") {
			t.Errorf("%s: Cache-Control %q, Vary %q; want %s and HX-Request", name, cc, vary, wantCache)
		}
		if other, ok := tags[tag]; ok {
			t.Errorf("%s has the ETag of %s", name, other)
		}
		tags[tag] = name

		resp, body = send(tt.path, tt.fragment, `"something else", `+tag)
		if resp.StatusCode != http.StatusNotModified || body != "" || resp.Header.Get("ETag") != tag {
			t.Errorf("%s revalidated: status %d, ETag %q, %d bytes; want 304 with the same ETag and no body", name, resp.StatusCode, resp.Header.Get("ETag"), len(body))
		}
		if resp, _ = send(tt.path, tt.fragment, `W/"something else"`); resp.StatusCode != http.StatusOK {
			t.Errorf("%s with another ETag: status %d, want 200", name, resp.StatusCode)
		}
	}
}

func TestChangedPageGetsANewETag(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	resp, _ := tc.get(integrationsPage)
	before := resp.Header.Get("ETag")
	if resp, _ := tc.post(kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, nil), kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, true)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("connect: status %d", resp.StatusCode)
	}
	tc.get(integrationsPage) // shows the flash once
	resp, body := tc.getWith(integrationsPage, "If-None-Match", before)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == before || !strings.Contains(body, "Connected") {
		t.Errorf("after connecting: status %d, ETag %q (before %q); want 200 with the connected tile and a new ETag", resp.StatusCode, resp.Header.Get("ETag"), before)
	}
}

func TestSignOutClearsTheKeptPages(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	resp, _ := tc.post(routes.Path(routes.SignOut), nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Clear-Site-Data") != `"cache"` {
		t.Errorf("sign-out: status %d, Clear-Site-Data %q; want 303 and \"cache\"", resp.StatusCode, resp.Header.Get("Clear-Site-Data"))
	}
}

func TestErrorPage(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{})
	if resp, _ := tc.get("/no-such-page"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("signed out: unknown page gives %d, want 404", resp.StatusCode)
	}
	tc.signIn(cloudsim.DemoAdminAPIKey)
	resp, body := tc.get("/no-such-page")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "Page not found") || !strings.Contains(body, "<html") {
		t.Fatalf("browser 404: %d\n%s", resp.StatusCode, body)
	}
	resp, body = tc.getWith("/no-such-page", "Accept", "application/json")
	if resp.StatusCode != http.StatusNotFound || strings.Contains(body, "<html") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("plain 404: %d %q\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}
