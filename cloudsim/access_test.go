package cloudsim_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	kp "github.com/IBM/keyprotect-go-client"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
)

// wantKPNoAccess checks Key Protect's refusal of a valid token without the role: 401 UNAUTHORIZED_ERR as an errorMsg
// with no reasons (ibm-cloud-docs/key-protect error-messages.md, ts-unable-to-authenticate-api.md).
func wantKPNoAccess(t testing.TB, err error) {
	t.Helper()
	var ke *kp.Error
	if !errors.As(err, &ke) {
		t.Fatalf("error %v (%T) is not a *kp.Error", err, err)
	}
	if ke.StatusCode != http.StatusUnauthorized || len(ke.Reasons) != 0 ||
		ke.Message != "Unauthorized: The user does not have access to the specified resource" {
		t.Fatalf("kp.Error status %d message %q reasons %v, want 401 without reasons", ke.StatusCode, ke.Message, ke.Reasons)
	}
}

// A valid token whose user lacks the role is refused with 401 by Key Protect and App Configuration, and with 403 by the
// platform APIs; nothing is created or deleted.
func TestRoleRefusals(t *testing.T) {
	sim := simtest.Start(t)
	ctx := context.Background()

	t.Run("Key Protect key create and delete answer 401", func(t *testing.T) {
		viewer := newKP(t, sim, cloudsim.DemoViewerAPIKey, cloudsim.KeyProtectUSSouthGUID)
		before, err := viewer.GetKeys(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, err = viewer.CreateRootKey(ctx, "viewer-key", nil)
		wantKPNoAccess(t, err)
		_, err = viewer.DeleteKey(ctx, cloudsim.BackupRootKeyID, kp.ReturnMinimal)
		wantKPNoAccess(t, err)
		after, err := viewer.GetKeys(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Keys) != len(before.Keys) {
			t.Errorf("keys: %d before, %d after", len(before.Keys), len(after.Keys))
		}
	})

	t.Run("App Configuration integration create and delete answer 401", func(t *testing.T) {
		// ibm-cloud-docs/app-configuration ac-iam-policies-collections.md: {"status_code":401,"message":"unauthorized: ...
		// IAM role ...","trace":"appconfig-txid-..."}.
		viewer := newAppConfig(t, sim, cloudsim.DemoViewerAPIKey, cloudsim.AppConfigEUGUID)
		before, _, err := acDo(viewer, http.MethodGet, "/integrations?expand=true", nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, call := range []struct {
			method, path string
			body         any
		}{
			{http.MethodPost, "/integrations", enIntegration("en-1", cloudsim.EventNotificationsCRN, sim.URL)},
			{http.MethodDelete, "/integrations/" + cloudsim.EUKMSIntegrationID, nil},
		} {
			_, resp, err := acDo(viewer, call.method, call.path, call.body)
			wantStatus(t, err, http.StatusUnauthorized)
			body, _ := resp.Result.(map[string]any)
			msg, _ := body["message"].(string)
			trace, _ := body["trace"].(string)
			if code, _ := body["status_code"].(float64); code != http.StatusUnauthorized || !strings.HasPrefix(msg, "unauthorized: ") ||
				!strings.Contains(msg, "IAM role") || !strings.HasPrefix(trace, "appconfig-txid-") {
				t.Errorf("%s %s: body %v", call.method, call.path, body)
			}
		}
		after, _, err := acDo(viewer, http.MethodGet, "/integrations?expand=true", nil)
		if err != nil {
			t.Fatal(err)
		}
		if before["total_count"] != after["total_count"] {
			t.Errorf("integrations: %v before, %v after", before["total_count"], after["total_count"])
		}
	})

	t.Run("Resource Controller and IAM Policy Management answer 403", func(t *testing.T) {
		rc := newRC(t, sim, cloudsim.DemoViewerAPIKey)
		_, _, err := rc.CreateResourceInstance(rc.NewCreateResourceInstanceOptions("x", "us-south", cloudsim.DefaultResourceGroupID, cloudsim.KeyProtectPlanID))
		wantStatus(t, err, http.StatusForbidden)
		_, err = rc.DeleteResourceInstance(rc.NewDeleteResourceInstanceOptions(cloudsim.AppConfigLiteGUID))
		wantStatus(t, err, http.StatusForbidden)
		pm := newIAMPolicy(t, sim, cloudsim.DemoViewerAPIKey)
		_, _, err = pm.CreatePolicy(authorization(pm,
			subjectAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "apprapp"),
			resourceAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "kms"), cloudsim.RoleReaderCRN))
		wantStatus(t, err, http.StatusForbidden)
	})
}
