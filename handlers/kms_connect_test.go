package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/routes"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/kms"
)

func kmsForm(service, instance, key string, authorize bool) url.Values {
	f := url.Values{"service": {service}, "mode": {"existing"}, "instance": {instance}, "key": {key}}
	if authorize {
		f.Set("authorize", "1")
	}
	return f
}

func TestKMSConnectRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		apiKey string
		guid   string
		form   url.Values
		faults cloudsim.Faults
		status int
		wants  []string
		donts  []string
		// kept says the authorization this attempt created stays in place.
		kept bool
		// panelFirst opens the panel on the form's choice first, so that Create starts from what it showed.
		panelFirst bool
	}{
		{
			name: "incomplete choice", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEnterpriseGUID,
			form: url.Values{"service": {"kms"}, "instance": {cloudsim.KeyProtectUSSouthGUID}}, status: http.StatusUnprocessableEntity,
			wants: []string{"Choose an instance and a root key", "Nothing was created."},
		},
		{
			name: "not authorized and not asked to authorize", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEnterpriseGUID,
			form: kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, false), status: http.StatusUnprocessableEntity,
			wants: []string{"Service authorization needed", "Authorize App Configuration as part of Create", "Nothing was created."},
		},
		{
			name: "suspended root key", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEnterpriseGUID,
			form: kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.SuspendedRootKeyID, true), status: http.StatusUnprocessableEntity,
			wants: []string{"Could not connect", "Root key suspended-root-key is Suspended", "Nothing was created."},
		},
		{
			name: "standard key", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEnterpriseGUID,
			form: kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.StandardDataKeyID, true), status: http.StatusUnprocessableEntity,
			wants: []string{"Could not connect", "standard-data-key is a standard key", "choose a root key"}, donts: []string{"is Active", "choose an active"},
		},
		{
			name: "key gone", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEnterpriseGUID,
			form: kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, "00000000-0000-4000-8000-0000000000aa", true), status: http.StatusNotFound,
			wants: []string{"Could not connect", "reading the root key", "may have been deleted", "Nothing was created."},
		},
		{
			name: "instance gone", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEnterpriseGUID,
			form: kmsForm("kms", "00000000-0000-4000-8000-0000000000ff", cloudsim.AppConfigRootKeyID, true), status: http.StatusNotFound,
			wants: []string{"Instance not found"},
		},
		{
			name: "not Enterprise", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigLiteGUID,
			form: kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, true), status: http.StatusForbidden,
			wants: []string{"Enterprise plan required"},
		},
		{
			name: "already connected", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEUGUID,
			form: kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, true), status: http.StatusConflict,
			wants: []string{"Already connected", cloudsim.EURootKeyID},
		},
		{
			name: "read-only user", apiKey: cloudsim.DemoViewerAPIKey, guid: cloudsim.AppConfigEnterpriseGUID,
			form: kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, true), status: http.StatusForbidden,
			wants: []string{"Could not connect", "creating the service authorization", "refused", "Ask an account administrator", "Nothing was created."},
		},
		{
			name: "integration fails after the authorization was made", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEnterpriseGUID,
			form: kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, true),
			// Requests 2 and 3 fail: the list before the create succeeds, the create and its one retry fail.
			faults: cloudsim.Faults{"appconfig": {ErrorRate: 0.67, ErrorStatus: http.StatusInternalServerError}},
			status: http.StatusBadGateway,
			wants: []string{"Could not connect", "creating the integration", "The integration was not created",
				"was created for this attempt and is kept", "Create uses it next time"},
			kept: true,
		},
		{
			name: "new authorization not in effect within the wait", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEnterpriseGUID,
			form:   kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, true),
			faults: cloudsim.Faults{"iam-policy": {Propagation: time.Hour}},
			status: http.StatusServiceUnavailable,
			wants: []string{"Authorization not in effect yet", "is in place (created for this attempt)", "The integration was not created",
				"Try Create again in a minute; the authorization is in place."},
			kept: true,
		},
		{
			name: "Hyper Protect Crypto Services", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEnterpriseGUID,
			form: kmsForm("hs-crypto", cloudsim.HPCSUSSouthGUID, cloudsim.KYOKRootKeyID, true), status: http.StatusUnprocessableEntity,
			wants: []string{"Could not connect", "no longer supports new integrations with Hyper Protect Crypto Services", "Nothing was created.",
				"Hyper Protect Crypto Services is not available", "Use Key Protect"},
		},
		{
			name: "already connected, not asked to authorize: App Configuration's refusal", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEUGUID,
			form: kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, false), status: http.StatusConflict,
			wants: []string{"Already connected", cloudsim.EURootKeyID, "Nothing was created."},
		},
		{
			name: "already connected, as the panel showed it", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEUGUID, panelFirst: true,
			form: kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, true), status: http.StatusConflict,
			wants: []string{"Already connected", cloudsim.EURootKeyID, "Nothing was created."},
		},
		{
			name: "suspended root key, as the panel showed it", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEnterpriseGUID, panelFirst: true,
			form: kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.SuspendedRootKeyID, true), status: http.StatusUnprocessableEntity,
			wants: []string{"Could not connect", "Root key suspended-root-key is Suspended", "Nothing was created."},
		},
		{
			name: "not authorized, as the panel showed it", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEnterpriseGUID, panelFirst: true,
			form: kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, false), status: http.StatusUnprocessableEntity,
			wants: []string{"Service authorization needed", "Authorize App Configuration as part of Create", "Nothing was created."},
		},
		{
			name: "key gone, not asked to authorize", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEnterpriseGUID,
			form: kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, "00000000-0000-4000-8000-0000000000aa", false), status: http.StatusNotFound,
			wants: []string{"Could not connect", "reading the root key", "may have been deleted", "Nothing was created."},
		},
		{
			name: "key management unavailable", apiKey: cloudsim.DemoAdminAPIKey, guid: cloudsim.AppConfigEnterpriseGUID,
			form:   kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, true),
			faults: cloudsim.Faults{"kms": {ErrorRate: 1, ErrorStatus: http.StatusServiceUnavailable}},
			status: http.StatusBadGateway,
			wants:  []string{"Could not connect", "reading the root key", "Try again in a moment", "Nothing was created."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, tt.apiKey)
			cloud := tc.Inspect(t)
			before := len(cloud.Integrations(tt.guid, "us-south", appconfig.TypeKMS))
			if tt.panelFirst {
				if resp, _ := tc.get(kmsPanelPath(tt.guid, url.Values{"service": {tt.form.Get("service")}, "mode": {"existing"},
					"instance": {tt.form.Get("instance")}})); resp.StatusCode != http.StatusOK {
					t.Fatalf("the panel: status %d", resp.StatusCode)
				}
			}
			if tt.faults != nil {
				tc.setSimFaults(tt.faults)
			}
			resp, body := tc.post(kmsPanelPath(tt.guid, nil), tt.form)
			tc.setSimFaults(nil)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tt.status, body[max(0, strings.Index(body, `id="kms-fields"`)):])
			}
			assertContains(t, body, append(tt.wants, `id="kms-panel"`), tt.donts)
			if after := len(cloud.Integrations(tt.guid, "us-south", appconfig.TypeKMS)); after != before {
				t.Errorf("KMS integrations %d -> %d: something was created", before, after)
			}
			if tt.guid == cloudsim.AppConfigEnterpriseGUID {
				if got := cloud.Authorized(tt.guid, "kms", cloudsim.KeyProtectUSSouthGUID, kms.RoleReaderCRN) || cloud.Authorized(tt.guid, "hs-crypto", cloudsim.HPCSUSSouthGUID, kms.RoleReaderCRN); got != tt.kept {
					t.Errorf("authorization in place: %v, want %v", got, tt.kept)
				}
			}
		})
	}
}

func TestKMSConnect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, service, instance, key, keyName string
		faults                                cloudsim.Faults
	}{
		{name: "Key Protect (BYOK)", service: "kms", instance: cloudsim.KeyProtectUSSouthGUID, key: cloudsim.AppConfigRootKeyID, keyName: "app-config-root-key"},
		// A new authorization takes a while to take effect on IBM Cloud (terraform-provider-ibm issue 4478): Create waits.
		{name: "authorization in effect after a while", service: "kms", instance: cloudsim.KeyProtectUSSouthGUID, key: cloudsim.BackupRootKeyID,
			keyName: "backup-root-key", faults: cloudsim.Faults{"iam-policy": {Propagation: 300 * time.Millisecond}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
			cloud := tc.Inspect(t)
			tc.setSimFaults(tt.faults)
			resp, body := tc.post(kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, nil), kmsForm(tt.service, tt.instance, tt.key, true))
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d, want 303\n%s", resp.StatusCode, body)
			}
			if loc := resp.Header.Get("Location"); loc != routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseCRN) {
				t.Fatalf("Location %q", loc)
			}
			if list := cloud.Integrations(cloudsim.AppConfigEnterpriseGUID, "us-south", appconfig.TypeKMS); len(list) != 1 || list[0].RootKeyID != tt.key {
				t.Fatalf("integrations %+v", list)
			}
			if !cloud.Authorized(cloudsim.AppConfigEnterpriseGUID, tt.service, tt.instance, kms.RoleReaderCRN) {
				t.Error("no authorization")
			}
			if len(cloud.Registrations(tt.instance, tt.key, cloudsim.AppConfigEnterpriseCRN)) == 0 {
				t.Error("no registration of the App Configuration instance on the root key")
			}
			_, page := tc.get(routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID))
			assertContains(t, page, []string{"Key Management connected", "data-kms-connected", tt.keyName, tt.key, "Usable"}, nil)
		})
	}
}

func TestKMSConnectTwiceConnectsOnce(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	cloud := tc.Inspect(t)
	form := kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, true)
	form.Set("csrf", tc.csrfToken())
	var wg sync.WaitGroup
	statuses := make([]int, 3)
	for i := range statuses {
		wg.Go(func() {
			resp, _ := tc.post(kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, nil), form)
			statuses[i] = resp.StatusCode
		})
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusSeeOther {
			t.Errorf("submit %d: status %d, want 303", i, s)
		}
	}
	if n := len(cloud.Integrations(cloudsim.AppConfigEnterpriseGUID, "us-south", appconfig.TypeKMS)); n != 1 {
		t.Fatalf("%d KMS integrations, want 1", n)
	}
}

func TestKMSConnectWithHTMX(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	form := kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, false)
	form.Set("csrf", tc.csrfToken())
	req, _ := http.NewRequest(http.MethodPost, tc.URL+kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, nil), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	resp, body := tc.do(req)
	if resp.StatusCode != http.StatusOK || strings.Contains(body, "<!doctype html>") {
		t.Fatalf("a refused htmx submit must answer 200 with the panel alone; got %d", resp.StatusCode)
	}
	assertContains(t, body, []string{"Service authorization needed", `id="kms-panel"`}, nil)
	form.Set("authorize", "1")
	req, _ = http.NewRequest(http.MethodPost, tc.URL+kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, nil), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	resp, _ = tc.do(req)
	if got := resp.Header.Get("HX-Redirect"); got != routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseCRN) {
		t.Fatalf("HX-Redirect %q", got)
	}
}
