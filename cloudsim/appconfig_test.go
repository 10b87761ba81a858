package cloudsim_test

import (
	"cmp"
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	rc "github.com/IBM/platform-services-go-sdk/resourcecontrollerv2"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/internal/testclock"
)

func TestListAndGetIntegrations(t *testing.T) {
	sim := simtest.Start(t)
	svc := newAppConfig(t, sim, cloudsim.DemoViewerAPIKey, cloudsim.AppConfigEUGUID)
	// IBM/appconfiguration-go-admin-sdk's examples list integrations with Expand(true): the metadata comes with it only.
	bare, _, err := acDo(svc, http.MethodGet, "/integrations", nil)
	if err != nil {
		t.Fatal(err)
	}
	if items := bare["integrations"].([]any); len(items) != 1 || items[0].(map[string]any)["metadata"] != nil {
		t.Errorf("list without expand = %v, want one integration without metadata", bare)
	}
	list, _, err := acDo(svc, http.MethodGet, "/integrations?expand=true", nil)
	if err != nil {
		t.Fatal(err)
	}
	items := list["integrations"].([]any)
	if len(items) != 1 || list["total_count"] != 1.0 || list["limit"] != 10.0 {
		t.Fatalf("list = %v", list)
	}
	ig := items[0].(map[string]any)
	md := ig["metadata"].(map[string]any)
	if ig["integration_id"] != cloudsim.EUKMSIntegrationID || ig["integration_type"] != "KMS" || md["kms_instance_crn"] != cloudsim.KeyProtectEUDECRN ||
		md["root_key_id"] != cloudsim.EURootKeyID || md["key_status"] != "USABLE" || md["kms_scheme_type"] != "BYOK" || md["kms_endpoint"] != sim.URL ||
		ig["created_time"] != "2025-04-10T09:00:00.000Z" {
		t.Errorf("integration = %v", ig)
	}
	got, _, err := acDo(svc, http.MethodGet, "/integrations/"+cloudsim.EUKMSIntegrationID, nil)
	if err != nil || got["href"] != sim.URL+"/apprapp/feature/v1/instances/"+cloudsim.AppConfigEUGUID+"/integrations/"+cloudsim.EUKMSIntegrationID {
		t.Errorf("get = %v, %v", got, err)
	}
	_, _, err = acDo(svc, http.MethodGet, "/integrations/nope", nil)
	wantStatus(t, err, http.StatusNotFound)
	_, _, err = acDo(newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.KeyProtectUSSouthGUID), http.MethodGet, "/integrations", nil)
	wantStatus(t, err, http.StatusNotFound)
	empty, _, err := acDo(newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigEnterpriseGUID), http.MethodGet, "/integrations", nil)
	if err != nil || len(empty["integrations"].([]any)) != 0 {
		t.Errorf("empty list = %v, %v", empty, err)
	}
}

func TestKMSIntegrationRefusals(t *testing.T) {
	sim := simtest.Start(t)
	// usSouth is the create body of an integration with a key of key-protect-us-south.
	usSouth := func(rootKeyID string) map[string]any {
		return kmsIntegration("kms-1", cloudsim.KeyProtectUSSouthCRN, sim.URL, rootKeyID)
	}
	tests := []struct {
		name      string
		apiKey    string // the admin's when ""
		guid      string // app-config-enterprise when ""
		authorize bool
		body      map[string]any
		want      int
		msg       string
	}{
		{name: "read-only user", apiKey: cloudsim.DemoViewerAPIKey, body: usSouth(cloudsim.AppConfigRootKeyID), want: http.StatusUnauthorized, msg: "IAM role"},
		{name: "lite plan", guid: cloudsim.AppConfigLiteGUID, body: usSouth(cloudsim.AppConfigRootKeyID), want: http.StatusBadRequest, msg: "only on the Enterprise plan"},
		{name: "no authorization", body: usSouth(cloudsim.AppConfigRootKeyID), want: http.StatusForbidden, msg: "Create an authorization"},
		{name: "authorization for another instance", authorize: true,
			body: kmsIntegration("kms-1", cloudsim.KeyProtectEUDECRN, sim.URL, cloudsim.EURootKeyID), want: http.StatusForbidden, msg: "Create an authorization"},
		// App Configuration release notes, 17 March 2026: no new integrations with Hyper Protect Crypto Services.
		{name: "new HPCS integration", authorize: true, body: kmsIntegration("kms-1", cloudsim.HPCSUSSouthCRN, sim.URL, cloudsim.KYOKRootKeyID),
			want: http.StatusBadRequest, msg: "no longer supports new integrations with Hyper Protect Crypto Services"},
		{name: "suspended key", authorize: true, body: usSouth(cloudsim.SuspendedRootKeyID), want: http.StatusUnprocessableEntity, msg: "KEY_INVALID_STATE_ERR"},
		{name: "standard key", authorize: true, body: usSouth(cloudsim.StandardDataKeyID), want: http.StatusBadRequest, msg: "standard key"},
		{name: "key of another instance", authorize: true, body: usSouth(cloudsim.EURootKeyID), want: http.StatusBadRequest, msg: "does not exist"},
		{name: "not a KMS instance", authorize: true,
			body: kmsIntegration("kms-1", cloudsim.EventNotificationsCRN, sim.URL, cloudsim.AppConfigRootKeyID), want: http.StatusBadRequest, msg: "not a Key Protect"},
		{name: "missing root key", authorize: true, body: usSouth(""), want: http.StatusBadRequest, msg: "root_key_id"},
		{name: "bad integration id", authorize: true,
			body: kmsIntegration("kms 1", cloudsim.KeyProtectUSSouthCRN, sim.URL, cloudsim.AppConfigRootKeyID), want: http.StatusBadRequest, msg: "integration_id"},
		{name: "bad type", authorize: true, body: map[string]any{"integration_id": "x", "integration_type": "SLACK"}, want: http.StatusBadRequest, msg: "integration_type"},
		{name: "second KMS integration", guid: cloudsim.AppConfigEUGUID, authorize: true,
			body: kmsIntegration("kms-2", cloudsim.KeyProtectEUDECRN, sim.URL, cloudsim.EURootKeyID), want: http.StatusConflict, msg: "only one"},
		{name: "unknown instance", guid: "nope", authorize: true, body: usSouth(cloudsim.AppConfigRootKeyID), want: http.StatusNotFound, msg: "not found"},
	}
	authorized := false
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.authorize && !authorized {
				kpReader(t, sim)
				authorized = true
			}
			svc := newAppConfig(t, sim, cmp.Or(tt.apiKey, cloudsim.DemoAdminAPIKey), cmp.Or(tt.guid, cloudsim.AppConfigEnterpriseGUID))
			_, resp, err := acDo(svc, http.MethodPost, "/integrations", tt.body)
			wantStatus(t, err, tt.want)
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("message %q does not contain %q", err, tt.msg)
			}
			if msg, _ := resp.Result.(map[string]any)["message"].(string); msg == "" {
				t.Errorf("error body %v has no message", resp.Result)
			}
		})
	}
	// Nothing was created or registered by the refusals.
	regs, err := newKP(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.KeyProtectUSSouthGUID).ListRegistrations(context.Background(), "", "")
	if err != nil || len(regs.Registrations) != 0 {
		t.Errorf("registrations after refusals = %+v, %v", regs, err)
	}
}

func TestKMSIntegrationScopes(t *testing.T) {
	acct := cloudsim.DemoAccountID
	tests := []struct {
		name     string
		subject  []string
		resource []string
		role     string
	}{
		{"instance to instance", []string{"accountId", acct, "serviceName", "apprapp", "serviceInstance", cloudsim.AppConfigEnterpriseGUID},
			[]string{"accountId", acct, "serviceName", "kms", "serviceInstance", cloudsim.KeyProtectUSSouthGUID}, cloudsim.RoleReaderCRN},
		{"resource groups", []string{"accountId", acct, "serviceName", "apprapp", "resourceGroupId", cloudsim.DefaultResourceGroupID},
			[]string{"accountId", acct, "serviceName", "kms", "resourceGroupId", cloudsim.DefaultResourceGroupID}, cloudsim.RoleReaderCRN},
		{"all instances", []string{"accountId", acct, "serviceName", "apprapp"},
			[]string{"accountId", acct, "serviceName", "kms"}, cloudsim.RoleManagerCRN},
		{"group of all services", []string{"accountId", acct, "resourceGroupId", cloudsim.DefaultResourceGroupID},
			[]string{"accountId", acct, "serviceName", "kms"}, cloudsim.RoleKMSReaderPlusCRN},
		{"the root key", []string{"accountId", acct, "serviceName", "apprapp", "serviceInstance", cloudsim.AppConfigEnterpriseGUID},
			[]string{"accountId", acct, "serviceName", "kms", "serviceInstance", cloudsim.KeyProtectUSSouthGUID, "resourceType", "key", "resource", cloudsim.AppConfigRootKeyID}, cloudsim.RoleReaderCRN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := simtest.Start(t)
			mustAuthorize(t, sim, subjectAttrs(tt.subject...), resourceAttrs(tt.resource...), tt.role)
			svc := newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigEnterpriseGUID)
			if _, _, err := acDo(svc, http.MethodPost, "/integrations", kmsIntegration("kms-1", cloudsim.KeyProtectUSSouthCRN, sim.URL, cloudsim.AppConfigRootKeyID)); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("key-scoped authorization does not cover another key", func(t *testing.T) {
		sim := simtest.Start(t)
		mustAuthorize(t, sim, subjectAttrs(tests[4].subject...), resourceAttrs(tests[4].resource...), cloudsim.RoleReaderCRN)
		svc := newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigEnterpriseGUID)
		_, _, err := acDo(svc, http.MethodPost, "/integrations", kmsIntegration("kms-1", cloudsim.KeyProtectUSSouthCRN, sim.URL, cloudsim.BackupRootKeyID))
		wantStatus(t, err, http.StatusForbidden)
	})
}

// TestKMSIntegrationRegistersAndStays: a KMS integration registers the instance on the root key and cannot be deleted,
// because customer-managed encryption cannot be disabled (ibm-cloud-docs/app-configuration ac-managing-encryption.md).
func TestKMSIntegrationRegistersAndStays(t *testing.T) {
	sim := simtest.Start(t)
	kpReader(t, sim)
	ctx := context.Background()
	svc := newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigEnterpriseGUID)
	created, resp, err := acDo(svc, http.MethodPost, "/integrations", kmsIntegration("kms-1", cloudsim.KeyProtectUSSouthCRN, "https://us-south.kms.cloud.ibm.com", cloudsim.AppConfigRootKeyID))
	if err != nil {
		t.Fatal(err)
	}
	md := created["metadata"].(map[string]any)
	if resp.StatusCode != http.StatusCreated || md["key_status"] != "USABLE" || md["kms_scheme_type"] != "BYOK" || md["kms_endpoint"] != "https://us-south.kms.cloud.ibm.com" {
		t.Errorf("created %d %v", resp.StatusCode, created)
	}
	c := newKP(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.KeyProtectUSSouthGUID)
	regs, err := c.ListRegistrations(ctx, cloudsim.AppConfigRootKeyID, cloudsim.AppConfigEnterpriseCRN)
	if err != nil || len(regs.Registrations) != 1 {
		t.Fatalf("registrations = %+v, %v", regs, err)
	}
	// Disabling the key shows in key_status; the key cannot be deleted while registered.
	if err := c.DisableKey(ctx, cloudsim.AppConfigRootKeyID); err != nil {
		t.Fatal(err)
	}
	got, _, _ := acDo(svc, http.MethodGet, "/integrations/kms-1", nil)
	if got["metadata"].(map[string]any)["key_status"] != "NON_USABLE_DISABLE" {
		t.Errorf("key_status after disable = %v", got["metadata"])
	}
	_, resp, err = acDo(svc, http.MethodDelete, "/integrations/kms-1", nil)
	wantAppConfigRefusal(t, resp, err, http.StatusBadRequest, "cannot be disabled")
	if _, _, err := acDo(svc, http.MethodGet, "/integrations/kms-1", nil); err != nil {
		t.Errorf("integration gone after a refused delete: %v", err)
	}
	regs, err = c.ListRegistrations(ctx, cloudsim.AppConfigRootKeyID, "")
	if err != nil || len(regs.Registrations) != 1 {
		t.Errorf("registrations after a refused delete = %+v, %v", regs, err)
	}
}

// TestHPCSIntegrationsClosedSinceMarch2026 follows App Configuration's release note of 17 March 2026
// (ibm-cloud-docs/app-configuration release-notes.md): new HPCS integrations are refused, existing ones keep working.
func TestHPCSIntegrationsClosedSinceMarch2026(t *testing.T) {
	var now atomic.Value
	now.Store(cloudsim.HPCSIntegrationsClosed)
	sim := simtest.Start(t, func(o *cloudsim.Options) { o.Clock = func() time.Time { return now.Load().(time.Time) } })
	mustAuthorize(t, sim, subjectAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "apprapp"),
		resourceAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "hs-crypto", "serviceInstance", cloudsim.HPCSUSSouthGUID), cloudsim.RoleReaderCRN)
	svc := newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigEnterpriseGUID)
	kpc := newKP(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.HPCSUSSouthGUID)
	body := kmsIntegration("kms-hpcs", cloudsim.HPCSUSSouthCRN, sim.URL, cloudsim.KYOKRootKeyID)

	_, resp, err := acDo(svc, http.MethodPost, "/integrations", body)
	wantAppConfigRefusal(t, resp, err, http.StatusBadRequest, "17 March 2026")
	list, _, err := acDo(svc, http.MethodGet, "/integrations", nil)
	if err != nil || len(list["integrations"].([]any)) != 0 {
		t.Fatalf("after the refusal: integrations %v, %v", list, err)
	}
	if regs, err := kpc.ListRegistrations(context.Background(), cloudsim.KYOKRootKeyID, ""); err != nil || len(regs.Registrations) != 0 {
		t.Fatalf("after the refusal: registrations %+v, %v", regs, err)
	}

	// An integration made before the change keeps working after it.
	now.Store(cloudsim.HPCSIntegrationsClosed.Add(-time.Hour))
	if _, _, err := acDo(svc, http.MethodPost, "/integrations", body); err != nil {
		t.Fatal(err)
	}
	now.Store(cloudsim.HPCSIntegrationsClosed.Add(24 * time.Hour))
	got, _, err := acDo(svc, http.MethodGet, "/integrations/kms-hpcs", nil)
	if err != nil || got["metadata"].(map[string]any)["kms_scheme_type"] != "KYOK" || got["metadata"].(map[string]any)["key_status"] != "USABLE" {
		t.Errorf("existing HPCS integration = %v, %v", got, err)
	}
	if list, _, err := acDo(svc, http.MethodGet, "/integrations", nil); err != nil || len(list["integrations"].([]any)) != 1 {
		t.Errorf("list = %v, %v", list, err)
	}
	regs, err := kpc.ListRegistrations(context.Background(), cloudsim.KYOKRootKeyID, "")
	if err != nil || len(regs.Registrations) != 1 || regs.Registrations[0].ResourceCrn != cloudsim.AppConfigEnterpriseCRN {
		t.Errorf("registrations = %+v, %v", regs, err)
	}
	// Its root key's state still shows, and deleting the instance still unregisters it.
	if err := kpc.DisableKey(context.Background(), cloudsim.KYOKRootKeyID); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := acDo(svc, http.MethodGet, "/integrations/kms-hpcs", nil); got["metadata"].(map[string]any)["key_status"] != "NON_USABLE_DISABLE" {
		t.Errorf("key_status after disable = %v", got["metadata"])
	}
	rcSvc := newRC(t, sim, cloudsim.DemoAdminAPIKey)
	if _, err := rcSvc.DeleteResourceInstance(rcSvc.NewDeleteResourceInstanceOptions(cloudsim.AppConfigEnterpriseCRN).SetRecursive(true)); err != nil {
		t.Fatal(err)
	}
	if regs, err := kpc.ListRegistrations(context.Background(), cloudsim.KYOKRootKeyID, ""); err != nil || len(regs.Registrations) != 0 {
		t.Errorf("registrations after deleting the instance = %+v, %v", regs, err)
	}
}

func TestEventNotificationsIntegration(t *testing.T) {
	sim := simtest.Start(t)
	svc := newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigEnterpriseGUID)
	body := enIntegration("en-1", cloudsim.EventNotificationsCRN, "https://us-south.event-notifications.cloud.ibm.com")
	_, _, err := acDo(svc, http.MethodPost, "/integrations", body)
	wantStatus(t, err, http.StatusForbidden)
	// Reader on kms is not Event Source Manager on event-notifications.
	kpReader(t, sim)
	_, _, err = acDo(svc, http.MethodPost, "/integrations", body)
	wantStatus(t, err, http.StatusForbidden)
	mustAuthorize(t, sim, subjectAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "apprapp"),
		resourceAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "event-notifications", "serviceInstance", cloudsim.EventNotificationsGUID),
		cloudsim.RoleEventSourceManagerCRN)
	created, _, err := acDo(svc, http.MethodPost, "/integrations", body)
	if err != nil {
		t.Fatal(err)
	}
	md := created["metadata"].(map[string]any)
	if created["integration_type"] != "EVENT_NOTIFICATIONS" || md["event_notifications_source_id"] != cloudsim.AppConfigEnterpriseCRN ||
		md["event_notifications_instance_crn"] != cloudsim.EventNotificationsCRN {
		t.Errorf("created = %v", created)
	}
	_, _, err = acDo(svc, http.MethodPost, "/integrations", enIntegration("en-2", cloudsim.EventNotificationsCRN, "x"))
	wantStatus(t, err, http.StatusConflict)
	_, _, err = acDo(newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigLiteGUID), http.MethodPost, "/integrations", body)
	wantStatus(t, err, http.StatusBadRequest)
	_, _, err = acDo(svc, http.MethodPost, "/integrations", enIntegration("en-3", cloudsim.KeyProtectUSSouthCRN, "x"))
	wantStatus(t, err, http.StatusConflict)
	list, _, err := acDo(svc, http.MethodGet, "/integrations?limit=1", nil)
	if err != nil || len(list["integrations"].([]any)) != 1 || list["total_count"] != 1.0 || list["next"] != nil {
		t.Errorf("list = %v, %v", list, err)
	}
	// Unlike a KMS integration, an Event Notifications integration can be deleted.
	if _, _, err := acDo(svc, http.MethodDelete, "/integrations/en-1", nil); err != nil {
		t.Errorf("delete: %v", err)
	}
	_, _, err = acDo(svc, http.MethodGet, "/integrations/en-1", nil)
	wantStatus(t, err, http.StatusNotFound)
}

func TestDeleteAppConfigInstanceUnregisters(t *testing.T) {
	for _, fails := range []bool{false, true} {
		name := "unregisters"
		if fails {
			name = "unregistration fails"
		}
		t.Run(name, func(t *testing.T) {
			sim := simtest.Start(t)
			if fails {
				sim.SetFaults(t, "kms=unregistration-fails")
			}
			rcSvc := newRC(t, sim, cloudsim.DemoAdminAPIKey)
			if _, err := rcSvc.DeleteResourceInstance(rcSvc.NewDeleteResourceInstanceOptions(cloudsim.AppConfigEUCRN).SetRecursive(true)); err != nil {
				t.Fatal(err)
			}
			_, _, err := acDo(newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigEUGUID), http.MethodGet, "/integrations", nil)
			wantStatus(t, err, http.StatusNotFound)
			list, _, err := rcSvc.ListResourceInstances((&rc.ListResourceInstancesOptions{}).SetGUID(cloudsim.AppConfigEUGUID))
			if err != nil || len(list.Resources) != 0 {
				t.Errorf("instance still listed: %v, %v", list, err)
			}
			c := newKP(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.KeyProtectEUDEGUID)
			regs, err := c.ListRegistrations(context.Background(), cloudsim.EURootKeyID, "")
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{false: 0, true: 1}[fails]; len(regs.Registrations) != want {
				t.Fatalf("%d registrations left, want %d", len(regs.Registrations), want)
			}
			if fails {
				// A sync of the key makes App Configuration re-check, and it unregisters the deleted instance.
				if err := c.SyncAssociatedResources(context.Background(), cloudsim.EURootKeyID); err != nil {
					t.Fatal(err)
				}
				if regs, _ := c.ListRegistrations(context.Background(), cloudsim.EURootKeyID, ""); len(regs.Registrations) != 0 {
					t.Errorf("registration left after the sync")
				}
			}
		})
	}
}

// TestSyncAssociatedResources deletes app-config-eu under each unregistration fault and follows its registration on
// eu-root-key through syncs of the key (keyprotect-go-client SyncAssociatedResources, POST .../actions/sync, 204).
// A sync within an hour of the last one is refused with 409 REQ_TOO_EARLY_ERR naming when it can be tried again
// (ibm-cloud-docs/key-protect integrations/sync-resources.md; keyprotect-go-client kp_test.go
// TestSyncAssociatedResourcesError).
func TestSyncAssociatedResources(t *testing.T) {
	tests := []struct {
		name   string
		faults string
		// leftAfterDelete, leftBeforeSync, leftAfterSync and leftLater say whether the registration is listed right
		// after the deletion, 59 minutes later, right after a sync an hour later, and 30 seconds after that.
		leftAfterDelete, leftBeforeSync, leftAfterSync, leftLater bool
	}{
		{name: "unregistered at the deletion", faults: ""},
		{name: "unregistration fails, the sync clears it", faults: "kms=unregistration-fails", leftAfterDelete: true, leftBeforeSync: true},
		{name: "the owner keeps failing", faults: "kms=unregistration-keeps-failing",
			leftAfterDelete: true, leftBeforeSync: true, leftAfterSync: true, leftLater: true},
		{name: "unregistration takes a while", faults: "kms=unregistration-delay:30s", leftAfterDelete: true},
		{name: "unregistration fails, the sync's takes a while", faults: "kms=unregistration-fails,unregistration-delay:30s",
			leftAfterDelete: true, leftBeforeSync: true, leftAfterSync: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := testclock.New(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
			sim := simtest.Start(t, func(o *cloudsim.Options) { o.Clock = clock.Now })
			sim.SetFaults(t, tt.faults)
			ctx := context.Background()
			c := newKP(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.KeyProtectEUDEGUID)
			left := func(when string, want bool) {
				t.Helper()
				regs, err := c.ListRegistrations(ctx, cloudsim.EURootKeyID, cloudsim.AppConfigEUCRN)
				if err != nil {
					t.Fatal(err)
				}
				if got := len(regs.Registrations) == 1; got != want {
					t.Fatalf("%s: registration listed = %v, want %v", when, got, want)
				}
			}
			// A sync while the instance exists leaves its registration alone.
			if err := c.SyncAssociatedResources(ctx, cloudsim.EURootKeyID); err != nil {
				t.Fatal(err)
			}
			left("after a sync of an instance in use", true)
			rcSvc := newRC(t, sim, cloudsim.DemoAdminAPIKey)
			if _, err := rcSvc.DeleteResourceInstance(rcSvc.NewDeleteResourceInstanceOptions(cloudsim.AppConfigEUGUID)); err != nil {
				t.Fatal(err)
			}
			left("after the deletion", tt.leftAfterDelete)

			// Too early: the first sync was just now.
			clock.Advance(59 * time.Minute)
			err := c.SyncAssociatedResources(ctx, cloudsim.EURootKeyID)
			wantKPReason(t, err, http.StatusConflict, "REQ_TOO_EARLY_ERR")
			if !strings.Contains(err.Error(), "Sync cannot be performed until at least 2026-03-01T13:00:00Z") {
				t.Errorf("refusal %q does not say when", err)
			}
			left("after a refused sync", tt.leftBeforeSync)

			clock.Advance(time.Minute)
			if err := c.SyncAssociatedResources(ctx, cloudsim.EURootKeyID); err != nil {
				t.Fatal(err)
			}
			left("after the sync", tt.leftAfterSync)
			clock.Advance(30 * time.Second)
			left("after the unregistration delay", tt.leftLater)
		})
	}
}

// One Event Notifications instance takes one App Configuration instance, and its source names are unique
// (ibm-cloud-docs/app-configuration ac-en-integration.md; status and body unconfirmed). The response carries the source
// ID, endpoint and CRN, never the source name (appconfiguration-go-admin-sdk IntegrationMetadataMetadataEnIntegration).
func TestEventNotificationsTakesOneAppConfiguration(t *testing.T) {
	sim := simtest.Start(t)
	mustAuthorize(t, sim, subjectAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "apprapp"),
		resourceAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "event-notifications", "serviceInstance", cloudsim.EventNotificationsGUID),
		cloudsim.RoleEventSourceManagerCRN)
	first := newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigEnterpriseGUID)
	created, _, err := acDo(first, http.MethodPost, "/integrations", enIntegration("en-1", cloudsim.EventNotificationsCRN, sim.URL))
	if err != nil {
		t.Fatal(err)
	}
	list, _, err := acDo(first, http.MethodGet, "/integrations?expand=true", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, md := range []any{created["metadata"], list["integrations"].([]any)[0].(map[string]any)["metadata"]} {
		m := md.(map[string]any)
		if m["event_notifications_source_id"] != cloudsim.AppConfigEnterpriseCRN || m["event_notifications_endpoint"] != sim.URL ||
			m["event_notifications_instance_crn"] != cloudsim.EventNotificationsCRN || m["event_notifications_source_name"] != nil ||
			m["event_notifications_source_description"] != nil {
			t.Errorf("metadata = %v, want source ID, endpoint and CRN only", m)
		}
	}
	second := newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigEUGUID)
	sameName := enIntegration("en-2", cloudsim.EventNotificationsCRN, sim.URL)
	otherName := enIntegration("en-2", cloudsim.EventNotificationsCRN, sim.URL)
	otherName["metadata"].(map[string]any)["event_notifications_source_name"] = "eu events"
	for _, tt := range []struct {
		name string
		body map[string]any
		msg  string
	}{
		{"same source name", sameName, `already has a source named "app-config"`},
		{"same name in other case", func() map[string]any {
			b := enIntegration("en-2", cloudsim.EventNotificationsCRN, sim.URL)
			b["metadata"].(map[string]any)["event_notifications_source_name"] = "APP-CONFIG"
			return b
		}(), "already has a source named"},
		{"another source name", otherName, "takes only one App Configuration instance"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, resp, err := acDo(second, http.MethodPost, "/integrations", tt.body)
			if resp == nil || resp.StatusCode != http.StatusConflict || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("got %v, %v; want 409 mentioning %q", resp, err, tt.msg)
			}
			list, _, err := acDo(second, http.MethodGet, "/integrations", nil)
			if err != nil || len(list["integrations"].([]any)) != 1 { // its seeded KMS integration only
				t.Errorf("integrations of app-config-eu = %v, %v", list, err)
			}
		})
	}
	if _, _, err := acDo(first, http.MethodDelete, "/integrations/en-1", nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := acDo(second, http.MethodPost, "/integrations", otherName); err != nil {
		t.Errorf("once disconnected, another instance may connect: %v", err)
	}
}
