package handlers_test

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/handlers"
	"appconfig-console/internal/consoletest"
	"appconfig-console/internal/testclock"
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

// TestSignOutEndsTheSession checks that signing out ends the session at once although the console keeps it decoded in
// memory: the client is sent to sign in, and the session's cookie, sent again, leads to the sign-in page.
func TestSignOutEndsTheSession(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	for range 3 {
		if resp, body := tc.get("/"); resp.StatusCode != http.StatusOK {
			t.Fatalf("signed-in page: status %d\n%s", resp.StatusCode, excerpt(body))
		}
	}
	base, _ := url.Parse(tc.URL)
	stolen := tc.client.Jar.Cookies(base)
	if resp, _ := tc.post(routes.Path(routes.SignOut), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: status %d", resp.StatusCode)
	}
	if resp, _ := tc.get("/"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after sign out: %d, want redirect to sign-in", resp.StatusCode)
	}
	replay := tc.anotherClient()
	replay.client.Jar.SetCookies(base, stolen)
	resp, _ := replay.get("/")
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
		t.Errorf("the signed-out session's cookie got status %d, Location %q; want a redirect to sign in", resp.StatusCode, loc)
	}
}

// postSignIn sends a sign-in form with key, as a client behind forwardedFor when it is set.
func (tc *testConsole) postSignIn(key, forwardedFor string) *http.Response {
	tc.t.Helper()
	if tc.anonymousToken == "" {
		tc.anonymousToken = tc.csrfToken()
	}
	form := url.Values{"apikey": {key}, "csrf": {tc.anonymousToken}}
	req, _ := http.NewRequest(http.MethodPost, tc.URL+routes.Path(routes.SignIn), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	resp, _ := tc.do(req)
	return resp
}

// tokenRequests counts the IAM token requests the counter saw.
func tokenRequests(c *upstreamCounter) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, r := range c.requests {
		if strings.HasSuffix(r, "/identity/token") {
			n++
		}
	}
	return n
}

func TestFailedSignInsAreThrottled(t *testing.T) {
	t.Parallel()
	counter := &upstreamCounter{}
	// The console's clock stands still, so that the throttle's waits never run out.
	tc := newTestConsole(t, consoletest.Options{Now: testclock.New(time.Now()).Now, Sim: []func(*cloudsim.Options){counter.option()}})
	statuses := map[int]int{}
	var retryAfter string
	for i := range 30 {
		resp := tc.postSignIn("wrong-key-"+strconv.Itoa(i), "")
		statuses[resp.StatusCode]++
		if resp.StatusCode == http.StatusTooManyRequests && retryAfter == "" {
			retryAfter = resp.Header.Get("Retry-After")
		}
	}
	// The default policy lets 5 failures through and makes the 6th start a wait: IAM is asked 6 times, not 30.
	if n := tokenRequests(counter); n != 6 {
		t.Errorf("IAM was asked %d times for 30 wrong keys, want 6", n)
	}
	if statuses[http.StatusUnauthorized] != 6 || statuses[http.StatusTooManyRequests] != 24 {
		t.Errorf("statuses %v, want 6 × 401 and 24 × 429", statuses)
	}
	if secs, err := strconv.Atoi(retryAfter); err != nil || secs < 1 {
		t.Errorf("Retry-After %q", retryAfter)
	}
	if resp := tc.postSignIn(cloudsim.DemoAdminAPIKey, ""); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a right key from the throttled address during the wait: status %d, want 429", resp.StatusCode)
	}
}

func TestSignInThrottleMessage(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{Now: testclock.New(time.Now()).Now})
	for i := range 6 {
		tc.postSignIn("wrong-key-"+strconv.Itoa(i), "")
	}
	form := url.Values{"apikey": {"wrong-key-x"}, "csrf": {tc.csrfToken()}}
	resp, body := tc.post(routes.Path(routes.SignIn), form)
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Too many failed sign-ins") || !strings.Contains(body, "Wait 1 second, then try again.") {
		t.Fatalf("status %d\n%s", resp.StatusCode, body)
	}
}

func TestSignInThrottleBehindAProxy(t *testing.T) {
	t.Parallel()
	_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
	counter := &upstreamCounter{}
	tc := newTestConsole(t, consoletest.Options{Now: testclock.New(time.Now()).Now, Sim: []func(*cloudsim.Options){counter.option()},
		Handlers: func(cfg *handlers.Config) { cfg.TrustedProxies = []*net.IPNet{loopback} }})
	for i := range 10 {
		tc.postSignIn("aaaa"+strconv.Itoa(i)+"-wrong", "198.51.100.7")
	}
	if resp := tc.postSignIn("bbbbbbbb-wrong", "198.51.100.7"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the throttled client, through the proxy: status %d, want 429", resp.StatusCode)
	}
	// One key prefix tried from many addresses is throttled too.
	counter.reset()
	for i := range 10 {
		tc.postSignIn("samepfx-"+strconv.Itoa(i), "192.0.2."+strconv.Itoa(i+1))
	}
	if n := tokenRequests(counter); n != 6 {
		t.Errorf("one key prefix from 10 addresses reached IAM %d times, want 6", n)
	}

	// Another client behind the same proxy is not held up by the first one's failures.
	if resp := tc.postSignIn(cloudsim.DemoAdminAPIKey, "203.0.113.9"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another client through the proxy: status %d, want a signed-in redirect", resp.StatusCode)
	}
	// Without a trusted proxy, X-Forwarded-For is ignored: a client cannot escape by naming another address.
	direct := newTestConsole(t, consoletest.Options{Now: testclock.New(time.Now()).Now})
	for i := range 6 {
		direct.postSignIn("cccc"+strconv.Itoa(i)+"-wrong", "198.51.100."+strconv.Itoa(i+1))
	}
	if resp := direct.postSignIn("dddddddd-wrong", "198.51.100.99"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a forged X-Forwarded-For escaped the throttle: status %d", resp.StatusCode)
	}
}
