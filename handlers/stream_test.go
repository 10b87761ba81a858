package handlers_test

import (
	"bytes"
	"compress/gzip"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/routes"
	"appconfig-console/views/layout"
)

// everyAPI lists the APIs the console's pages read, for fault specs that apply to all of them.
var everyAPI = []string{"resource-controller", "resource-manager", "global-catalog", "iam-policy", "kms", "appconfig"}

// faultOnEveryAPI returns a fault spec applying setting to every API of everyAPI.
func faultOnEveryAPI(setting string) string {
	specs := make([]string, len(everyAPI))
	for i, api := range everyAPI {
		specs[i] = api + "=" + setting
	}
	return strings.Join(specs, ";")
}

// navigate returns a GET of path as a browser sends it when it navigates to a page.
func (tc *testConsole) navigate(path string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, tc.URL+path, nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	req.Header.Set("Sec-Fetch-Dest", "document")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

// streamedPages are the pages a browser's navigation gets in two parts.
var streamedPages = []struct{ name, path, shows string }{
	{"integrations", routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID), `id="kms-tile"`},
	{"authorizations", routes.Path(routes.Authorizations), "Authorizations"},
	{"wizard", routes.Path(routes.AuthorizationWizard), "Create authorization"},
	{"key protect instance", routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthGUID), "Keys"},
	{"key", routes.Path(routes.KMSKey, cloudsim.KeyProtectUSSouthGUID, cloudsim.BackupRootKeyID), cloudsim.BackupRootKeyID},
}

// TestStreamedPageSendsItsStartBeforeUpstreamAnswers checks that a browser navigating to a page that reads IBM Cloud
// receives the document start (doctype, stylesheet, font preloads, scripts), gzipped, before any upstream request of
// the page has finished (cloudsim logs a request when it ends, and each is held 2 s), then the rest of the page.
func TestStreamedPageSendsItsStartBeforeUpstreamAnswers(t *testing.T) {
	t.Parallel()
	start := layout.DocumentStart()
	for _, p := range streamedPages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
			tc.setFaults(faultOnEveryAPI("latency:2s"))
			mark := tc.Log.Len()
			resp, err := tc.client.Do(tc.navigate(p.path)) // asked for gzip, the client does not decompress it
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("status %d, Content-Encoding %q; want 200, gzip", resp.StatusCode, resp.Header.Get("Content-Encoding"))
			}
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			head := make([]byte, len(start))
			if _, err := io.ReadFull(zr, head); err != nil {
				t.Fatal(err)
			}
			if done := tc.Log.Since(mark); len(done) != 0 {
				t.Fatalf("the document start arrived after %d upstream requests had ended (%v)", len(done), done)
			}
			if !bytes.Equal(head, start) {
				t.Fatalf("the page starts with\n%s\nwant\n%s", head, start)
			}
			for _, asset := range []string{`rel="stylesheet"`, `rel="preload"`, "app.js", "htmx.min.js"} {
				if !bytes.Contains(head, []byte(asset)) {
					t.Errorf("the document start lacks %s", asset)
				}
			}
			rest, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if len(tc.Log.Since(mark)) == 0 {
				t.Error("the page ended without any upstream request")
			}
			assertContains(t, string(rest), []string{"<title>", p.shows, "</html>"}, []string{"data-error-page"})
		})
	}
}

// mainElement finds the page's main element.
var mainElement = regexp.MustCompile(`(?s)<main .*</main>`)

// TestStreamedPageShowsUpstreamFailureInside checks that when IBM Cloud fails after the document start was sent, the
// page ends as the same page sent whole would show: the error page the error handler renders for the failure (with its
// status written on it and Try again), or the page's own notice of it (the wizard), inside a 200 response.
func TestStreamedPageShowsUpstreamFailureInside(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	tc.setFaults(faultOnEveryAPI("error:1:503"))
	for _, p := range streamedPages {
		t.Run(p.name, func(t *testing.T) {
			whole, wholeBody := tc.get(p.path)
			req := tc.navigate(p.path)
			req.Header.Del("Accept-Encoding") // the client asks for gzip itself and decompresses the body
			resp, body := tc.do(req)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("streamed: status %d, want 200", resp.StatusCode)
			}
			if !strings.HasPrefix(body, string(layout.DocumentStart())) {
				t.Fatalf("streamed page does not begin with the document start:\n%.600s", body)
			}
			assertContains(t, body, []string{"</html>"}, nil)
			if whole.StatusCode >= 500 {
				// The page fails as a whole: the streamed one shows the error page, its status written on it.
				assertContains(t, body, []string{"data-error-page", "data-status>" + strconv.Itoa(whole.StatusCode) + "<", "data-retry"}, nil)
			}
			assertNoInternals(t, body)
			if got, want := mainElement.FindString(body), mainElement.FindString(wholeBody); got != want || got == "" {
				t.Errorf("streamed error content differs from the error page:\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// TestRequestsAnsweredWhole checks that what is decided before IBM Cloud is asked, and every request that is not a
// browser's navigation, keeps its own status: with every API failing, none of them is sent as a 200 page.
func TestRequestsAnsweredWhole(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	tc.setFaults(faultOnEveryAPI("error:1:503"))
	integrations := routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID)
	// failed stands for the status of the upstream failure, 502 or 503.
	const failed = 0
	tests := []struct {
		name   string
		req    func() *http.Request
		client *testConsole
		status int
	}{
		{"htmx fragment", func() *http.Request {
			r := tc.navigate(routes.Path(routes.Authorizations))
			r.Header.Set("HX-Request", "true")
			return r
		}, tc, failed},
		{"HEAD", func() *http.Request {
			r := tc.navigate(integrations)
			r.Method = http.MethodHead
			return r
		}, tc, failed},
		{"conditional request", func() *http.Request {
			r := tc.navigate(integrations)
			r.Header.Set("If-None-Match", `W/"x"`)
			return r
		}, tc, failed},
		{"not a navigation", func() *http.Request {
			r := tc.navigate(integrations)
			r.Header.Set("Sec-Fetch-Mode", "cors")
			r.Header.Set("Sec-Fetch-Dest", "empty")
			return r
		}, tc, failed},
		{"not signed in", func() *http.Request { return tc.navigate(integrations) }, tc.anotherClient(), http.StatusSeeOther},
		{"unknown route", func() *http.Request { return tc.navigate("/no-such-page") }, tc, http.StatusNotFound},
		{"malformed instance", func() *http.Request {
			return tc.navigate(routes.Path(routes.Integrations, "not-a-guid"))
		}, tc, http.StatusNotFound},
		{"malformed key", func() *http.Request {
			return tc.navigate(routes.Path(routes.KMSKey, cloudsim.KeyProtectUSSouthGUID, "not-a-key"))
		}, tc, http.StatusNotFound},
		{"bad filter", func() *http.Request {
			return tc.navigate(routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthGUID) + "?type=other")
		}, tc, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := tt.client.do(tt.req())
			if tt.status == failed && resp.StatusCode >= 500 {
				return
			}
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tt.status, excerpt(body))
			}
		})
	}
}

// navigateTo sends a browser's navigation to path and returns the response with its body read (decompressed).
func (tc *testConsole) navigateTo(path string) (*http.Response, string) {
	tc.t.Helper()
	req := tc.navigate(path)
	req.Header.Del("Accept-Encoding") // the client asks for gzip itself and decompresses the body
	return tc.do(req)
}

// TestStreamedPageAfterTokenRefused checks the pages a browser navigating gets when IBM Cloud refuses the session's
// token after the document start was sent, where a redirect was due: first the renewal, with Try again on the same
// address, which then works; when the renewed token is refused again, the session ends and the page links to the
// sign-in page, saying why and with the way back.
func TestStreamedPageAfterTokenRefused(t *testing.T) {
	t.Parallel()
	tc, answers := refusedTwice(t, (*testConsole).navigateTo)

	if resp := answers[0].resp; resp.StatusCode != http.StatusOK {
		t.Fatalf("first refusal: status %d, want 200", resp.StatusCode)
	}
	assertContains(t, answers[0].body, []string{"Your sign-in was renewed", `data-retry="true"`, `href="` + authzListPage + `"`}, nil)
	if resp, body := answers[1].resp, answers[1].body; resp.StatusCode != http.StatusOK || strings.Contains(body, "data-error-page") {
		t.Fatalf("after renewal: status %d\n%s", resp.StatusCode, excerpt(body))
	}

	body := answers[2].body
	signIn := regexp.MustCompile(`href="(/signin\?[^"]+)"`).FindStringSubmatch(html.UnescapeString(body))
	if signIn == nil || !strings.Contains(body, "Sign in again") {
		t.Fatalf("second refusal: no link to sign in\n%s", excerpt(body))
	}
	link, _ := url.Parse(signIn[1])
	if link.Query().Get("return") != authzListPage || link.Query().Get("reason") == "" {
		t.Errorf("sign-in link %s, want the way back and the reason", signIn[1])
	}
	if strings.Contains(body, "data-user-email") {
		t.Error("the page of an ended session shows the user menu")
	}
	// The session has ended on the server, though no cookie could be sent.
	resp, _ := tc.get(authzListPage)
	signInRedirect(t, resp)
}

// TestStreamedPageTakesTheNotificationOnce checks that a pending notification is shown on the next page even when it
// is streamed, and only there: the session, saved before the response began, no longer holds it.
func TestStreamedPageTakesTheNotificationOnce(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	removeURL := routes.Path(routes.AuthorizationRemoval, cloudsim.EUAuthorizationPolicyID)
	if resp, body := tc.post(removeURL, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: status %d\n%s", resp.StatusCode, excerpt(body))
	}
	if _, body := tc.navigateTo(authzListPage); !strings.Contains(body, "Authorization removed") {
		t.Fatalf("the streamed page does not show the notification\n%s", excerpt(body))
	}
	if _, body := tc.navigateTo(authzListPage); strings.Contains(body, "Authorization removed") {
		t.Error("the notification is shown again on the next page")
	}
}
