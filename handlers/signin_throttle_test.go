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
	"appconfig-console/routes"
)

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
	tc := newTestConsole(t, consoletest.Options{Now: stoppedClock(), Sim: []func(*cloudsim.Options){counter.option()}})
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

// stoppedClock stops the console's clock at the time the test starts, so that a throttle's waits never run out.
func stoppedClock() func() time.Time {
	now := time.Now()
	return func() time.Time { return now }
}

func TestSignInThrottleMessage(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{Now: stoppedClock()})
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
	tc := newTestConsole(t, consoletest.Options{Now: stoppedClock(), Sim: []func(*cloudsim.Options){counter.option()},
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
	direct := newTestConsole(t, consoletest.Options{Now: stoppedClock()})
	for i := range 6 {
		direct.postSignIn("cccc"+strconv.Itoa(i)+"-wrong", "198.51.100."+strconv.Itoa(i+1))
	}
	if resp := direct.postSignIn("dddddddd-wrong", "198.51.100.99"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a forged X-Forwarded-For escaped the throttle: status %d", resp.StatusCode)
	}
}
