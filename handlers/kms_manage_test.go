package handlers_test

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/ibmcli"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/iam"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
)

// TestKMSHasNoDisconnect: customer-managed encryption cannot be disabled (ibm-cloud-docs/app-configuration
// ac-managing-encryption.md), so Key Management has no Disconnect; the connected row says so and links to deleting
// the instance.
func TestKMSHasNoDisconnect(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	cloud := tc.Inspect(t)
	path := routes.Path(routes.KMSPanel, cloudsim.AppConfigEUGUID) + "/disconnect"
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		var resp *http.Response
		if method == http.MethodGet {
			resp, _ = tc.get(path)
		} else {
			resp, _ = tc.post(path, nil)
		}
		if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: status %d, want no such page", method, path, resp.StatusCode)
		}
	}
	if n := len(cloud.Integrations(cloudsim.AppConfigEUGUID, "eu-de", appconfig.TypeKMS)); n != 1 {
		t.Fatalf("%d KMS integrations, want the seeded one", n)
	}
	_, page := tc.get(routes.Path(routes.Integrations, cloudsim.AppConfigEUGUID))
	assertContains(t, page, []string{"Customer-managed encryption stays on for the life of the instance", `aria-disabled="true"`,
		">Delete instance<", `href="` + routes.Path(routes.InstanceDeleteConfirm, cloudsim.AppConfigEUCRN) + `"`}, []string{"/integrations/kms/disconnect"})
}

func TestKMSRefresh(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	path := routes.Path(routes.KMSRefresh, cloudsim.AppConfigEUGUID)
	resp, _ := tc.post(path, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", resp.StatusCode)
	}
	form := url.Values{"csrf": {tc.csrfToken()}}
	req, _ := http.NewRequest(http.MethodPost, tc.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	resp, body := tc.do(req)
	if resp.StatusCode != http.StatusOK || strings.Contains(body, "<!doctype html>") {
		t.Fatalf("htmx refresh: status %d", resp.StatusCode)
	}
	assertContains(t, body, []string{`id="kms-tile"`, "eu-root-key", "Usable"}, nil)
}

func TestKMSRootKeyCreate(t *testing.T) {
	t.Parallel()
	path := routes.Path(routes.KMSRootKeyCreate, cloudsim.AppConfigEnterpriseGUID)
	tests := []struct {
		name, apiKey, keyName, instance string
		status                          int
		wants                           []string
	}{
		{name: "created and chosen", apiKey: cloudsim.DemoAdminAPIKey, keyName: "my-new-root-key", instance: cloudsim.KeyProtectUSSouthGUID, status: http.StatusSeeOther},
		{name: "bad name", apiKey: cloudsim.DemoAdminAPIKey, keyName: "bad name!", instance: cloudsim.KeyProtectUSSouthGUID,
			status: http.StatusUnprocessableEntity, wants: []string{"Check the root key name", "Nothing was created."}},
		{name: "no instance", apiKey: cloudsim.DemoAdminAPIKey, keyName: "ok-name", status: http.StatusUnprocessableEntity, wants: []string{"Choose an instance"}},
		{name: "read-only user", apiKey: cloudsim.DemoViewerAPIKey, keyName: "viewer-key", instance: cloudsim.KeyProtectUSSouthGUID,
			status: http.StatusForbidden, wants: []string{"The root key could not be created", "Ask an account administrator"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, tt.apiKey)
			resp, body := tc.post(path, url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {tt.instance}, "key_name": {tt.keyName}})
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != http.StatusSeeOther {
				assertContains(t, body, tt.wants, nil)
				return
			}
			loc := resp.Header.Get("Location")
			if !strings.Contains(loc, "instance="+cloudsim.KeyProtectUSSouthGUID) || !strings.Contains(loc, "key=") {
				t.Fatalf("Location %q", loc)
			}
			_, panel := tc.get(loc)
			assertContains(t, panel, []string{"Root key created", "my-new-root-key"}, nil)
		})
	}
}

func TestKMSInstanceCreate(t *testing.T) {
	t.Parallel()
	path := routes.Path(routes.KMSInstanceCreate, cloudsim.AppConfigEnterpriseGUID)
	valid := url.Values{"service": {"kms"}, "mode": {"new"}, "name": {"kp-from-panel"}, "region": {"us-east"},
		"plan": {cloudsim.KeyProtectPlanID}, "group": {cloudsim.DefaultResourceGroupID}}
	with := func(k, v string) url.Values { return withField(valid, k, v) }
	tests := []struct {
		name   string
		apiKey string
		form   url.Values
		status int
		wants  []string
	}{
		{name: "created and chosen", apiKey: cloudsim.DemoAdminAPIKey, form: valid, status: http.StatusSeeOther},
		{name: "no name", apiKey: cloudsim.DemoAdminAPIKey, form: with("name", " "), status: http.StatusUnprocessableEntity,
			wants: []string{"Enter a name for the instance.", "Nothing was created."}},
		{name: "unknown region", apiKey: cloudsim.DemoAdminAPIKey, form: with("region", "mars-1"), status: http.StatusUnprocessableEntity,
			wants: []string{"Choose one of the listed regions."}},
		{name: "unknown plan", apiKey: cloudsim.DemoAdminAPIKey, form: with("plan", "x"), status: http.StatusUnprocessableEntity,
			wants: []string{"Choose one of the listed plans."}},
		{name: "read-only user", apiKey: cloudsim.DemoViewerAPIKey, form: valid, status: http.StatusForbidden,
			wants: []string{"The instance could not be created", "Ask an account administrator"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, tt.apiKey)
			// Open the panel first, so the remembered instance list must be forgotten for the new instance to show.
			tc.get(kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, nil))
			mark := tc.Log.Len()
			resp, body := tc.post(path, maps.Clone(tt.form)) // post adds this console's CSRF token to the form
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			// The form's choices are read once, to check the form and to show it again.
			groupReads := 0
			for _, r := range tc.Log.Since(mark) {
				if r.Method == http.MethodGet && strings.HasPrefix(r.Path, "/v2/resource_groups") {
					groupReads++
				}
			}
			if groupReads != 1 {
				t.Errorf("%d reads of the resource groups, want 1", groupReads)
			}
			if tt.status != http.StatusSeeOther {
				assertContains(t, body, append(tt.wants, `value="new" checked`), nil)
				return
			}
			loc := resp.Header.Get("Location")
			if !strings.Contains(loc, "mode=existing") || !strings.Contains(loc, "instance=") {
				t.Fatalf("Location %q", loc)
			}
			_, panel := tc.get(loc)
			assertContains(t, panel, []string{"Instance created", "selected>kp-from-panel (us-east)", "has no active root key", "Create a root key"}, nil)
		})
	}
}

// TestKMSInstanceCreateRefusesHPCS: no new Hyper Protect Crypto Services instance from the panel (App Configuration
// takes no new HPCS integrations since March 2026); the refusal says why and nothing is created.
func TestKMSInstanceCreateRefusesHPCS(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	form := url.Values{"service": {"hs-crypto"}, "mode": {"new"}, "name": {"hpcs-from-panel"}, "region": {"us-south"},
		"plan": {cloudsim.HPCSStandardPlanID}, "group": {cloudsim.DefaultResourceGroupID}}
	resp, body := tc.post(routes.Path(routes.KMSInstanceCreate, cloudsim.AppConfigEnterpriseGUID), form)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", resp.StatusCode)
	}
	assertContains(t, body, []string{"Check the form", "Hyper Protect Crypto Services instances can no longer be created", "Nothing was created.",
		"Hyper Protect Crypto Services is not available", "Use Key Protect"}, []string{"Create instance"})
	connector := servicetest.Connector(tc.Sim)
	list, err := resources.NewService(connector).ListInstances(context.Background(), tc.Inspect(t).Token(), resources.ServiceHPCS)
	if err != nil || len(list) != 1 || list[0].Name != "hpcs-us-south" {
		t.Fatalf("HPCS instances after the refusal = %+v, %v; want only the seeded one", list, err)
	}
}

// TestExistingHPCSIntegrationKeepsWorking: an HPCS (KYOK) integration made before 17 March 2026 is still shown,
// refreshed and offered no Disconnect, like any other (App Configuration release notes: existing ones keep working).
func TestExistingHPCSIntegrationKeepsWorking(t *testing.T) {
	t.Parallel()
	var now atomic.Value
	now.Store(cloudsim.HPCSIntegrationsClosed.Add(-time.Hour))
	tc := newTestConsole(t, consoletest.Options{Sim: []func(*cloudsim.Options){func(o *cloudsim.Options) { o.Clock = func() time.Time { return now.Load().(time.Time) } }}})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	cloud := tc.Inspect(t)
	ctx := context.Background()
	if _, err := iam.NewService(cloud.Connector()).CreateAuthorization(ctx, cloud.Token(), iam.Authorization{
		Source: iam.Party{AccountID: cloudsim.DemoAccountID, Service: resources.ServiceAppConfig, InstanceGUID: cloudsim.AppConfigEnterpriseGUID},
		Target: iam.Party{AccountID: cloudsim.DemoAccountID, Service: resources.ServiceHPCS, InstanceGUID: cloudsim.HPCSUSSouthGUID},
		Roles:  []iam.Role{{CRN: kms.RoleReaderCRN}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := appconfig.NewService(cloud.Connector()).CreateKMSIntegration(ctx, cloud.Token(), appconfig.Instance{GUID: cloudsim.AppConfigEnterpriseGUID, Region: "us-south"},
		appconfig.KMSInput{InstanceCRN: cloudsim.HPCSUSSouthCRN, Endpoint: tc.Sim.URL, RootKeyID: cloudsim.KYOKRootKeyID}); err != nil {
		t.Fatal(err)
	}
	now.Store(cloudsim.HPCSIntegrationsClosed.Add(24 * time.Hour))

	_, page := tc.get(routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID))
	assertContains(t, page, []string{"data-kms-connected", "Hyper Protect Crypto Services", "KYOK", "hpcs-us-south", "kyok-root-key", "Usable",
		"Customer-managed encryption stays on for the life of the instance"}, []string{"/integrations/kms/disconnect"})
	resp, _ := tc.post(routes.Path(routes.KMSRefresh, cloudsim.AppConfigEnterpriseGUID), nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("refresh: status %d", resp.StatusCode)
	}
	_, page = tc.get(routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID))
	assertContains(t, page, []string{"kyok-root-key", "KYOK"}, nil)
	if len(cloud.Registrations(cloudsim.HPCSUSSouthGUID, cloudsim.KYOKRootKeyID, cloudsim.AppConfigEnterpriseCRN)) == 0 {
		t.Error("the registration of the existing integration is gone")
	}
}

// TestRefreshReadsAChangeMadeOutsideTheConsole: the Integrations page remembers an instance's integration list for a
// few seconds, but Refresh reads it afresh, so an integration made meanwhile with the command line shows at once.
func TestRefreshReadsAChangeMadeOutsideTheConsole(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	page := routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID)
	if _, body := tc.get(page); strings.Contains(body, "data-kms-connected") {
		t.Fatal("app-config-enterprise starts connected")
	}
	env := map[string]string{"IBMCLOUD_HOME": t.TempDir()}
	for _, args := range [][]string{
		{"login", "-a", tc.Sim.URL, "--apikey", cloudsim.DemoAdminAPIKey, "-r", "us-south"},
		{"iam", "authorization-policy-create", "apprapp", "kms", "Reader", "--source-service-instance-id", cloudsim.AppConfigEnterpriseGUID},
		{"app-configuration", "integration-create", "--guid", cloudsim.AppConfigEnterpriseGUID, "--integration-id", "kms-outside",
			"--integration-type", "KMS", "--metadata-kms-instance-crn", cloudsim.KeyProtectUSSouthCRN,
			"--metadata-kms-endpoint", tc.Sim.URL, "--metadata-root-key-id", cloudsim.AppConfigRootKeyID},
	} {
		var out strings.Builder
		if code := ibmcli.Run(context.Background(), args, func(k string) string { return env[k] }, &out, &out); code != 0 {
			t.Fatalf("ibmcloud %s: exit %d\n%s", strings.Join(args[:2], " "), code, out.String())
		}
	}
	form := url.Values{"csrf": {tc.csrfToken()}}
	req, _ := http.NewRequest(http.MethodPost, tc.URL+routes.Path(routes.KMSRefresh, cloudsim.AppConfigEnterpriseGUID), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	resp, body := tc.do(req)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("refresh: status %d", resp.StatusCode)
	}
	assertContains(t, body, []string{"data-kms-connected", cloudsim.AppConfigRootKeyID}, nil)
}
