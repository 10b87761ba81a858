package handlers_test

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/servicetest"
)

// setFaults replaces the sim's faults with spec (cloudsim.ParseFaults syntax); "" clears them.
func (tc *testConsole) setFaults(spec string) {
	tc.t.Helper()
	tc.Sim.SetFaults(tc.t, spec)
}

// setSimFaults replaces the sim's faults with faults; nil clears them.
func (tc *testConsole) setSimFaults(faults cloudsim.Faults) {
	tc.t.Helper()
	if err := tc.Sim.Server.SetFaults(faults); err != nil {
		tc.t.Fatal(err)
	}
}

// internals are texts of Go or SDK errors that must never reach a page.
var internals = []string{"kp.Error", "correlation_id", "Client.Timeout", "context deadline", "goroutine", "panic:", "SDKProblem",
	"unexpected content", "dial tcp", "127.0.0.1"}

// codeSnippets are the <pre> blocks of code snippets: the equivalent commands name the instances' real endpoints,
// which are local addresses in cloudsim.
var codeSnippets = regexp.MustCompile(`(?s)<pre[ >].*?</pre>`)

func assertNoInternals(t *testing.T, body string) {
	t.Helper()
	body = codeSnippets.ReplaceAllString(body, "")
	for _, s := range internals {
		if strings.Contains(body, s) {
			t.Errorf("the page shows an internal error text %q", s)
		}
	}
}

// retryLink reports whether the page offers "Try again" linking to path.
func retryLink(body, path string) bool {
	return strings.Contains(body, "Try again") && strings.Contains(body, `href="`+html.EscapeString(path)+`"`)
}

// The console's pages and panels, as full pages.
var (
	integrationsPage = routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID)
	connectedPage    = routes.Path(routes.Integrations, cloudsim.AppConfigEUGUID)
	kmsPanelPage     = routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseGUID) + "?service=kms&mode=existing&instance=" + cloudsim.KeyProtectUSSouthGUID
	enPanelPage      = routes.Path(routes.ENPanel, cloudsim.AppConfigEnterpriseGUID)
	authzListPage    = routes.Path(routes.Authorizations)
	wizardPage       = routes.Path(routes.AuthorizationWizard) + "?source_service=apprapp&target_service=kms"
	kmsInstancePage  = routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthGUID)
	kmsKeyPage       = kmsInstancePage + "/keys/" + cloudsim.AppConfigRootKeyID
)

func TestPagesUnderUpstreamFaults(t *testing.T) {
	t.Parallel()
	const (
		errorPage = "error page with Try again"
		notice    = "page with an error notification"
	)
	tests := []struct {
		name   string
		faults string
		path   string
		want   string
		status int
	}{
		{"integrations, resource controller 503", "resource-controller=error:1:503", integrationsPage, errorPage, http.StatusBadGateway},
		{"integrations, resource controller 500", "resource-controller=error:1:500", integrationsPage, errorPage, http.StatusBadGateway},
		{"integrations, resource controller 429", "resource-controller=error:1:429", integrationsPage, errorPage, http.StatusTooManyRequests},
		{"integrations (connected), key management 500", "kms=error:1:500", connectedPage, notice, http.StatusOK},
		{"KMS panel, resource controller 503", "resource-controller=error:1:503", kmsPanelPage, errorPage, http.StatusBadGateway},
		{"KMS panel, key management 500", "kms=error:1:500", kmsPanelPage, notice, http.StatusOK},
		{"KMS panel, key management 429", "kms=error:1:429", kmsPanelPage, notice, http.StatusOK},
		{"EN panel, resource controller 429", "resource-controller=error:1:429", enPanelPage, errorPage, http.StatusTooManyRequests},
		{"EN panel, resource manager 500", "resource-manager=error:1:500", enPanelPage, notice, http.StatusOK},
		{"authorizations, IAM policy 503", "iam-policy=error:1:503", authzListPage, errorPage, http.StatusBadGateway},
		{"authorizations, IAM policy 429", "iam-policy=error:1:429", authzListPage, errorPage, http.StatusTooManyRequests},
		{"wizard, global catalog 429", "global-catalog=error:1:429", wizardPage, notice, http.StatusOK},
		{"wizard, resource manager 500", "resource-manager=error:1:500", wizardPage, notice, http.StatusOK},
		{"key management instance, 500", "kms=error:1:500", kmsInstancePage, errorPage, http.StatusBadGateway},
		{"key management instance, 429", "kms=error:1:429", kmsInstancePage, errorPage, http.StatusTooManyRequests},
		{"key, 503", "kms=error:1:503", kmsKeyPage, errorPage, http.StatusBadGateway},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
			tc.setFaults(tt.faults)
			resp, body := tc.get(tt.path)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			assertNoInternals(t, body)
			switch tt.want {
			case errorPage:
				if !strings.Contains(body, "data-error-page") || !retryLink(body, tt.path) {
					t.Errorf("want the error page with Try again linking to %s", tt.path)
				}
				if !strings.Contains(body, "Go to") {
					t.Error("the error page has no way back")
				}
			case notice:
				if !strings.Contains(body, `data-notification="error"`) {
					t.Error("want an error notification on the page")
				}
			}
			// Once the upstream recovers, the same address works.
			tc.setFaults("")
			if resp, _ := tc.get(tt.path); resp.StatusCode != http.StatusOK {
				t.Errorf("after recovery: status %d", resp.StatusCode)
			}
		})
	}
}

func TestIntegrationsPageSaysWhenIntegrationsCannotBeRead(t *testing.T) {
	t.Parallel()
	// With App Configuration failing, the tiles must not claim "not connected yet" and offer Connect as if nothing were wrong.
	for _, status := range []string{"500", "503", "429"} {
		t.Run(status, func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
			tc.setFaults("appconfig=error:1:" + status)
			resp, body := tc.get(connectedPage)
			if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
				if !retryLink(body, connectedPage) {
					t.Errorf("status %d without Try again", resp.StatusCode)
				}
				return
			}
			if !strings.Contains(body, `data-notification="error"`) {
				t.Fatalf("status %d and no error notification: the page hides that the integrations could not be read", resp.StatusCode)
			}
			// Try again reads the page at the address the console links to, by the instance's CRN.
			if strings.Contains(body, "You haven't connected") || !retryLink(body, routes.Path(routes.Integrations, cloudsim.AppConfigEUCRN)) {
				t.Error("the tiles claim nothing is connected, or offer no Try again")
			}
			assertNoInternals(t, body)
		})
	}
}

func TestFragmentErrorsReplaceThePage(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	tc.setFaults("resource-controller=error:1:503")
	resp, body := tc.getHX(kmsPanelPage)
	if resp.StatusCode != http.StatusBadGateway || resp.Header.Get("HX-Retarget") != "body" {
		t.Fatalf("status %d HX-Retarget %q", resp.StatusCode, resp.Header.Get("HX-Retarget"))
	}
	if !retryLink(body, kmsPanelPage) {
		t.Error("the fragment's error offers no Try again to the same URL")
	}
}

func TestNonBrowserClientsGetRetryAfter(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	tc.setFaults("iam-policy=error:1:429")
	resp, body := tc.getWith(authzListPage, "Accept", "text/plain")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || strings.Contains(body, "<html") {
		t.Fatalf("status %d Retry-After %q\n%s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
}

func TestNoPageWaitsForASlowUpstream(t *testing.T) {
	t.Parallel()
	// The sim would answer after 20 s; the console cuts each attempt (1 s here, 4 s in production) and the page
	// (10 s), so the browser gets a time-out page well before the sim would have answered. The client's own 15 s limit
	// fails the test if the console waits.
	tc := newTestConsole(t, consoletest.Options{Limits: shortAttempts})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	tc.setFaults("resource-controller=latency:20s")
	tc.client.Timeout = 15 * time.Second
	start := time.Now()
	resp, body := tc.get(routes.Path(routes.Integrations, cloudsim.AppConfigLiteGUID))
	t.Logf("answered in %v", time.Since(start).Round(time.Millisecond))
	if resp.StatusCode != http.StatusGatewayTimeout || !strings.Contains(body, "did not answer in time") {
		t.Fatalf("status %d, want 504 with a time-out message", resp.StatusCode)
	}
	if !retryLink(body, routes.Path(routes.Integrations, cloudsim.AppConfigLiteGUID)) {
		t.Error("no Try again")
	}
}

func TestForbiddenNamesTheMissingAccess(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		path   string
		form   url.Values
		wantIn []string
	}{
		{"KMS connect by a read-only user", routes.Path(routes.KMSConnect, cloudsim.AppConfigEnterpriseGUID), url.Values{
			"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}, "key": {cloudsim.AppConfigRootKeyID}, "authorize": {"on"},
		}, []string{"refused", "Ask an account administrator"}},
		{"authorization by a read-only user", routes.Path(routes.AuthorizationCreate) + "?source_service=apprapp&target_service=kms&role=" + url.QueryEscape(cloudsim.RoleReaderCRN), nil,
			[]string{"IAM refused"}},
		{"root key by a read-only user", routes.Path(routes.KMSRootKeyCreate, cloudsim.AppConfigEnterpriseGUID), url.Values{
			"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}, "key_name": {"viewer-key"},
		}, []string{"Writer or Manager"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, cloudsim.DemoViewerAPIKey)
			resp, body := tc.post(tt.path, tt.form)
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403\n%s", resp.StatusCode, textOf(body))
			}
			assertContains(t, html.UnescapeString(body), tt.wantIn, nil)
			assertNoInternals(t, body)
		})
	}
}

func TestNotFoundOffersAWayBack(t *testing.T) {
	t.Parallel()
	gone := "00000000-0000-4000-8000-0000000000ff"
	tests := []struct {
		name, path, back string
	}{
		{"unknown App Configuration instance", routes.Path(routes.Integrations, gone), `href="/"`},
		{"unknown instance's KMS panel", routes.Path(routes.KMSPanel, gone), `href="/"`},
		{"unknown instance's EN panel", routes.Path(routes.ENPanel, gone), `href="/"`},
		{"unknown key management instance", routes.Path(routes.KMSInstance, gone), `href="/"`},
		{"unknown key", kmsInstancePage + "/keys/" + gone, `href="/`},
		{"unknown authorization", routes.Path(routes.AuthorizationRemoval, gone), `href="` + routes.Path(routes.Authorizations) + `"`},
	}
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := tc.get(tt.path)
			if resp.StatusCode != http.StatusNotFound {
				t.Fatalf("status %d, want 404", resp.StatusCode)
			}
			if !strings.Contains(body, tt.back) {
				t.Errorf("no way back (%s)", tt.back)
			}
			if strings.Contains(body, "Try again") {
				t.Error("a 404 offers Try again")
			}
			assertNoInternals(t, body)
		})
	}
}

func TestConflictsSayWhatConflicts(t *testing.T) {
	t.Parallel()
	t.Run("second Key Management integration", func(t *testing.T) {
		t.Parallel()
		tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
		resp, body := tc.post(routes.Path(routes.KMSConnect, cloudsim.AppConfigEUGUID), url.Values{
			"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}, "key": {cloudsim.AppConfigRootKeyID}})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "Already connected") || !strings.Contains(body, cloudsim.EURootKeyID) ||
			!strings.Contains(body, "Customer-managed encryption stays on for the life of the instance, with the key it was set up with.") {
			t.Fatalf("status %d\n%s", resp.StatusCode, textOf(body))
		}
	})
	t.Run("authorization that exists", func(t *testing.T) {
		t.Parallel()
		tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
		path := routes.Path(routes.AuthorizationWizard) + "?source_service=apprapp&source_scope=attributes&source_instance=" + cloudsim.AppConfigEUGUID +
			"&target_service=kms&target_scope=instance&target_instance=" + cloudsim.KeyProtectEUDEGUID + "&role=" + url.QueryEscape(cloudsim.RoleReaderCRN)
		resp, body := tc.post(path, nil)
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("status %d, want 409\n%s", resp.StatusCode, textOf(body))
		}
		assertNoInternals(t, body)
	})
}

func TestHalfMadeConnectionIsReported(t *testing.T) {
	t.Parallel()
	// KMS Create with "Authorize App Configuration" ticked: the authorization is made, then App Configuration fails to
	// create the integration (every request after its first fails, retry included). The console must say so, keep the
	// authorization (the next Create uses it) and say what exists.
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	iamSvc := iam.NewService(servicetest.Connector(tc.Sim))
	tok := tc.Inspect(t).Token()
	before, err := iamSvc.ListAuthorizations(context.Background(), tok, cloudsim.DemoAccountID)
	if err != nil {
		t.Fatal(err)
	}
	// Requests 1 (list integrations) passes; 2 and 3 (create and its retry) fail.
	tc.setFaults("appconfig=error:0.67:500")
	resp, body := tc.post(routes.Path(routes.KMSConnect, cloudsim.AppConfigEnterpriseGUID), url.Values{
		"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}, "key": {cloudsim.AppConfigRootKeyID}, "authorize": {"on"}})
	tc.setFaults("")
	text := html.UnescapeString(textOf(body))
	if resp.StatusCode < 500 || !strings.Contains(text, "Failed while creating the integration") {
		t.Fatalf("status %d\n%s", resp.StatusCode, text)
	}
	after, err := iamSvc.ListAuthorizations(context.Background(), tok, cloudsim.DemoAccountID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 || !strings.Contains(text, "was created for this attempt and is kept") ||
		!strings.Contains(text, "The integration was not created") {
		t.Errorf("%d authorizations before, %d after; want the new one kept and the page to say so:\n%s", len(before), len(after), text)
	}
	// Nothing is connected.
	if _, body := tc.get(integrationsPage); strings.Contains(body, "app-config-root-key") {
		t.Error("the integration exists after a failed Create")
	}
}

func TestExpiredTokenIsRenewedOnceThenSignIn(t *testing.T) {
	t.Parallel()
	tc, answers := refusedTwice(t, (*testConsole).get)

	// First 401: the token is renewed and the same address requested again.
	if resp := answers[0].resp; resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != authzListPage {
		t.Fatalf("first 401: status %d Location %q, want a redirect to the same page", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp := answers[1].resp; resp.StatusCode != http.StatusOK {
		t.Fatalf("after renewal: status %d", resp.StatusCode)
	}

	// Renewal that does not help (the new token expires too): back to sign-in, then to the same page.
	ret, reason := signInRedirect(t, answers[2].resp)
	if reason == "" {
		t.Error("the second 401 ends the session without saying why")
	}
	resp, _ := tc.post(routes.Path(routes.SignIn), url.Values{"apikey": {cloudsim.DemoAdminAPIKey}, "return": {ret}})
	if resp.Header.Get("Location") != authzListPage {
		t.Fatalf("after sign-in: Location %q, want %s", resp.Header.Get("Location"), authzListPage)
	}
}

func TestFailedRefreshSendsToSignInAndBack(t *testing.T) {
	t.Parallel()
	// Every request renews the token; IAM failing makes it impossible, and the user is sent to sign in and then back
	// to the page.
	tc := renewingConsole(t, consoletest.Options{})
	tc.setFaults("iam=error:1:503")
	resp, _ := tc.get(kmsPanelPage)
	ret, _ := signInRedirect(t, resp)
	tc.setFaults("")
	resp, _ = tc.post(routes.Path(routes.SignIn), url.Values{"apikey": {cloudsim.DemoAdminAPIKey}, "return": {ret}})
	if resp.Header.Get("Location") != kmsPanelPage {
		t.Fatalf("after sign-in: Location %q, want %s", resp.Header.Get("Location"), kmsPanelPage)
	}
}

// shortAttempts cut each upstream attempt after a second, for tests of an upstream that does not answer in time.
var shortAttempts = ibmcloud.Limits{AttemptTimeout: time.Second, MaxRetries: 1, MaxRetryWait: 100 * time.Millisecond}

// lateTokenTTL is the lifetime of the sim's tokens behind a lateClockConsole: short, as tests wait for it.
const lateTokenTTL = 2 * time.Second

// lateClockConsole starts a console whose clock runs an hour behind the sim's, so that it holds tokens the sim has
// already expired: upstream answers 401 while the console believes the session is fine. The sim's tokens live
// lateTokenTTL; the console is signed in.
func lateClockConsole(t *testing.T) *testConsole {
	t.Helper()
	tc := newTestConsole(t, consoletest.Options{Now: func() time.Time { return time.Now().Add(-time.Hour) },
		Sim: []func(*cloudsim.Options){func(o *cloudsim.Options) { o.TokenTTL = lateTokenTTL }}})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	return tc
}

// answer is a response with its body read.
type answer struct {
	resp *http.Response
	body string
}

// refusedTwice asks a lateClockConsole for authzListPage with request three times: once the sign-in's token has
// expired, again at once, and once the token renewed by the first has expired too. It returns the console and the
// three answers.
func refusedTwice(t *testing.T, request func(*testConsole, string) (*http.Response, string)) (*testConsole, [3]answer) {
	t.Helper()
	tc := lateClockConsole(t)
	waitForExpiry(time.Now())
	var answers [3]answer
	answers[0].resp, answers[0].body = request(tc, authzListPage)
	renewed := time.Now()
	answers[1].resp, answers[1].body = request(tc, authzListPage)
	waitForExpiry(renewed)
	answers[2].resp, answers[2].body = request(tc, authzListPage)
	return tc, answers
}

// waitForExpiry waits until a token of a lateClockConsole issued before issuedBefore has expired for cloudsim, which
// judges expiry by the wall clock in whole seconds.
func waitForExpiry(issuedBefore time.Time) {
	time.Sleep(time.Until(issuedBefore.Add(lateTokenTTL).Truncate(time.Second)))
}

// textOf strips tags, for readable failure messages.
func textOf(body string) string {
	var b strings.Builder
	in := false
	for _, r := range body {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// upstreamCounter counts the sim's requests from its request log, by method and path.
type upstreamCounter struct {
	mu       sync.Mutex
	requests []string
}

// option returns the sim option that logs into the counter.
func (u *upstreamCounter) option() func(*cloudsim.Options) {
	return func(o *cloudsim.Options) { o.Logger = slog.New(u) }
}

// Enabled accepts every level: the sim logs each request at debug level.
func (u *upstreamCounter) Enabled(context.Context, slog.Level) bool { return true }

// Handle records one logged request.
func (u *upstreamCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "cloudsim" {
		return nil
	}
	var method, path string
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "method":
			method = a.Value.String()
		case "path":
			path = a.Value.String()
		}
		return true
	})
	u.mu.Lock()
	u.requests = append(u.requests, method+" "+path)
	u.mu.Unlock()
	return nil
}

// WithAttrs returns the counter itself.
func (u *upstreamCounter) WithAttrs([]slog.Attr) slog.Handler { return u }

// WithGroup returns the counter itself.
func (u *upstreamCounter) WithGroup(string) slog.Handler { return u }

// reset forgets the requests so far.
func (u *upstreamCounter) reset() {
	u.mu.Lock()
	u.requests = nil
	u.mu.Unlock()
}

// seen returns the requests since the last reset, leaving out token requests.
func (u *upstreamCounter) seen() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	var out []string
	for _, r := range u.requests {
		if !strings.HasSuffix(r, "/token") {
			out = append(out, r)
		}
	}
	return out
}

func TestExpiredTokenRenewsPagesThatShowFailuresInline(t *testing.T) {
	t.Parallel()
	// Pages that show a failed read as a notice still renew the session when the failure is a refused token, rather
	// than showing the page with "Your session has expired".
	for _, page := range []string{kmsPanelPage, enPanelPage, wizardPage} {
		t.Run(page, func(t *testing.T) {
			t.Parallel()
			tc := lateClockConsole(t)
			signedIn := time.Now()
			if resp, _ := tc.get(page); resp.StatusCode != http.StatusOK {
				t.Fatalf("before expiry: status %d", resp.StatusCode)
			}
			waitForExpiry(signedIn)
			resp, body := tc.get(page)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page {
				t.Fatalf("status %d Location %q, want a redirect to the same page; body %.300s", resp.StatusCode, resp.Header.Get("Location"), textOf(body))
			}
		})
	}
}

// visibleText is a page's text without its markup, scripts and attribute values.
func visibleText(page string) string {
	page = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>`).ReplaceAllString(page, " ")
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, " "))
}

// doubledPunctuation finds ".." that is not an ellipsis, and a stop after other punctuation.
var doubledPunctuation = regexp.MustCompile(`(^|[^.])\.\.([^.]|$)|[,;:!?]\.`)

func TestPagesHaveNoDoubledPunctuation(t *testing.T) {
	t.Parallel()
	pages := []string{"/", integrationsPage, connectedPage, kmsPanelPage, enPanelPage, authzListPage, wizardPage, kmsInstancePage, kmsKeyPage}
	for _, faults := range []string{"", "appconfig=error:1:503", "kms=error:1:503", "iam-policy=error:1:503", "resource-manager=error:1:503",
		"global-catalog=error:1:503", "resource-controller=error:1:503"} {
		t.Run(cmpOr(faults, "no faults"), func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
			tc.setFaults(faults)
			for _, path := range pages {
				_, body := tc.get(path)
				text := visibleText(body)
				if loc := doubledPunctuation.FindStringIndex(text); loc != nil {
					t.Errorf("%s: %q", path, strings.Join(strings.Fields(text[max(0, loc[0]-80):min(len(text), loc[1]+40)]), " "))
				}
			}
		})
	}
}
