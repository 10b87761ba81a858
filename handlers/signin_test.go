package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

func TestSignIn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		apiKey     string
		ret        string
		wantStatus int
		wantIn     string
		wantTo     string
	}{
		{"demo administrator key", cloudsim.DemoAdminAPIKey, "", http.StatusSeeOther, "", "/"},
		{"returns to the page asked for", cloudsim.DemoAdminAPIKey, routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID), http.StatusSeeOther, "", routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID)},
		{"no open redirect", cloudsim.DemoAdminAPIKey, "//evil.example/", http.StatusSeeOther, "", "/"},
		{"no open redirect with scheme", cloudsim.DemoAdminAPIKey, "https://evil.example/", http.StatusSeeOther, "", "/"},
		{"wrong key", "not-a-key", "", http.StatusUnauthorized, "did not accept that API key", ""},
		{"empty key", "", "", http.StatusUnauthorized, "did not accept that API key", ""},
		{"huge key", strings.Repeat("k", 5000), "", http.StatusUnprocessableEntity, "at most 256 characters", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t, consoletest.Options{})
			resp, body := tc.post(routes.Path(routes.SignIn), url.Values{"apikey": {tt.apiKey}, "return": {tt.ret}})
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tt.wantStatus, body)
			}
			if tt.wantIn != "" && !strings.Contains(body, tt.wantIn) {
				t.Errorf("body lacks %q", tt.wantIn)
			}
			if tt.wantTo != "" && resp.Header.Get("Location") != tt.wantTo {
				t.Errorf("Location %q, want %q", resp.Header.Get("Location"), tt.wantTo)
			}
			if strings.Contains(body, tt.apiKey) && tt.apiKey != "" && tt.apiKey != cloudsim.DemoAdminAPIKey {
				t.Error("the page echoes the API key")
			}
		})
	}
}

func TestSignInPageShowsDemoKeyInSimMode(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{})
	resp, body := tc.get(routes.Path(routes.SignInPage))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, cloudsim.DemoAdminAPIKey) {
		t.Fatalf("status %d; demo key shown: %v", resp.StatusCode, strings.Contains(body, cloudsim.DemoAdminAPIKey))
	}
}

func TestSessionCookieFlagsAndNewIDAtSignIn(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{})
	// A session that exists before sign-in (an attacker could have planted its ID) must not survive it.
	tc.get(routes.Path(routes.SignInPage))
	resp, _ := tc.post(routes.Path(routes.SignIn), url.Values{"apikey": {cloudsim.DemoAdminAPIKey}})
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "console" && c.MaxAge >= 0 {
			session = c
		}
	}
	if session == nil {
		t.Fatal("no session cookie set at sign-in")
	}
	if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
		t.Errorf("session cookie flags: HttpOnly=%v SameSite=%v", session.HttpOnly, session.SameSite)
	}
	planted := &http.Cookie{Name: "console", Value: session.Value}
	// Signing in again must issue a different session.
	resp2, _ := tc.post(routes.Path(routes.SignIn), url.Values{"apikey": {cloudsim.DemoAdminAPIKey}})
	for _, c := range resp2.Cookies() {
		if c.Name == "console" && c.MaxAge >= 0 && c.Value == planted.Value {
			t.Error("session ID did not change at sign-in")
		}
	}
}

func TestSignedOutUsersAreSentToSignIn(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{})
	resp, _ := tc.get(routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID))
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), routes.Path(routes.SignInPage)+"?return=") {
		t.Fatalf("status %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestSignOutEndsTheSession(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	if resp, _ := tc.get("/"); resp.StatusCode != http.StatusOK {
		t.Fatalf("resource list: %d", resp.StatusCode)
	}
	if resp, _ := tc.post(routes.Path(routes.SignOut), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", resp.StatusCode)
	}
	if resp, _ := tc.get("/"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after sign out: %d, want redirect to sign-in", resp.StatusCode)
	}
}
