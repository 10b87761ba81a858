package handlers_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

// signInRedirect checks that resp sends the browser to the sign-in page and returns the page it will come back to and
// the reason it gives.
func signInRedirect(t *testing.T, resp *http.Response) (ret, reason string) {
	t.Helper()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || err != nil || loc.Path != routes.Path(routes.SignInPage) {
		t.Fatalf("status %d Location %q, want a redirect to /signin", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.Query().Get("return"), loc.Query().Get("reason")
}

// renewingConsole starts a console, adjusted by opts, whose sim's tokens live a minute, inside the console's renewal
// margin, so that every request renews the token; the console is signed in.
func renewingConsole(t *testing.T, opts consoletest.Options) *testConsole {
	t.Helper()
	opts.Sim = append(opts.Sim, func(o *cloudsim.Options) { o.TokenTTL = time.Minute })
	tc := newTestConsole(t, opts)
	tc.signIn(cloudsim.DemoAdminAPIKey)
	return tc
}

// A session whose token cannot be renewed (IAM refuses with 400, fails with 503, or does not answer in time) ends: the
// browser reaches the sign-in form, which says why and keeps the page to return to, and signing in again lands there.
func TestRenewalFailureEndsTheSession(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, faults, why string
	}{
		{"refused", "iam=refresh-fails", "IBM Cloud no longer accepts its sign-in"},
		{"unavailable", "iam=error:1:503", "IBM Cloud sign-in (IAM) is unavailable right now"},
		{"time-out", "iam=latency:5s", "IBM Cloud sign-in (IAM) did not answer in time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := renewingConsole(t, consoletest.Options{Limits: shortAttempts})
			tc.setFaults(tt.faults)

			// Follow the redirects as a browser would: the sign-in form must come within a few.
			resp, body := tc.get(kmsPanelPage)
			hops := 0
			for resp.StatusCode == http.StatusSeeOther {
				if hops++; hops > 3 {
					t.Fatalf("redirect loop: still redirected after %d hops, to %q", hops, resp.Header.Get("Location"))
				}
				if hops == 1 {
					if ret, reason := signInRedirect(t, resp); ret != kmsPanelPage || reason == "" {
						t.Errorf("return %q reason %q", ret, reason)
					}
				}
				resp, body = tc.get(resp.Header.Get("Location"))
			}
			text := html.UnescapeString(body)
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, `action="`+routes.Path(routes.SignIn)+`"`) {
				t.Fatalf("status %d, want the sign-in form\n%s", resp.StatusCode, textOf(body))
			}
			if !strings.Contains(text, "Your session expired and could not be renewed: "+tt.why) {
				t.Errorf("the form does not say why:\n%s", textOf(body))
			}
			if !strings.Contains(text, `name="return" value="`+kmsPanelPage+`"`) {
				t.Errorf("the form does not keep the return address %s", kmsPanelPage)
			}

			// The session is gone: with IAM healthy again, the page still asks to sign in (a live session would renew).
			tc.setFaults("")
			resp, _ = tc.get(kmsPanelPage)
			if ret, reason := signInRedirect(t, resp); ret != kmsPanelPage || reason != "" {
				t.Errorf("after the session ended: return %q reason %q", ret, reason)
			}
			resp, _ = tc.post(routes.Path(routes.SignIn), url.Values{"apikey": {cloudsim.DemoAdminAPIKey}, "return": {kmsPanelPage}})
			if resp.Header.Get("Location") != kmsPanelPage {
				t.Fatalf("after sign-in: Location %q, want %s", resp.Header.Get("Location"), kmsPanelPage)
			}
			if resp, _ := tc.get(kmsPanelPage); resp.StatusCode != http.StatusOK {
				t.Errorf("the page after signing in again: status %d", resp.StatusCode)
			}
		})
	}
}

// A form sent when renewal fails returns, after signing in again, to the page the form was on.
func TestRenewalFailureOnAFormReturnsToItsPage(t *testing.T) {
	t.Parallel()
	tc := renewingConsole(t, consoletest.Options{})
	tc.setFaults("iam=refresh-fails")
	form := url.Values{"csrf": {tc.csrfToken()}, "service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}, "key_name": {"k-1"}}
	req, _ := http.NewRequest(http.MethodPost, tc.URL+routes.Path(routes.KMSRootKeyCreate, cloudsim.AppConfigEnterpriseGUID), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", tc.URL+kmsPanelPage)
	resp, _ := tc.do(req)
	if ret, reason := signInRedirect(t, resp); ret != kmsPanelPage || reason == "" {
		t.Errorf("return %q reason %q, want %s and a reason", ret, reason, kmsPanelPage)
	}
}

// The sign-in page never sends a session whose token is expiring and cannot be renewed back to where it came from: it
// ends the session and shows the form. A token that can be renewed is renewed and the user goes on.
func TestSignInPageWithAnExpiringToken(t *testing.T) {
	t.Parallel()
	tc := renewingConsole(t, consoletest.Options{})
	if resp, _ := tc.get(routes.Path(routes.SignInPage) + "?return=" + url.QueryEscape(authzListPage)); resp.Header.Get("Location") != authzListPage {
		t.Fatalf("renewable session: status %d Location %q, want %s", resp.StatusCode, resp.Header.Get("Location"), authzListPage)
	}

	tc.setFaults("iam=refresh-fails")
	resp, body := tc.get(routes.Path(routes.SignInPage) + "?return=" + url.QueryEscape(authzListPage))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `action="`+routes.Path(routes.SignIn)+`"`) {
		t.Fatalf("status %d Location %q, want the sign-in form", resp.StatusCode, resp.Header.Get("Location"))
	}
	if !strings.Contains(html.UnescapeString(body), "Your session expired and could not be renewed") {
		t.Errorf("the form does not say why:\n%s", textOf(body))
	}
	tc.setFaults("")
	if ret, _ := signInRedirect(t, func() *http.Response { r, _ := tc.get(authzListPage); return r }()); ret != authzListPage {
		t.Errorf("return %q", ret)
	}
}

// With an expired token (the console's clock is two hours ahead of IAM's one-hour tokens) and renewal refused, the
// sign-in page shows its form rather than redirecting.
func TestSignInPageWithAnExpiredToken(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{Now: func() time.Time { return time.Now().Add(2 * time.Hour) }})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	tc.setFaults("iam=refresh-fails")
	resp, body := tc.get(routes.Path(routes.SignInPage) + "?return=" + url.QueryEscape(authzListPage))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `action="`+routes.Path(routes.SignIn)+`"`) ||
		!strings.Contains(html.UnescapeString(body), "Your session expired and could not be renewed") {
		t.Fatalf("status %d Location %q, want the sign-in form saying why\n%s", resp.StatusCode, resp.Header.Get("Location"), textOf(body))
	}
}

// A write the read-only user lacks the role for is refused by every service (401 from Key Protect and App
// Configuration, 403 from IAM and Resource Controller); the console names the service and where to get the access,
// and the user stays signed in.
func TestMissingRoleKeepsTheUserSignedIn(t *testing.T) {
	t.Parallel()
	kmsForm := url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}}
	with := func(k, v string) url.Values { return withField(kmsForm, k, v) }
	wizard := routes.Path(routes.AuthorizationCreate) + "?source_service=apprapp&source_scope=attributes&source_instance=" + cloudsim.AppConfigEnterpriseGUID +
		"&target_service=kms&target_scope=instance&target_instance=" + cloudsim.KeyProtectUSSouthGUID + "&role=" + url.QueryEscape(cloudsim.RoleReaderCRN)
	tests := []struct {
		name, path string
		form       url.Values
		wants      []string
	}{
		{"Key Protect key create", routes.Path(routes.KMSRootKeyCreate, cloudsim.AppConfigEnterpriseGUID), with("key_name", "viewer-key"),
			[]string{"Key Protect refused", "Writer or Manager", "Access (IAM)"}},
		{"App Configuration integration create", routes.Path(routes.KMSConnect, cloudsim.AppConfigEnterpriseGUID), with("key", cloudsim.AppConfigRootKeyID),
			[]string{"App Configuration refused", "IAM role", "Manager to change them", "Access (IAM)"}},
		{"IAM policy create", strings.Replace(wizard, cloudsim.AppConfigEnterpriseGUID, cloudsim.AppConfigLiteGUID, 1), nil,
			[]string{"IAM refused", "administrator of the account"}},
		{"Resource Controller instance create", routes.Path(routes.KMSInstanceCreate, cloudsim.AppConfigEnterpriseGUID), url.Values{"service": {"kms"}, "mode": {"new"},
			"name": {"kp-viewer"}, "region": {"us-east"}, "plan": {cloudsim.KeyProtectPlanID}, "group": {cloudsim.DefaultResourceGroupID}},
			[]string{"Resource Controller refused", "Editor or Administrator", "Access (IAM)"}},
		{"Resource Controller instance delete", routes.Path(routes.InstanceDelete, cloudsim.AppConfigEUGUID), url.Values{"confirm": {"app-config-eu"}},
			[]string{"The instance was not deleted", "Resource Controller refused", "Access (IAM)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t, consoletest.Options{})
			// App Configuration is authorized to read the keys, so the integration create reaches App Configuration.
			tc.signIn(cloudsim.DemoAdminAPIKey)
			if resp, body := tc.post(wizard, nil); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("authorization as the administrator: status %d\n%s", resp.StatusCode, textOf(body))
			}
			tc.signIn(cloudsim.DemoViewerAPIKey)
			resp, body := tc.post(tt.path, tt.form)
			text := html.UnescapeString(textOf(body))
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d Location %q, want 403\n%s", resp.StatusCode, resp.Header.Get("Location"), text)
			}
			assertContains(t, text, tt.wants, nil)
			if strings.Contains(text, "session") {
				t.Errorf("a missing role is reported as a session problem:\n%s", text)
			}
			assertNoInternals(t, body)
			if resp, _ := tc.get("/"); resp.StatusCode != http.StatusOK {
				t.Errorf("after the refusal: status %d Location %q, want the user still signed in", resp.StatusCode, resp.Header.Get("Location"))
			}
		})
	}
}

func TestSessionEndsAtItsAbsoluteLifetime(t *testing.T) {
	t.Parallel()
	clock := &consoletest.Clock{}
	tc := newTestConsole(t, consoletest.Options{Now: clock.Now})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	// Active all day: every page renews the token (the console's clock is ahead of the tokens'), the session goes on.
	var at time.Duration
	for _, step := range []time.Duration{3 * time.Hour, 3 * time.Hour, 3 * time.Hour, 2*time.Hour + 50*time.Minute} {
		clock.Advance(step)
		at += step
		if resp, body := tc.get(integrationsPage); resp.StatusCode != http.StatusOK {
			t.Fatalf("after %v: status %d\n%.300s", at, resp.StatusCode, body)
		}
	}
	clock.Advance(11 * time.Minute) // 12 h 1 min after sign-in
	resp, _ := tc.get(integrationsPage)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "reason=lifetime-reached") || !strings.Contains(loc, "return=") {
		t.Fatalf("after 12 hours: status %d, Location %q", resp.StatusCode, loc)
	}
	_, body := tc.get(loc)
	if !strings.Contains(body, "a session lasts at most 12 hours") || !strings.Contains(body, `name="apikey"`) {
		t.Errorf("the sign-in page does not say why the session ended:\n%.500s", body)
	}
	if resp, _ := tc.get("/"); resp.StatusCode != http.StatusSeeOther || strings.Contains(resp.Header.Get("Location"), "reason=") {
		t.Errorf("the session outlived its lifetime: status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// The sign-in page itself ends such a session rather than sending it back.
	tc.signIn(cloudsim.DemoAdminAPIKey)
	clock.Advance(12*time.Hour + time.Minute) // 12 h 1 min after the second sign-in
	if resp, body := tc.get(routes.Path(routes.SignInPage) + "?return=/"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "a session lasts at most 12 hours") {
		t.Errorf("/signin with a session past its lifetime: status %d\n%s", resp.StatusCode, body)
	}
}
