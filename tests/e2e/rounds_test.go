package e2e

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

// everyAPISlow makes each of cloudsim's APIs answer after 100 ms, so that upstream requests the console sends together
// overlap in cloudsim's request log and count as one round.
const everyAPISlow = "iam=latency:100ms;resource-controller=latency:100ms;resource-manager=latency:100ms;" +
	"global-catalog=latency:100ms;iam-policy=latency:100ms;kms=latency:100ms;appconfig=latency:100ms"

// TestPagesTakeTheirUpstreamRounds counts the sequential rounds of upstream requests of pages, cold (the first request
// of a fresh console right after sign-in) and warm (the same request again): each may take at most the rounds it takes
// today. A request that depends on another may start while an unrelated one is still running and so share its round;
// the counts are therefore bounds.
func TestPagesTakeTheirUpstreamRounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		path       string
		cold, warm int
	}{
		// The instance with its integrations (the region from the CRN in the address; the plan's names read as the
		// console started); the Key Protect instances are read for the panel without waiting for them.
		{"integrations page", routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseCRN), 1, 1},
		// The instance with the Key Protect instances and the integrations.
		{"Key Management panel by link", routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseCRN), 1, 1},
		// The authorizations with every name they refer to.
		{"authorizations list", routes.Path(routes.Authorizations), 1, 1},
		// The catalog's services, the groups, the instances, the roles and the authorizations, together.
		{"authorization wizard, pre-filled", routes.Path(routes.AuthorizationWizard) + "?" + url.Values{
			"source_service": {"apprapp"}, "source_scope": {"instance"}, "source_instance": {cloudsim.AppConfigEnterpriseGUID},
			"target_service": {"kms"}, "target_scope": {"instance"}, "target_instance": {cloudsim.KeyProtectUSSouthGUID},
			"role": {"Reader"},
		}.Encode(), 1, 1},
		// The instance with its keys (the endpoint from the CRN's region).
		{"Key Protect instance page", routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthCRN), 1, 1},
		// The instance with the key and its registrations; then the registered resources' instances.
		{"key page", routes.Path(routes.KMSKey, cloudsim.KeyProtectUSSouthCRN, cloudsim.AppConfigRootKeyID), 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := consoletest.Start(t, consoletest.Options{Faults: everyAPISlow})
			client := c.Client(t, cloudsim.DemoAdminAPIKey)
			for _, visit := range []struct {
				name string
				most int
			}{{"cold", tt.cold}, {"warm", tt.warm}} {
				mark := c.Log.Len()
				resp, err := client.Get(c.URL + tt.path)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: status %d", visit.name, resp.StatusCode)
				}
				requests := c.Log.Since(mark)
				// Warm, a page may take no round: the integration lists are remembered for a few seconds.
				if got := consoletest.Rounds(requests); got > visit.most || got == 0 && visit.name == "cold" {
					var paths []string
					for _, r := range requests {
						paths = append(paths, r.Method+" "+r.Path)
					}
					t.Errorf("%s: %d rounds, want at most %d; requests:\n%s", visit.name, got, visit.most, strings.Join(paths, "\n"))
				}
			}
		})
	}
}

// TestInstanceAddresses checks the two ways an address names an instance: by GUID (older links), which still works,
// and by CRN, which must be the instance's own: a CRN naming another account or region, or an instance that does not
// exist, is refused with the same 404 page (only the address differs), shows nothing of the instance, and sends no
// request that changes anything upstream.
func TestInstanceAddresses(t *testing.T) {
	t.Parallel()
	c := consoletest.Start(t, consoletest.Options{})
	client := c.Client(t, cloudsim.DemoAdminAPIKey)
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := client.Get(c.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(body)
	}
	for _, path := range []string{
		routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID),
		routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseGUID),
		routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthGUID),
		routes.Path(routes.KMSKey, cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID),
	} {
		if status, body := get(path); status != http.StatusOK {
			t.Errorf("GET %s: status %d\n%.300s", path, status, body)
		}
	}

	const unknownGUID = "00000000-0000-4000-8000-0000000000ff"
	swap := func(crn, from, to string) string { return strings.Replace(crn, from, to, 1) }
	tests := []struct {
		name, route, crn, instanceName string
	}{
		{"App Configuration, another account", routes.Integrations, swap(cloudsim.AppConfigEnterpriseCRN, cloudsim.DemoAccountID, cloudsim.OtherAccountID), "app-config-enterprise"},
		{"App Configuration, another region", routes.Integrations, swap(cloudsim.AppConfigEnterpriseCRN, ":us-south:", ":eu-de:"), "app-config-enterprise"},
		{"Key Management panel, another region", routes.KMSPanel, swap(cloudsim.AppConfigEnterpriseCRN, ":us-south:", ":eu-gb:"), "app-config-enterprise"},
		{"Key Protect, another account", routes.KMSInstance, swap(cloudsim.KeyProtectUSSouthCRN, cloudsim.DemoAccountID, cloudsim.OtherAccountID), "key-protect-us-south"},
		{"Key Protect, another region", routes.KMSInstance, swap(cloudsim.KeyProtectUSSouthCRN, ":us-south:", ":eu-de:"), "key-protect-us-south"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			unknown := swap(cloudsim.AppConfigEnterpriseCRN, cloudsim.AppConfigEnterpriseGUID, unknownGUID)
			if tt.route == routes.KMSInstance {
				unknown = swap(cloudsim.KeyProtectUSSouthCRN, cloudsim.KeyProtectUSSouthGUID, unknownGUID)
			}
			wantStatus, want := get(routes.Path(tt.route, unknown))
			mark := c.Log.Len()
			status, body := get(routes.Path(tt.route, tt.crn))
			if status != http.StatusNotFound || wantStatus != http.StatusNotFound {
				t.Fatalf("status %d (unknown instance %d), want 404", status, wantStatus)
			}
			// The pages differ only in the address they name.
			same := func(page, crn string) string {
				return strings.NewReplacer(routes.Path(tt.route, crn), "ADDRESS", crn, "CRN").Replace(page)
			}
			if same(body, tt.crn) != same(want, unknown) {
				t.Errorf("the page differs from an unknown instance's:\n%s\n---\n%s", same(body, tt.crn), same(want, unknown))
			}
			if strings.Contains(body, tt.instanceName) {
				t.Errorf("the page names the instance %s", tt.instanceName)
			}
			for _, r := range c.Log.Since(mark) {
				if r.Method != http.MethodGet {
					t.Errorf("upstream %s %s", r.Method, r.Path)
				}
			}
		})
	}
}
