package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/services/auth"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
)

// lifecycleProbe reads cloudsim's state through the SDKs, as the administrator, to check what a request changed.
type lifecycleProbe struct {
	t         *testing.T
	tok       ibmcloud.Token
	resources *resources.Service
	inventory *kms.Inventory
	sim       string
}

func newLifecycleProbe(t *testing.T, tc *testConsole) lifecycleProbe {
	t.Helper()
	endpoints := ibmcloud.SimEndpoints(tc.sim.URL)
	connector := ibmcloud.NewConnector(endpoints, testLimits)
	session, err := auth.NewService(endpoints.IAM, connector.HTTPClient(), time.Now).SignIn(cloudsim.DemoAdminAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	return lifecycleProbe{t: t, tok: session.Token, resources: resources.NewService(connector), inventory: kms.NewInventory(connector), sim: tc.sim.URL}
}

// instanceExists reports whether the instance is still there.
func (p lifecycleProbe) instanceExists(guid string) bool {
	p.t.Helper()
	_, err := p.resources.GetInstance(context.Background(), p.tok, guid)
	if err != nil && !ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
		p.t.Fatal(err)
	}
	return err == nil
}

// registrations returns the registrations of resourceCRN on a key.
func (p lifecycleProbe) registrations(kmsGUID, keyID, resourceCRN string) []kms.KeyRegistration {
	p.t.Helper()
	inst, err := p.resources.GetInstance(context.Background(), p.tok, kmsGUID)
	if err != nil {
		p.t.Fatal(err)
	}
	regs, err := p.inventory.ListKeyRegistrations(context.Background(), p.tok, inst, keyID, resourceCRN)
	if err != nil {
		p.t.Fatal(err)
	}
	return regs
}

// register creates a registration on a key the way an integrating service does (the console never creates one).
func (p lifecycleProbe) register(kmsGUID, keyID, resourceCRN string, preventKeyDeletion bool) {
	p.t.Helper()
	body := `{"metadata":{"collectionType":"application/vnd.ibm.kms.registration_input+json","collectionTotal":1},` +
		`"resources":[{"description":"test bucket","preventKeyDeletion":` + map[bool]string{true: "true", false: "false"}[preventKeyDeletion] + `}]}`
	req, _ := http.NewRequest(http.MethodPost, p.sim+"/api/v2/keys/"+keyID+"/registrations/"+url.PathEscape(resourceCRN), strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+p.tok.AccessToken)
	req.Header.Set("Bluemix-Instance", kmsGUID)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		p.t.Fatalf("register: status %d", resp.StatusCode)
	}
}

const (
	euDeletePath     = "/instances/" + cloudsim.AppConfigEUGUID + "/delete"
	euKeyPath        = "/kms/" + cloudsim.KeyProtectEUDEGUID + "/keys/" + cloudsim.EURootKeyID
	euUnregisterPath = euKeyPath + "/registrations/delete"
)

func TestInstanceDeletePages(t *testing.T) {
	tc := newTestConsole(t)
	tc.signIn(cloudsim.DemoAdminAPIKey)
	tests := []struct {
		name       string
		path       string
		wantStatus int
		want       []string
	}{
		{name: "confirmation lists what goes", path: euDeletePath, wantStatus: http.StatusOK,
			want: []string{"Delete app-config-eu?", `data-delete-item="integration"`, "eu-root-key", "key-protect-eu-de", `data-delete-item="registration"`, "Type app-config-eu to confirm"}},
		{name: "instance without integrations", path: "/instances/" + cloudsim.AppConfigEnterpriseGUID + "/delete", wantStatus: http.StatusOK,
			want: []string{"Delete app-config-enterprise?"}},
		{name: "not App Configuration", path: "/instances/" + cloudsim.KeyProtectEUDEGUID + "/delete", wantStatus: http.StatusNotFound},
		{name: "not a GUID", path: "/instances/nope/delete", wantStatus: http.StatusNotFound},
		{name: "report of an instance not deleted", path: "/instances/" + cloudsim.AppConfigEUGUID + "/deleted?name=app-config-eu", wantStatus: http.StatusSeeOther},
		{name: "damaged report link", path: "/instances/" + cloudsim.AppConfigEUGUID + "/deleted?check=x", wantStatus: http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := tc.get(tt.path)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tt.wantStatus, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

func TestInstanceDelete(t *testing.T) {
	tests := []struct {
		name       string
		apiKey     string
		typed      string
		faults     cloudsim.Faults
		wantStatus int
		want       string
		// wantDeleted says the instance is gone afterwards; wantLeft says its registration is still on the key.
		wantDeleted bool
		wantLeft    bool
	}{
		{name: "deleted and unregistered", apiKey: cloudsim.DemoAdminAPIKey, typed: "app-config-eu", wantStatus: http.StatusSeeOther,
			want: `data-check="clean"`, wantDeleted: true},
		{name: "unregistration fails", apiKey: cloudsim.DemoAdminAPIKey, typed: "app-config-eu", faults: cloudsim.Faults{"kms": {UnregistrationFails: true}},
			wantStatus: http.StatusSeeOther, want: `data-check="leftover"`, wantDeleted: true, wantLeft: true},
		{name: "wrong typed name", apiKey: cloudsim.DemoAdminAPIKey, typed: "app-config-e", wantStatus: http.StatusUnprocessableEntity,
			want: "does not match app-config-eu. Nothing was deleted.", wantLeft: true},
		{name: "read-only user", apiKey: cloudsim.DemoViewerAPIKey, typed: "app-config-eu", wantStatus: http.StatusForbidden,
			want: "The instance was not deleted.", wantLeft: true},
		{name: "Resource Controller unavailable", apiKey: cloudsim.DemoAdminAPIKey, typed: "app-config-eu",
			faults:     cloudsim.Faults{"resource-controller": {ErrorRate: 1, ErrorStatus: http.StatusServiceUnavailable}},
			wantStatus: http.StatusBadGateway, want: "unavailable", wantLeft: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := newTestConsole(t)
			tc.signIn(tt.apiKey)
			probe := newLifecycleProbe(t, tc)
			if err := tc.sim.Server.SetFaults(tt.faults); err != nil {
				t.Fatal(err)
			}
			resp, body := tc.post(euDeletePath, url.Values{"confirm": {tt.typed}})
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tt.wantStatus, body)
			}
			if resp.StatusCode == http.StatusSeeOther {
				loc := resp.Header.Get("Location")
				if !strings.HasPrefix(loc, "/instances/"+cloudsim.AppConfigEUGUID+"/deleted?") {
					t.Fatalf("redirected to %q", loc)
				}
				resp, body = tc.get(loc)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("report: status %d\n%s", resp.StatusCode, body)
				}
			}
			if !strings.Contains(body, tt.want) {
				t.Errorf("page lacks %q\n%s", tt.want, body)
			}
			if err := tc.sim.Server.SetFaults(nil); err != nil {
				t.Fatal(err)
			}
			if got := !probe.instanceExists(cloudsim.AppConfigEUGUID); got != tt.wantDeleted {
				t.Errorf("deleted = %v, want %v", got, tt.wantDeleted)
			}
			if got := len(probe.registrations(cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID, cloudsim.AppConfigEUCRN)) > 0; got != tt.wantLeft {
				t.Errorf("registration left = %v, want %v", got, tt.wantLeft)
			}
			if tt.wantLeft && tt.wantDeleted {
				unregister := euUnregisterPath + "?crn=" + url.QueryEscape(cloudsim.AppConfigEUCRN)
				if !strings.Contains(body, strings.ReplaceAll(unregister, "&", "&amp;")) {
					t.Errorf("report lacks the link %q", unregister)
				}
			}
		})
	}
}

func TestKMSPages(t *testing.T) {
	tc := newTestConsole(t)
	tc.signIn(cloudsim.DemoAdminAPIKey)
	us := "/kms/" + cloudsim.KeyProtectUSSouthGUID
	tests := []struct {
		name       string
		path       string
		wantStatus int
		want       []string
		wantNot    []string
	}{
		{name: "all keys", path: us, wantStatus: http.StatusOK,
			want: []string{"app-config-root-key", "backup-root-key", "suspended-root-key", "standard-data-key", "Standard key", "Suspended"}},
		{name: "standard keys", path: us + "?type=standard", wantStatus: http.StatusOK,
			want: []string{"standard-data-key"}, wantNot: []string{`data-key-link="backup-root-key"`}},
		{name: "suspended keys", path: us + "?state=suspended", wantStatus: http.StatusOK,
			want: []string{`data-key-link="suspended-root-key"`}, wantNot: []string{`data-key-link="backup-root-key"`}},
		{name: "no match", path: us + "?type=standard&state=destroyed", wantStatus: http.StatusOK, want: []string{"No keys match the filters"}},
		{name: "bad type filter", path: us + "?type=secret", wantStatus: http.StatusBadRequest},
		{name: "bad state filter", path: us + "?state=9", wantStatus: http.StatusBadRequest},
		{name: "HPCS", path: "/kms/" + cloudsim.HPCSUSSouthGUID, wantStatus: http.StatusOK, want: []string{"Hyper Protect Crypto Services", "kyok-root-key"}},
		{name: "not key management", path: "/kms/" + cloudsim.AppConfigEUGUID, wantStatus: http.StatusNotFound},
		{name: "key with associated resource", path: euKeyPath, wantStatus: http.StatusOK,
			want: []string{"Associated resources", "app-config-eu", cloudsim.AppConfigEUCRN, `data-registration-status="in-use"`, "Unregister"}},
		{name: "key without associated resources", path: "/kms/" + cloudsim.KeyProtectUSSouthGUID + "/keys/" + cloudsim.BackupRootKeyID,
			wantStatus: http.StatusOK, want: []string{"No associated resources"}},
		{name: "unknown key", path: "/kms/" + cloudsim.KeyProtectEUDEGUID + "/keys/" + cloudsim.BackupRootKeyID, wantStatus: http.StatusNotFound},
		{name: "unregister in use asks twice", path: euUnregisterPath + "?crn=" + url.QueryEscape(cloudsim.AppConfigEUCRN), wantStatus: http.StatusOK,
			want: []string{"This resource is in use.", `name="acknowledge"`, "Unregister anyway", "encrypts its segment data"}},
		{name: "unregister without a CRN", path: euUnregisterPath, wantStatus: http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := tc.get(tt.path)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tt.wantStatus, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(body, w) {
					t.Errorf("page has %q", w)
				}
			}
		})
	}
}

func TestRegistrationDelete(t *testing.T) {
	bucketCRN := "crn:v1:bluemix:public:cloud-object-storage:global:a/" + cloudsim.DemoAccountID + ":0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e:bucket:retained"
	tests := []struct {
		name string
		// leftover deletes app-config-eu with the unregistration fault first, so its registration is left over.
		leftover   bool
		apiKey     string
		crn        string
		form       url.Values
		faults     cloudsim.Faults
		wantStatus int
		want       string
		wantLeft   bool
	}{
		{name: "left over, removed", leftover: true, apiKey: cloudsim.DemoAdminAPIKey, crn: cloudsim.AppConfigEUCRN, wantStatus: http.StatusSeeOther},
		{name: "in use, not acknowledged", apiKey: cloudsim.DemoAdminAPIKey, crn: cloudsim.AppConfigEUCRN, wantStatus: http.StatusUnprocessableEntity,
			want: "Confirm that you understand what breaks", wantLeft: true},
		{name: "in use, acknowledged", apiKey: cloudsim.DemoAdminAPIKey, crn: cloudsim.AppConfigEUCRN, form: url.Values{"acknowledge": {"in-use"}},
			wantStatus: http.StatusSeeOther},
		{name: "prevents key deletion", apiKey: cloudsim.DemoAdminAPIKey, crn: bucketCRN, form: url.Values{"acknowledge": {"in-use"}},
			wantStatus: http.StatusConflict, want: "prevents key deletion", wantLeft: true},
		{name: "read-only user", leftover: true, apiKey: cloudsim.DemoViewerAPIKey, crn: cloudsim.AppConfigEUCRN, wantStatus: http.StatusForbidden,
			want: "The registration was not removed.", wantLeft: true},
		{name: "key management unavailable", leftover: true, apiKey: cloudsim.DemoAdminAPIKey, crn: cloudsim.AppConfigEUCRN,
			faults: cloudsim.Faults{"kms": {ErrorRate: 1, ErrorStatus: http.StatusServiceUnavailable}}, wantStatus: http.StatusBadGateway,
			want: "unavailable", wantLeft: true},
		{name: "not a CRN", apiKey: cloudsim.DemoAdminAPIKey, crn: "bucket", wantStatus: http.StatusBadRequest, want: "not valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := newTestConsole(t)
			probe := newLifecycleProbe(t, tc)
			probe.register(cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID, bucketCRN, true)
			if tt.leftover {
				tc.signIn(cloudsim.DemoAdminAPIKey)
				if err := tc.sim.Server.SetFaults(cloudsim.Faults{"kms": {UnregistrationFails: true}}); err != nil {
					t.Fatal(err)
				}
				if resp, body := tc.post(euDeletePath, url.Values{"confirm": {"app-config-eu"}}); resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("delete: status %d\n%s", resp.StatusCode, body)
				}
			}
			tc.signIn(tt.apiKey)
			if err := tc.sim.Server.SetFaults(tt.faults); err != nil {
				t.Fatal(err)
			}
			form := url.Values{"crn": {tt.crn}}
			for k, v := range tt.form {
				form[k] = v
			}
			resp, body := tc.post(euUnregisterPath, form)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tt.wantStatus, body)
			}
			if resp.StatusCode == http.StatusSeeOther && resp.Header.Get("Location") != euKeyPath {
				t.Errorf("redirected to %q, want the key page", resp.Header.Get("Location"))
			}
			if !strings.Contains(body, tt.want) {
				t.Errorf("page lacks %q\n%s", tt.want, body)
			}
			if err := tc.sim.Server.SetFaults(nil); err != nil {
				t.Fatal(err)
			}
			if tt.crn == bucketCRN || strings.HasPrefix(tt.crn, "crn:") {
				if got := len(probe.registrations(cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID, tt.crn)) > 0; got != tt.wantLeft {
					t.Errorf("registration left = %v, want %v", got, tt.wantLeft)
				}
			}
		})
	}
}
