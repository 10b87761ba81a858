package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/routes"
)

func kmsPanelPath(guid string, q url.Values) string {
	p := routes.Path(routes.KMSPanel, guid)
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	return p
}

// createDisabled reports whether the panel's Create button is disabled.
func createDisabled(body string) bool {
	m := regexp.MustCompile(`<button[^>]*id="kms-create"[^>]*>`).FindString(body)
	return strings.Contains(m, " disabled")
}

func TestKMSPanelStates(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	kp := url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}}
	withKey := url.Values{"service": {"kms"}, "instance": {cloudsim.KeyProtectUSSouthGUID}, "key": {cloudsim.AppConfigRootKeyID}}
	authorized := url.Values{"service": {"kms"}, "instance": {cloudsim.KeyProtectUSSouthGUID}, "key": {cloudsim.AppConfigRootKeyID}, "authorize": {"1"}}
	tests := []struct {
		name           string
		path           string
		fragment       bool
		status         int
		wants, donts   []string
		createDisabled bool
	}{
		{
			name: "opened from Connect", path: kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, nil), status: http.StatusOK,
			wants: []string{"<!doctype html>", `id="kms-panel"`, "Key Management", "Find the root key to encrypt IBM Cloud App configuration data stored.",
				"Service", ">Key Protect<", ">Hyper Protect Crypto Services (no longer available for new App Configuration integrations since March 2026)<",
				"Release note", "app-configuration-Mar172026", "Choose existing instance", "Create a new instance",
				`value="existing" checked`, "Instance name", "Select an instance", "key-protect-us-south (us-south)",
				"key-protect-eu-de (eu-de)", "Root key", "Select a root key", "Cancel", "Create", "Apply choices",
				"You haven't connected a Key Management service instance yet."},
			donts: []string{"hpcs-us-south", "Service authorization"},
		},
		{
			// App Configuration release notes, 17 March 2026: no new HPCS integrations. An address that chooses it shows why.
			name: "Hyper Protect Crypto Services", path: kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, url.Values{"service": {"hs-crypto"}}),
			status: http.StatusOK, wants: []string{`value="hs-crypto" selected`, "Hyper Protect Crypto Services is not available",
				"no longer supports new integrations with Hyper Protect Crypto Services", "Use Key Protect", "Release note"},
			donts:          []string{"hpcs-us-south", "key-protect-us-south", `name="instance"`},
			createDisabled: true,
		},
		{
			name: "new Hyper Protect Crypto Services instance", path: kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, url.Values{"service": {"hs-crypto"}, "mode": {"new"}}),
			status: http.StatusOK, wants: []string{"Hyper Protect Crypto Services is not available", "Use Key Protect"},
			donts:          []string{"Create instance", `name="region"`},
			createDisabled: true,
		},
		{
			name: "instance chosen lists its root keys", path: kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, kp), status: http.StatusOK,
			wants: []string{"app-config-root-key", "backup-root-key", "suspended-root-key (suspended: enable it to use it)",
				"Service authorization", "App Configuration is not yet authorized", "Reader", "key-protect-us-south",
				"Authorize App Configuration as part of Create",
				routes.Path(routes.AuthorizationWizard) + "?", "source_service=apprapp", "source_scope=instance",
				"source_instance=" + cloudsim.AppConfigEnterpriseGUID, "target_service=kms", "target_scope=instance",
				"target_instance=" + cloudsim.KeyProtectUSSouthGUID, "role=Reader", "return=%2Finstances%2F"},
			donts: []string{"standard-data-key"},
		},
		{
			name: "key chosen but not authorized", path: kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, withKey), status: http.StatusOK,
			wants: []string{`value="` + cloudsim.AppConfigRootKeyID + `" selected`},
		},
		{
			name: "choice complete with authorize", path: kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, authorized), status: http.StatusOK,
			wants: []string{`name="authorize" value="1" checked`},
		},
		{
			name: "unusable key is not kept", path: kmsPanelPath(cloudsim.AppConfigEnterpriseGUID,
				url.Values{"instance": {cloudsim.KeyProtectUSSouthGUID}, "key": {cloudsim.SuspendedRootKeyID}, "authorize": {"1"}}),
			status: http.StatusOK, donts: []string{`value="` + cloudsim.SuspendedRootKeyID + `" selected`},
		},
		{
			name: "KYOK key in the address", path: kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, url.Values{"service": {"hs-crypto"},
				"instance": {cloudsim.HPCSUSSouthGUID}, "key": {cloudsim.KYOKRootKeyID}, "authorize": {"1"}}),
			status: http.StatusOK, wants: []string{"Hyper Protect Crypto Services is not available"}, donts: []string{"kyok-root-key", "target_service=hs-crypto"},
			createDisabled: true,
		},
		{
			name: "instance gone", path: kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, url.Values{"instance": {"00000000-0000-4000-8000-0000000000ff"}}),
			status: http.StatusOK, wants: []string{"Instance not found", "no longer exists"},
		},
		{
			name: "already connected", path: kmsPanelPath(cloudsim.AppConfigEUGUID, url.Values{"instance": {cloudsim.KeyProtectEUDEGUID}}),
			status: http.StatusOK, wants: []string{"Already connected", cloudsim.EURootKeyID, `data-authorization-exists="true"`,
				"App Configuration is already authorized"}, createDisabled: true,
		},
		{
			name: "not Enterprise", path: kmsPanelPath(cloudsim.AppConfigLiteGUID, nil), status: http.StatusOK,
			wants: []string{"Enterprise plan required", "app-config-lite is on the Lite plan"}, donts: []string{"key-protect-us-south"},
			createDisabled: true,
		},
		{
			name: "create a new instance", path: kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, url.Values{"mode": {"new"}}), status: http.StatusOK,
			wants: []string{`value="new" checked`, "Create a Key Protect instance", `name="name"`, `name="region"`, "us-south", `name="plan"`,
				"Standard", `name="group"`, "Default", "production", "Create instance", routes.Path(routes.KMSInstanceCreate, cloudsim.AppConfigEnterpriseGUID)},
		},
		{
			name: "fragment for htmx", path: kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, kp), fragment: true, status: http.StatusOK,
			wants: []string{`id="kms-panel"`, `id="kms-fields"`, "app-config-root-key"},
			donts: []string{"<!doctype html>", "You haven't connected"},
		},
		{
			name: "malformed choices fall back to defaults", path: kmsPanelPath(cloudsim.AppConfigEnterpriseGUID,
				url.Values{"service": {"<script>"}, "mode": {"x"}, "instance": {"../../etc"}, "key": {"'"}}),
			status: http.StatusOK, wants: []string{`value="kms" selected`, `value="existing" checked`}, donts: []string{"<script>"},
		},
		{name: "unknown App Configuration instance", path: kmsPanelPath("00000000-0000-4000-8000-0000000000ff", nil), status: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			get := tc.get
			if tt.fragment {
				get = tc.getHX
			}
			resp, body := get(tt.path)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tt.status, body)
			}
			if resp.StatusCode != http.StatusOK {
				return
			}
			assertContains(t, body, tt.wants, tt.donts)
			// Create stays enabled (the choice is validated on submit) unless something refuses the integration.
			if got := createDisabled(body); got != tt.createDisabled {
				t.Errorf("Create disabled = %v, want %v", got, tt.createDisabled)
			}
		})
	}
}

func TestKMSPanelApplyRedirectsToChoices(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	resp, _ := tc.get(kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, url.Values{"apply": {"1"}, "csrf": {"secret"}, "service": {"hs-crypto"},
		"mode": {"existing"}, "instance": {cloudsim.HPCSUSSouthGUID}, "key_name": {"x"}}))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303", resp.StatusCode)
	}
	want := kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, url.Values{"service": {"hs-crypto"}, "mode": {"existing"}, "instance": {cloudsim.HPCSUSSouthGUID}})
	if got := resp.Header.Get("Location"); got != want {
		t.Fatalf("Location %q, want %q", got, want)
	}
}

// A policy scoped to one root key (resourceType "key", resource the key ID, as terraform-ibm-modules' App Configuration
// module writes it) authorizes that key only: the panel counts it for that key and not for another or the instance, and
// the authorizations list shows the key.
func TestKMSPanelKeyScopedAuthorization(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	tc.Inspect(t).CreateAuthorization(
		[]string{"accountId", cloudsim.DemoAccountID, "serviceName", "apprapp", "serviceInstance", cloudsim.AppConfigEnterpriseGUID},
		[]string{"accountId", cloudsim.DemoAccountID, "serviceName", "kms", "serviceInstance", cloudsim.KeyProtectUSSouthGUID,
			"resourceType", "key", "resource", cloudsim.AppConfigRootKeyID},
		cloudsim.RoleReaderCRN)
	for _, tt := range []struct {
		key  string
		want string
	}{{cloudsim.AppConfigRootKeyID, "true"}, {cloudsim.BackupRootKeyID, "false"}, {"", "false"}} {
		q := url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}}
		if tt.key != "" {
			q.Set("key", tt.key)
		}
		resp, body := tc.get(kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, q))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("key %q: status %d", tt.key, resp.StatusCode)
		}
		if !strings.Contains(body, `data-authorization-exists="`+tt.want+`"`) {
			t.Errorf("key %q: want data-authorization-exists=%q", tt.key, tt.want)
		}
	}
	// The authorizations list says the policy covers one key, not the whole instance.
	if _, list := tc.get(routes.Path(routes.Authorizations)); !strings.Contains(list, "Instance key-protect-us-south, Key "+cloudsim.AppConfigRootKeyID) {
		t.Errorf("the authorizations list does not show the key scope")
	}
}
