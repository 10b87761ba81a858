package handlers_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/handlers"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

func TestStateChangingRequestsNeedCSRFToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		csrf    string
		headers map[string]string
	}{
		{"missing token", "", nil},
		{"forged token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil},
		{"cross-site post with a valid token", "valid", map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"foreign origin with a valid token", "valid", map[string]string{"Origin": "https://evil.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
			token := tt.csrf
			if token == "valid" {
				token = tc.csrfToken()
			}
			form := url.Values{"csrf": {token}}
			req, _ := http.NewRequest(http.MethodPost, tc.URL+routes.Path(routes.SignOut), strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			resp, _ := tc.do(req)
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", resp.StatusCode)
			}
			// Nothing changed: the user is still signed in.
			if resp, _ := tc.get("/"); resp.StatusCode != http.StatusOK {
				t.Fatalf("session lost after a refused request: %d", resp.StatusCode)
			}
		})
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{})
	for _, path := range []string{routes.Path(routes.SignInPage), "/", "/no-such-page", routes.Path(routes.Health)} {
		resp, _ := tc.get(path)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", path, h)
		}
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
	req, _ := http.NewRequest(http.MethodGet, tc.URL+"/no-such-page", nil)
	req.Header.Set("Accept", "application/json")
	resp, body = tc.do(req)
	if resp.StatusCode != http.StatusNotFound || strings.Contains(body, "<html") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("plain 404: %d %q\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

func TestResourceListShowsSeededInstances(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	resp, body := tc.get("/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{"app-config-enterprise", "app-config-lite", "app-config-eu", "key-protect-us-south",
		"key-protect-eu-de", "hpcs-us-south", "event-notifications-us-south", "Enterprise", "us-south", "eu-de", "Default",
		routes.Path(routes.Instance, cloudsim.AppConfigEnterpriseCRN), routes.Path(routes.InstanceDeleteConfirm, cloudsim.AppConfigEnterpriseCRN), routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthCRN), cloudsim.DemoAccountName} {
		if !strings.Contains(body, want) {
			t.Errorf("resource list lacks %q", want)
		}
	}
}

func TestResourceListSearch(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	tests := []struct {
		q       string
		status  int
		want    []string
		notWant []string
	}{
		{"key-protect", http.StatusOK, []string{"key-protect-us-south", "key-protect-eu-de"}, []string{"app-config-lite", "hpcs-us-south"}},
		{"nothing-like-this", http.StatusOK, []string{"No matching resources"}, []string{"app-config-lite"}},
		{strings.Repeat("x", 201), http.StatusBadRequest, []string{"too long"}, nil},
	}
	for _, tt := range tests {
		resp, body := tc.get("/?q=" + url.QueryEscape(tt.q))
		if resp.StatusCode != tt.status {
			t.Fatalf("q=%.20s: status %d", tt.q, resp.StatusCode)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("q=%.20s: lacks %q", tt.q, w)
			}
		}
		for _, w := range tt.notWant {
			if strings.Contains(body, w) {
				t.Errorf("q=%.20s: shows %q", tt.q, w)
			}
		}
	}
}

func TestPagesAreCompressed(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	req, _ := http.NewRequest(http.MethodGet, tc.URL+routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID), nil)
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := tc.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("status %d, Content-Encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(zr)
	if !strings.Contains(string(page), "Key Management") {
		t.Error("the compressed page does not hold the Integrations page")
	}
}

func TestCSRFTokensBelongToTheirSession(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	victimToken := tc.csrfToken()
	u, _ := url.Parse(tc.URL)

	// Another signed-in session, whose CSRF cookie an attacker set to the token they know, cannot use that token.
	other := tc.anotherClient()
	other.signIn(cloudsim.DemoAdminAPIKey)
	other.client.Jar.SetCookies(u, []*http.Cookie{{Name: "csrf", Value: victimToken, Path: "/"}})
	if resp, _ := other.post(routes.Path(routes.SignOut), url.Values{"csrf": {victimToken}}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a token of another session was accepted: status %d", resp.StatusCode)
	}
	if resp, _ := other.get("/"); resp.StatusCode != http.StatusOK {
		t.Fatalf("the refused request changed the session: status %d", resp.StatusCode)
	}
	if own := other.csrfToken(); own == victimToken {
		t.Fatal("two sessions share one CSRF token")
	}
	// The session's own token works, and a new session after sign-in gets a new one.
	if resp, _ := tc.post(routes.Path(routes.SignOut), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("own token refused: status %d", resp.StatusCode)
	}
	tc.signIn(cloudsim.DemoAdminAPIKey)
	if tc.csrfToken() == victimToken {
		t.Error("a new session kept the token of the one before")
	}
}

func TestAllowedOriginComesFromConfiguration(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{Handlers: func(cfg *handlers.Config) { cfg.AllowedOrigins = []string{"https://console.example.com"} }})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	tests := []struct {
		name   string
		host   string
		origin string
		want   int
	}{
		{"the configured origin, through a proxy that rewrites Host", "10.0.0.7:8080", "https://console.example.com", http.StatusSeeOther},
		{"the configured origin in other case", "10.0.0.7:8080", "https://Console.Example.com", http.StatusSeeOther},
		{"the request's own host, not configured", "", "", http.StatusForbidden},
		{"another origin naming the rewritten Host", "10.0.0.7:8080", "http://10.0.0.7:8080", http.StatusForbidden},
		{"the configured host over http", "10.0.0.7:8080", "http://console.example.com", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := tc.csrfToken()
			req, _ := http.NewRequest(http.MethodPost, tc.URL+routes.Path(routes.AuthorizationCreate), strings.NewReader(url.Values{"csrf": {token}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			origin := tt.origin
			if origin == "" {
				origin = tc.URL
			}
			req.Header.Set("Origin", origin)
			if tt.host != "" {
				req.Host = tt.host
			}
			resp, body := tc.do(req)
			refused := resp.StatusCode == http.StatusForbidden && strings.Contains(body, "another site")
			if (tt.want == http.StatusForbidden) != refused {
				t.Fatalf("status %d, want %d\n%.300s", resp.StatusCode, tt.want, body)
			}
		})
	}
}
