package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

// assertContains fails the test unless body has every one of wants, and none of donts.
func assertContains(t *testing.T, body string, wants, donts []string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
	for _, d := range donts {
		if strings.Contains(body, d) {
			t.Errorf("body has %q", d)
		}
	}
	if t.Failed() {
		if i := strings.Index(body, `id="instance-content"`); i >= 0 {
			body = body[i:]
		}
		t.Logf("body:\n%s", body)
	}
}

func TestIntegrationsPage(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	checkPages(t, tc, []pageCase{
		{
			name: "enterprise, nothing connected", path: routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID), wants: []string{"Integrations", "All other services currently connected to this instance of App Configuration.",
				"Key Management", "Manage the lifecycle of your encryption keys", "You haven't connected a Key Management service instance yet.",
				`href="` + routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseCRN) + `"`, "Event Notifications",
				"You haven't connected an Event Notifications service instance yet.",
				`href="` + routes.Path(routes.ENPanel, cloudsim.AppConfigEnterpriseCRN) + `"`, `id="integrations-panel"`,
				`href="` + routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseCRN) + `"`},
			donts: []string{"Enterprise plan required", "data-kms-connected"},
		},
		{
			name: "lite plan is gated", path: routes.Path(routes.Integrations, cloudsim.AppConfigLiteGUID), wants: []string{"Enterprise plan required", "supported only on the App Configuration Enterprise plan"},
			donts: []string{`href="` + routes.Path(routes.KMSPanel, cloudsim.AppConfigLiteCRN) + `"`, `href="` + routes.Path(routes.KMSPanel, cloudsim.AppConfigLiteGUID) + `"`},
		},
		{
			name: "connected instance", path: routes.Path(routes.Integrations, cloudsim.AppConfigEUGUID), wants: []string{"data-kms-connected", "Key Protect", "BYOK", "key-protect-eu-de", "eu-de", "eu-root-key", cloudsim.EURootKeyID,
				"Usable", `data-status="active"`, "Refresh", "Connected", "Customer-managed encryption stays on", ">Delete instance<"},
			donts: []string{"You haven't connected a Key Management service instance yet."},
		},
		{name: "not a GUID", path: routes.Path(routes.Integrations, "not-a-guid"), status: http.StatusNotFound},
		{name: "unknown instance", path: routes.Path(routes.Integrations, "00000000-0000-4000-8000-0000000000ff"), status: http.StatusNotFound},
		{name: "not App Configuration", path: routes.Path(routes.Integrations, cloudsim.KeyProtectUSSouthGUID), status: http.StatusNotFound},
	})
}

func TestIntegrationsPageNeedsSignIn(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{})
	resp, _ := tc.get(routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID))
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound {
		t.Fatalf("status %d, want a redirect to sign in", resp.StatusCode)
	}
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, routes.Path(routes.SignInPage)) {
		t.Fatalf("Location %q, want /signin...", loc)
	}
}
