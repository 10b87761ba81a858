package handlers_test

import (
	"cmp"
	"io"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

// testConsole is a console started by consoletest with a client that keeps its cookies, as a browser does, and does
// not follow redirects.
type testConsole struct {
	*consoletest.Console
	t      *testing.T
	client *http.Client
	// anonymousToken is the CSRF token of the client before sign-in, once read.
	anonymousToken string
}

// newTestConsole starts a console for the test, adjusted by opts, with a client not yet signed in.
func newTestConsole(t *testing.T, opts consoletest.Options) *testConsole {
	t.Helper()
	return (&testConsole{Console: consoletest.Start(t, opts), t: t}).anotherClient()
}

// signedInConsole starts a console for the test, with the default options, and signs its client in with apiKey.
func signedInConsole(t *testing.T, apiKey string) *testConsole {
	t.Helper()
	tc := newTestConsole(t, consoletest.Options{})
	tc.signIn(apiKey)
	return tc
}

// anotherClient returns a client of the same console with cookies of its own, not yet signed in.
func (tc *testConsole) anotherClient() *testConsole {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &testConsole{Console: tc.Console, t: tc.t, client: client}
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

// get GETs path as a browser does.
func (tc *testConsole) get(path string) (*http.Response, string) {
	tc.t.Helper()
	return tc.getWith(path)
}

// getWith GETs path as a browser does, with the request headers given as name, value pairs.
func (tc *testConsole) getWith(path string, header ...string) (*http.Response, string) {
	tc.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, tc.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return tc.do(req)
}

// getHX GETs path as htmx does, as a change of a panel field does.
func (tc *testConsole) getHX(path string) (*http.Response, string) {
	tc.t.Helper()
	return tc.getWith(path, "HX-Request", "true")
}

// pageCase is a page a client asks for (as htmx when htmx is set), the status it answers (200 when zero) and what it
// must and must not show.
type pageCase struct {
	name         string
	path         string
	htmx         bool
	status       int
	wants, donts []string
}

// checkPages asks tc for each page, in a subtest of its own, and checks its status and what it shows.
func checkPages(t *testing.T, tc *testConsole, pages []pageCase) {
	t.Helper()
	for _, p := range pages {
		t.Run(cmpOr(p.name, p.path), func(t *testing.T) {
			get := tc.get
			if p.htmx {
				get = tc.getHX
			}
			resp, body := get(p.path)
			if want := cmp.Or(p.status, http.StatusOK); resp.StatusCode != want {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, want, excerpt(body))
			}
			assertContains(t, body, p.wants, p.donts)
		})
	}
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
	req, _ := http.NewRequest(http.MethodPost, tc.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return tc.do(req)
}

// postHX sends a form as htmx does, with the CSRF token in its header.
func (tc *testConsole) postHX(path string, form url.Values) (*http.Response, string) {
	tc.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, tc.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("X-CSRF-Token", tc.csrfToken())
	return tc.do(req)
}

// withField returns a copy of form with field k set to v.
func withField(form url.Values, k, v string) url.Values {
	f := maps.Clone(form)
	f.Set(k, v)
	return f
}

// signIn signs in with apiKey and fails the test unless it worked.
func (tc *testConsole) signIn(apiKey string) {
	tc.t.Helper()
	resp, body := tc.post(routes.Path(routes.SignIn), url.Values{"apikey": {apiKey}})
	if resp.StatusCode != http.StatusSeeOther {
		tc.t.Fatalf("sign-in: status %d\n%s", resp.StatusCode, body)
	}
}
