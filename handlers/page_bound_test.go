package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/handlers"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/connect"
)

// Each request has one deadline for everything it reads and renders, also when it re-renders a panel or the page
// behind it after a failure. The tests use a short bound (1.5 s) and an upstream far slower (20 s); a request must
// answer within the bound plus a margin (1.3 s) for the work around the upstream calls, short of the two or three
// bounds that a fresh deadline per re-render would take.
// The two requests that connect an integration have a connection wait (1 s) on top.
const (
	testPageBound    = 1500 * time.Millisecond
	testConnectWait  = time.Second
	testConnectBound = testPageBound + testConnectWait
	testBoundSlack   = 1300 * time.Millisecond
)

func TestEveryRequestHasOneDeadline(t *testing.T) {
	t.Parallel()
	kp := url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}}
	complete := url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID},
		"key": {cloudsim.AppConfigRootKeyID}, "authorize": {"1"}}
	slowAll := "appconfig=latency:20s;kms=latency:20s;iam-policy=latency:20s;global-catalog=latency:20s;resource-manager=latency:20s"
	tests := []struct {
		name   string
		method string
		path   string
		form   url.Values
		faults string
		bound  time.Duration
	}{
		{"Key Management panel as a page", http.MethodGet, kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, kp), nil, slowAll, testPageBound},
		{"Key Management panel, form refused", http.MethodPost, kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, nil),
			url.Values{"service": {"kms"}, "mode": {"existing"}}, slowAll, testConnectBound},
		{"Key Management Create failing", http.MethodPost, kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, nil), complete, slowAll, testConnectBound},
		{"Key Management Create, App Configuration alone slow", http.MethodPost, kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, nil), complete, "appconfig=latency:20s", testConnectBound},
		{"new root key refused", http.MethodPost, routes.Path(routes.KMSRootKeyCreate, cloudsim.AppConfigEnterpriseGUID), kp, slowAll, testPageBound},
		{"Event Notifications panel as a page", http.MethodGet, enPanelPath, nil, slowAll, testPageBound},
		{"Event Notifications Save failing", http.MethodPost, enPanelPath, connectForm(), slowAll, testConnectBound},
		{"authorization wizard", http.MethodGet, routes.Path(routes.AuthorizationWizard) + "?source_service=apprapp&target_service=kms", nil, "iam-policy=latency:20s;global-catalog=latency:20s", testPageBound},
		{"authorization wizard's Authorize failing", http.MethodPost, routes.Path(routes.AuthorizationCreate) + "?source_service=apprapp&target_service=kms&role=" +
			url.QueryEscape(cloudsim.RoleReaderCRN), nil, "iam-policy=latency:20s;global-catalog=latency:20s", testPageBound},
		{"Integrations page", http.MethodGet, integrationsPage, nil, slowAll, testPageBound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := &consoletest.Clock{}
			tc := newTestConsole(t, consoletest.Options{Handlers: func(cfg *handlers.Config) { cfg.PageTimeout = testPageBound },
				Connect: connect.Wait{Total: testConnectWait, First: 50 * time.Millisecond, Max: 200 * time.Millisecond}, Now: clock.Now})
			tc.signIn(cloudsim.DemoAdminAPIKey)
			// The instance lists are remembered from a first visit, so the request reaches the calls that re-render.
			if resp, _ := tc.get(kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, kp)); resp.StatusCode != http.StatusOK {
				t.Fatalf("first visit: %d", resp.StatusCode)
			}
			tc.get(enPanelPath)
			// The integration lists, remembered for a shorter time, are read again.
			clock.Advance(appconfig.ListTTL)
			token := tc.csrfToken()
			tc.setFaults(tt.faults)
			tc.client.Timeout = 30 * time.Second
			start := time.Now()
			var resp *http.Response
			var body string
			if tt.method == http.MethodGet {
				resp, body = tc.get(tt.path)
			} else {
				form := url.Values{}
				for k, v := range tt.form {
					form[k] = v
				}
				form.Set("csrf", token)
				resp, body = tc.post(tt.path, form)
			}
			took := time.Since(start)
			t.Logf("status %d in %v", resp.StatusCode, took.Round(time.Millisecond))
			if took > tt.bound+testBoundSlack {
				t.Errorf("answered after %v, beyond the bound %v and its margin", took.Round(time.Millisecond), tt.bound)
			}
			if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusSeeOther {
				if strings.Contains(body, "Something went wrong") {
					t.Errorf("the page failed instead of saying what could not be read")
				}
				return
			}
			if strings.Contains(body, "Something went wrong") || !strings.Contains(strings.ToLower(body), "in time") && !strings.Contains(body, "could not") {
				t.Errorf("status %d does not say what timed out:\n%s", resp.StatusCode, excerpt(body))
			}
			assertNoInternals(t, body)
		})
	}
}

func TestPanelPageReadsTheIntegrationsOnce(t *testing.T) {
	t.Parallel()
	counter := &upstreamCounter{}
	clock := &consoletest.Clock{}
	tc := newTestConsole(t, consoletest.Options{Sim: []func(*cloudsim.Options){counter.option()}, Now: clock.Now})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	for _, path := range []string{kmsPanelPage, enPanelPage, integrationsPage} {
		// The integration list read by the page before is no longer remembered.
		clock.Advance(appconfig.ListTTL)
		counter.reset()
		if resp, _ := tc.get(path); resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, resp.StatusCode)
		}
		n := 0
		for _, r := range counter.seen() {
			if strings.HasPrefix(r, "GET ") && strings.HasSuffix(r, "/integrations") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s read the integrations %d times, want 1: %v", path, n, counter.seen())
		}
	}
}
