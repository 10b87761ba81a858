package appconfig_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
)

var (
	euInstance         = appconfig.Instance{GUID: cloudsim.AppConfigEUGUID, Region: "eu-de"}
	enterpriseInstance = appconfig.Instance{GUID: cloudsim.AppConfigEnterpriseGUID, Region: "us-south"}
	liteInstance       = appconfig.Instance{GUID: cloudsim.AppConfigLiteGUID, Region: "us-south"}
)

// fixture is the integrations service over a fresh cloudsim, with IAM to create authorizations and the key inventory
// to see registrations.
type fixture struct {
	servicetest.Env
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	sim := simtest.Start(t)
	return newFixtureAt(t, sim, ibmcloud.SimEndpoints(sim.URL))
}

func newFixtureAt(t *testing.T, sim *simtest.Sim, endpoints ibmcloud.Endpoints) fixture {
	t.Helper()
	return fixture{servicetest.Over(t, sim, ibmcloud.NewConnector(endpoints, servicetest.Limits))}
}

// newFixtureSeeingLists returns a fixture whose App Configuration requests pass through a proxy that shows each list
// of integrations asked for to seeList, which may change the request, before cloudsim answers it.
func newFixtureSeeingLists(t *testing.T, seeList func(r *http.Request)) fixture {
	t.Helper()
	sim := simtest.Start(t)
	endpoints := ibmcloud.SimEndpoints(sim.URL)
	endpoints.AppConfigPattern = servicetest.Proxy(t, sim, func(_ http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/integrations") {
			seeList(r)
		}
		return false
	})
	return newFixtureAt(t, sim, endpoints)
}

// authorize lets an App Configuration instance use a target instance with a role.
func (f fixture) authorize(t *testing.T, appConfigGUID, targetService, targetGUID, roleCRN string) iam.Authorization {
	t.Helper()
	a, err := f.IAM.CreateAuthorization(context.Background(), f.Admin, iam.Authorization{
		Source: iam.Party{AccountID: cloudsim.DemoAccountID, Service: "apprapp", InstanceGUID: appConfigGUID},
		Target: iam.Party{AccountID: cloudsim.DemoAccountID, Service: targetService, InstanceGUID: targetGUID},
		Roles:  []iam.Role{{CRN: roleCRN}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// registrations returns the registrations of resourceCRN on a key of key-protect-us-south.
func (f fixture) registrations(t *testing.T, keyID, resourceCRN string) []kms.Registration {
	t.Helper()
	kp := resources.Instance{GUID: cloudsim.KeyProtectUSSouthGUID, Service: "kms", Region: "us-south", Endpoint: f.Sim.URL}
	regs, err := f.Keys.ListRegistrations(context.Background(), f.Admin, kp, keyID, resourceCRN)
	if err != nil {
		t.Fatal(err)
	}
	return regs
}

func (f fixture) kmsInput(keyID string) appconfig.KMSInput {
	return appconfig.KMSInput{InstanceCRN: cloudsim.KeyProtectUSSouthCRN, Endpoint: f.Sim.URL, RootKeyID: keyID}
}

func TestListAndGetIntegrations(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		inst    appconfig.Instance
		tok     ibmcloud.Token
		wantIDs []string
	}{
		{name: "connected instance", inst: euInstance, tok: f.Admin, wantIDs: []string{cloudsim.EUKMSIntegrationID}},
		{name: "connected instance as viewer", inst: euInstance, tok: f.Viewer, wantIDs: []string{cloudsim.EUKMSIntegrationID}},
		{name: "nothing connected", inst: enterpriseInstance, tok: f.Admin},
		{name: "Lite instance", inst: liteInstance, tok: f.Admin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := f.Integrations.ListIntegrations(ctx, tt.tok, tt.inst)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, in := range list {
				ids = append(ids, in.ID)
			}
			if strings.Join(ids, ",") != strings.Join(tt.wantIDs, ",") {
				t.Fatalf("integrations = %v, want %v", ids, tt.wantIDs)
			}
		})
	}

	want := appconfig.Integration{ID: cloudsim.EUKMSIntegrationID, Type: appconfig.TypeKMS, KMSInstanceCRN: cloudsim.KeyProtectEUDECRN,
		KMSEndpoint: f.Sim.URL, RootKeyID: cloudsim.EURootKeyID, KeyStatus: appconfig.KeyUsable, SchemeType: appconfig.SchemeBYOK}
	got, err := f.Integrations.GetIntegration(ctx, f.Admin, euInstance, cloudsim.EUKMSIntegrationID)
	if err != nil {
		t.Fatal(err)
	}
	if got.CreatedTime.IsZero() || got.UpdatedTime.IsZero() {
		t.Errorf("times not read: %+v", got)
	}
	got.CreatedTime, got.UpdatedTime = time.Time{}, time.Time{}
	if got != want {
		t.Errorf("integration = %+v\nwant          %+v", got, want)
	}

	for _, tc := range []struct {
		name string
		inst appconfig.Instance
		id   string
	}{
		{name: "unknown integration", inst: euInstance, id: "kms-nothere"},
		{name: "integration of another instance", inst: enterpriseInstance, id: cloudsim.EUKMSIntegrationID},
		{name: "unknown instance", inst: appconfig.Instance{GUID: "00000000-0000-4000-8000-00000000dead", Region: "us-south"}, id: "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.Integrations.GetIntegration(ctx, f.Admin, tc.inst, tc.id)
			var e *ibmcloud.Error
			if !errors.As(err, &e) || e.Kind != ibmcloud.KindNotFound || e.Status != http.StatusNotFound {
				t.Fatalf("err = %#v, want not found", err)
			}
		})
	}
	if _, err := f.Integrations.ListIntegrations(ctx, f.Admin, appconfig.Instance{GUID: "00000000-0000-4000-8000-00000000dead", Region: "us-south"}); !ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
		t.Fatalf("list of an unknown instance: err = %v, want not found", err)
	}
}

// TestKeyStatusFollowsKey checks that KeyStatus is the root key's live state.
func TestKeyStatusFollowsKey(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	client, err := f.Connector.KeyManagement(f.Admin, "kms", f.Sim.URL, cloudsim.KeyProtectEUDEGUID)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.DisableKey(ctx, cloudsim.EURootKeyID); err != nil {
		t.Fatal(err)
	}
	got, err := f.Integrations.GetIntegration(ctx, f.Admin, euInstance, cloudsim.EUKMSIntegrationID)
	if err != nil {
		t.Fatal(err)
	}
	if got.KeyStatus != appconfig.KeyDisabled {
		t.Fatalf("key status = %q, want %q", got.KeyStatus, appconfig.KeyDisabled)
	}
}

func TestCreateKMSIntegrationRefused(t *testing.T) {
	tests := []struct {
		name        string
		inst        appconfig.Instance
		viewer      bool
		authorize   bool
		keyID       string
		input       func(f fixture) appconfig.KMSInput
		faults      string
		wantKind    ibmcloud.Kind
		wantStatus  int
		wantMessage string
	}{
		{name: "Lite plan", inst: liteInstance, authorize: true, keyID: cloudsim.AppConfigRootKeyID,
			wantKind: ibmcloud.KindInvalid, wantStatus: 400, wantMessage: "only on the Enterprise plan"},
		{name: "no authorization", inst: enterpriseInstance, keyID: cloudsim.AppConfigRootKeyID,
			wantKind: ibmcloud.KindForbidden, wantStatus: 403, wantMessage: "not authorized to access the key management instance key-protect-us-south"},
		{name: "suspended key", inst: enterpriseInstance, authorize: true, keyID: cloudsim.SuspendedRootKeyID,
			wantKind: ibmcloud.KindInvalid, wantStatus: 422, wantMessage: "not active"},
		{name: "standard key", inst: enterpriseInstance, authorize: true, keyID: cloudsim.StandardDataKeyID,
			wantKind: ibmcloud.KindInvalid, wantStatus: 400, wantMessage: "standard key"},
		{name: "missing key", inst: enterpriseInstance, authorize: true, keyID: "00000000-0000-4000-8000-00000000dead",
			wantKind: ibmcloud.KindInvalid, wantStatus: 400, wantMessage: "does not exist"},
		{name: "not a key management instance", inst: enterpriseInstance, authorize: true, keyID: cloudsim.AppConfigRootKeyID,
			input: func(f fixture) appconfig.KMSInput {
				return appconfig.KMSInput{InstanceCRN: cloudsim.EventNotificationsCRN, Endpoint: f.Sim.URL, RootKeyID: cloudsim.AppConfigRootKeyID}
			},
			wantKind: ibmcloud.KindInvalid, wantStatus: 400},
		{name: "second integration", inst: euInstance, authorize: true, keyID: cloudsim.AppConfigRootKeyID,
			wantKind: ibmcloud.KindConflict, wantStatus: 409, wantMessage: "only one"},
		// App Configuration refuses a user without the role with 401 (ac-iam-policies-collections.md): a missing role.
		{name: "viewer", inst: enterpriseInstance, viewer: true, authorize: true, keyID: cloudsim.AppConfigRootKeyID,
			wantKind: ibmcloud.KindForbidden, wantStatus: 401, wantMessage: "IAM role"},
		{name: "App Configuration failing", inst: enterpriseInstance, authorize: true, keyID: cloudsim.AppConfigRootKeyID,
			faults: "appconfig=error:1:500", wantKind: ibmcloud.KindUnavailable, wantStatus: 500},
		{name: "App Configuration unavailable", inst: enterpriseInstance, authorize: true, keyID: cloudsim.AppConfigRootKeyID,
			faults: "appconfig=error:1:503", wantKind: ibmcloud.KindUnavailable, wantStatus: 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			ctx := context.Background()
			if tt.authorize {
				f.authorize(t, tt.inst.GUID, "kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.RoleReaderCRN)
			}
			if tt.faults != "" {
				f.Sim.SetFaults(t, tt.faults)
			}
			tok := f.SignedIn(tt.viewer)
			in := f.kmsInput(tt.keyID)
			if tt.input != nil {
				in = tt.input(f)
			}
			start := time.Now()
			_, err := f.Integrations.CreateKMSIntegration(ctx, tok, tt.inst, in)
			var e *ibmcloud.Error
			if !errors.As(err, &e) || e.Kind != tt.wantKind || e.Status != tt.wantStatus {
				t.Fatalf("err = %#v, want kind %v, status %d", err, tt.wantKind, tt.wantStatus)
			}
			if !strings.Contains(e.Message, tt.wantMessage) {
				t.Errorf("message = %q, want one containing %q", e.Message, tt.wantMessage)
			}
			if e.Message == "" || strings.Contains(e.Message, "{") {
				t.Errorf("message %q is not App Configuration's plain message", e.Message)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			f.Sim.Server.SetFaults(nil)
			list, err := f.Integrations.ListIntegrations(ctx, f.Admin, tt.inst)
			if err != nil {
				t.Fatal(err)
			}
			if tt.inst != euInstance && len(list) != 0 || tt.inst == euInstance && len(list) != 1 {
				t.Fatalf("after a refusal the instance has %d integrations", len(list))
			}
		})
	}
}

func TestCreateAndDeleteKMSIntegration(t *testing.T) {
	tests := []struct {
		name       string
		targetSvc  string
		targetGUID string
		targetCRN  string
		keyID      string
		roleCRN    string
		wantScheme string
	}{
		{name: "Key Protect, Reader", targetSvc: "kms", targetGUID: cloudsim.KeyProtectUSSouthGUID, targetCRN: cloudsim.KeyProtectUSSouthCRN,
			keyID: cloudsim.AppConfigRootKeyID, roleCRN: cloudsim.RoleReaderCRN, wantScheme: appconfig.SchemeBYOK},
		{name: "Key Protect, ReaderPlus", targetSvc: "kms", targetGUID: cloudsim.KeyProtectUSSouthGUID, targetCRN: cloudsim.KeyProtectUSSouthCRN,
			keyID: cloudsim.BackupRootKeyID, roleCRN: cloudsim.RoleKMSReaderPlusCRN, wantScheme: appconfig.SchemeBYOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			ctx := context.Background()
			f.authorize(t, cloudsim.AppConfigEnterpriseGUID, tt.targetSvc, tt.targetGUID, tt.roleCRN)
			created, err := f.Integrations.CreateKMSIntegration(ctx, f.Admin, enterpriseInstance,
				appconfig.KMSInput{InstanceCRN: tt.targetCRN, Endpoint: f.Sim.URL, RootKeyID: tt.keyID})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(created.ID, "kms-") || len(created.ID) != len("kms-")+10 || created.Type != appconfig.TypeKMS ||
				created.KMSInstanceCRN != tt.targetCRN || created.RootKeyID != tt.keyID || created.KeyStatus != appconfig.KeyUsable ||
				created.SchemeType != tt.wantScheme || created.KMSEndpoint != f.Sim.URL {
				t.Fatalf("created = %+v", created)
			}
			list, err := f.Integrations.ListIntegrations(ctx, f.Admin, enterpriseInstance)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].ID != created.ID {
				t.Fatalf("list = %+v", list)
			}
			if tt.targetSvc == "kms" {
				if regs := f.registrations(t, tt.keyID, cloudsim.AppConfigEnterpriseCRN); len(regs) != 1 {
					t.Fatalf("registrations after connecting = %+v, want one", regs)
				}
			}
			if err := f.Integrations.DeleteIntegration(ctx, f.Viewer, enterpriseInstance, created.ID); !ibmcloud.IsKind(err, ibmcloud.KindForbidden) {
				t.Fatalf("viewer delete: err = %v, want forbidden", err)
			}
			// Customer-managed encryption cannot be disabled: App Configuration refuses to delete the integration.
			if err := f.Integrations.DeleteIntegration(ctx, f.Admin, enterpriseInstance, created.ID); !ibmcloud.IsKind(err, ibmcloud.KindInvalid) {
				t.Fatalf("admin delete: err = %v, want the refusal", err)
			}
			if _, err := f.Integrations.GetIntegration(ctx, f.Admin, enterpriseInstance, created.ID); err != nil {
				t.Fatalf("get after the refused delete: %v", err)
			}
			if regs := f.registrations(t, tt.keyID, cloudsim.AppConfigEnterpriseCRN); len(regs) != 1 {
				t.Fatalf("registrations after the refused delete = %+v, want one", regs)
			}
		})
	}
}

func TestCreateHPCSIntegrationRefused(t *testing.T) {
	f := newFixture(t)
	f.authorize(t, cloudsim.AppConfigEnterpriseGUID, "hs-crypto", cloudsim.HPCSUSSouthGUID, cloudsim.RoleReaderCRN)
	_, err := f.Integrations.CreateKMSIntegration(context.Background(), f.Admin, enterpriseInstance,
		appconfig.KMSInput{InstanceCRN: cloudsim.HPCSUSSouthCRN, Endpoint: f.Sim.URL, RootKeyID: cloudsim.KYOKRootKeyID})
	if !ibmcloud.IsKind(err, ibmcloud.KindInvalid) || !strings.Contains(err.Error(), "Hyper Protect Crypto Services") {
		t.Fatalf("err = %v, want the refusal of new HPCS integrations", err)
	}
	if list, err := f.Integrations.ListIntegrations(context.Background(), f.Admin, enterpriseInstance); err != nil || len(list) != 0 {
		t.Fatalf("after the refusal: %+v, %v", list, err)
	}
}

func TestDeleteIntegration(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name     string
		inst     appconfig.Instance
		id       string
		tok      ibmcloud.Token
		faults   string
		wantKind ibmcloud.Kind
	}{
		{name: "missing integration", inst: enterpriseInstance, id: "kms-never", tok: f.Admin},
		{name: "viewer", inst: euInstance, id: cloudsim.EUKMSIntegrationID, tok: f.Viewer, wantKind: ibmcloud.KindForbidden},
		{name: "upstream failing", inst: euInstance, id: cloudsim.EUKMSIntegrationID, tok: f.Admin, faults: "appconfig=error:1:503",
			wantKind: ibmcloud.KindUnavailable},
		{name: "seeded KMS integration", inst: euInstance, id: cloudsim.EUKMSIntegrationID, tok: f.Admin, wantKind: ibmcloud.KindInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.faults != "" {
				f.Sim.SetFaults(t, tt.faults)
				defer f.Sim.Server.SetFaults(nil)
			}
			err := f.Integrations.DeleteIntegration(ctx, tt.tok, tt.inst, tt.id)
			if tt.wantKind == ibmcloud.KindUnknown {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !ibmcloud.IsKind(err, tt.wantKind) {
				t.Fatalf("err = %v, want kind %v", err, tt.wantKind)
			}
		})
	}
	list, err := f.Integrations.ListIntegrations(ctx, f.Admin, euInstance)
	if err != nil || len(list) != 1 {
		t.Fatalf("after the refused deletes: %+v, %v; want the seeded integration", list, err)
	}
}

func TestCreateENIntegration(t *testing.T) {
	tests := []struct {
		name       string
		inst       appconfig.Instance
		instCRN    string
		roleCRN    string
		wantKind   ibmcloud.Kind
		wantStatus int
	}{
		{name: "with Event Source Manager", inst: euInstance, instCRN: cloudsim.AppConfigEUCRN, roleCRN: cloudsim.RoleEventSourceManagerCRN},
		{name: "no authorization", inst: euInstance, instCRN: cloudsim.AppConfigEUCRN, wantKind: ibmcloud.KindForbidden, wantStatus: 403},
		{name: "Lite plan", inst: liteInstance, instCRN: cloudsim.AppConfigLiteCRN, roleCRN: cloudsim.RoleEventSourceManagerCRN,
			wantKind: ibmcloud.KindInvalid, wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			ctx := context.Background()
			if tt.roleCRN != "" {
				f.authorize(t, tt.inst.GUID, "event-notifications", cloudsim.EventNotificationsGUID, tt.roleCRN)
			}
			in := appconfig.ENInput{InstanceCRN: cloudsim.EventNotificationsCRN, Endpoint: f.Sim.URL, SourceName: "app-config events",
				SourceDescription: "Feature flag changes"}
			created, err := f.Integrations.CreateENIntegration(ctx, f.Admin, tt.inst, in)
			if tt.wantKind != ibmcloud.KindUnknown {
				var e *ibmcloud.Error
				if !errors.As(err, &e) || e.Kind != tt.wantKind || e.Status != tt.wantStatus {
					t.Fatalf("err = %#v, want kind %v, status %d", err, tt.wantKind, tt.wantStatus)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(created.ID, "en-") || created.Type != appconfig.TypeEventNotifications ||
				created.ENInstanceCRN != cloudsim.EventNotificationsCRN || created.ENEndpoint != f.Sim.URL || created.ENSourceID != tt.instCRN {
				t.Fatalf("created = %+v", created)
			}
			if _, err := f.Integrations.CreateENIntegration(ctx, f.Admin, tt.inst, in); !ibmcloud.IsKind(err, ibmcloud.KindConflict) {
				t.Fatalf("second EN integration: err = %v, want conflict", err)
			}
			list, err := f.Integrations.ListIntegrations(ctx, f.Admin, tt.inst)
			if err != nil {
				t.Fatal(err)
			}
			types := map[string]string{}
			for _, in := range list {
				types[in.Type] = in.ID
			}
			if len(list) != 2 || types[appconfig.TypeKMS] != cloudsim.EUKMSIntegrationID || types[appconfig.TypeEventNotifications] != created.ID {
				t.Fatalf("list = %+v, want the KMS and the new EN integration", list)
			}
		})
	}
}

// TestListIntegrationsPages puts a proxy in front of cloudsim that caps every page at one integration, as a server may
// cap the limit it is asked for, and checks that the listing follows the pages to the end.
func TestListIntegrationsPages(t *testing.T) {
	var listCalls atomic.Int32
	var asked, expand atomic.Value
	f := newFixtureSeeingLists(t, func(r *http.Request) {
		listCalls.Add(1)
		q := r.URL.Query()
		asked.Store(q.Get("limit"))
		expand.Store(q.Get("expand"))
		q.Set("limit", "1")
		r.URL.RawQuery = q.Encode()
	})
	sim := f.Sim
	ctx := context.Background()

	f.authorize(t, cloudsim.AppConfigEUGUID, "event-notifications", cloudsim.EventNotificationsGUID, cloudsim.RoleEventSourceManagerCRN)
	en, err := f.Integrations.CreateENIntegration(ctx, f.Admin, euInstance, appconfig.ENInput{InstanceCRN: cloudsim.EventNotificationsCRN,
		Endpoint: sim.URL, SourceName: "eu events"})
	if err != nil {
		t.Fatal(err)
	}
	listCalls.Store(0)
	list, err := f.Integrations.ListIntegrations(ctx, f.Admin, euInstance)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != cloudsim.EUKMSIntegrationID || list[1].ID != en.ID {
		t.Fatalf("list = %+v, want the KMS then the EN integration", list)
	}
	if n := listCalls.Load(); n != 2 {
		t.Errorf("%d list requests, want 2 pages", n)
	}
	if got := asked.Load(); got != "100" {
		t.Errorf("asked for limit %v, want 100", got)
	}
	if got := expand.Load(); got != "true" {
		t.Errorf("expand = %v, want true", got)
	}
	if list[0].RootKeyID != cloudsim.EURootKeyID || list[1].ENInstanceCRN != cloudsim.EventNotificationsCRN {
		t.Errorf("list = %+v, want the metadata of both", list)
	}
}
