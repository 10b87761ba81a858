package handlers_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/console"
	"appconfig-console/handlers"
	"appconfig-console/services/connect"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/lifecycle"
	"appconfig-console/views"
)

// testConsole is the whole console served by httptest against a fresh cloudsim, with a browser-like client.
type testConsole struct {
	t      *testing.T
	sim    *simtest.Sim
	server *httptest.Server
	client *http.Client
	// routes are the console's routes, as its router holds them.
	routes []*echo.Route
	// anonymousToken is the CSRF token of the client before sign-in, once read.
	anonymousToken string
}

// testLimits keep failing upstream calls fast in tests.
var testLimits = ibmcloud.Limits{AttemptTimeout: 3 * time.Second, MaxRetries: 1, MaxRetryWait: 100 * time.Millisecond}

func newTestConsole(t *testing.T, simOpts ...func(*cloudsim.Options)) *testConsole {
	t.Helper()
	return newConsoleCfg(t, func(*handlers.Config) {}, simOpts...)
}

// newConsoleCfg is newTestConsole with the handlers' configuration adjusted by configure.
func newConsoleCfg(t *testing.T, configure func(*handlers.Config), simOpts ...func(*cloudsim.Options)) *testConsole {
	t.Helper()
	cfg := handlers.Config{
		SimMode:    true,
		DemoKeys:   []views.DemoAPIKey{{Label: "Administrator", Email: cloudsim.AdminEmail, APIKey: cloudsim.DemoAdminAPIKey}},
		SessionDir: t.TempDir(),
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:        time.Now,
	}
	configure(&cfg)
	sim := simtest.Start(t, simOpts...)
	e, err := console.New(console.Options{
		Endpoints: ibmcloud.SimEndpoints(sim.URL),
		Limits:    testLimits,
		Handlers:  cfg,
		Lifecycle: lifecycle.Options{VerifyFor: 300 * time.Millisecond, VerifyEvery: 100 * time.Millisecond},
		Connect:   connect.Wait{Total: 2 * time.Second, First: 50 * time.Millisecond, Max: 200 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(e)
	t.Cleanup(server.Close)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &testConsole{t: t, sim: sim, server: server, client: client, routes: e.Routes()}
}

// do sends a request as a browser would (Accept: text/html) and returns the response with its body read.
func (tc *testConsole) do(req *http.Request) (*http.Response, string) {
	tc.t.Helper()
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "text/html")
	}
	resp, err := tc.client.Do(req)
	if err != nil {
		tc.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func (tc *testConsole) get(path string) (*http.Response, string) {
	tc.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, tc.server.URL+path, nil)
	return tc.do(req)
}

// csrfTokenPattern finds the CSRF token a page gives its forms and htmx requests.
var csrfTokenPattern = regexp.MustCompile(`&#34;X-CSRF-Token&#34;:&#34;([A-Za-z0-9_-]{43})&#34;|"X-CSRF-Token":"([A-Za-z0-9_-]{43})"`)

// csrfToken returns the CSRF token the console gives this client's pages: the session's when signed in, else the
// CSRF cookie's. It reads it off a page that needs no upstream call (the 404 page).
func (tc *testConsole) csrfToken() string {
	tc.t.Helper()
	_, body := tc.get("/no-such-page")
	m := csrfTokenPattern.FindStringSubmatch(body)
	if m == nil {
		tc.t.Fatalf("no CSRF token on the page:\n%.500s", body)
	}
	return m[1] + m[2]
}

// post sends a form with the CSRF token, as the console's own forms do.
func (tc *testConsole) post(path string, form url.Values) (*http.Response, string) {
	tc.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", tc.csrfToken())
	}
	req, _ := http.NewRequest(http.MethodPost, tc.server.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return tc.do(req)
}

// signIn signs in with apiKey and fails the test unless it worked.
func (tc *testConsole) signIn(apiKey string) {
	tc.t.Helper()
	resp, body := tc.post("/signin", url.Values{"apikey": {apiKey}})
	if resp.StatusCode != http.StatusSeeOther {
		tc.t.Fatalf("sign-in: status %d\n%s", resp.StatusCode, body)
	}
}
