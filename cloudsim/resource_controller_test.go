package cloudsim_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	rc "github.com/IBM/platform-services-go-sdk/resourcecontrollerv2"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
)

func TestListInstances(t *testing.T) {
	sim := simtest.Start(t)
	svc := newRC(t, sim, cloudsim.DemoViewerAPIKey)
	tests := []struct {
		name string
		opts *rc.ListResourceInstancesOptions
		want []string
	}{
		{"all", &rc.ListResourceInstancesOptions{}, []string{
			"key-protect-us-south", "key-protect-eu-de", "hpcs-us-south", "event-notifications-us-south",
			"app-config-enterprise", "app-config-lite", "app-config-eu"}},
		{"by service", (&rc.ListResourceInstancesOptions{}).SetResourceID(cloudsim.KeyProtectServiceID),
			[]string{"key-protect-us-south", "key-protect-eu-de"}},
		{"by group", (&rc.ListResourceInstancesOptions{}).SetResourceGroupID(cloudsim.ProductionResourceGroupID),
			[]string{"key-protect-eu-de", "app-config-eu"}},
		{"by plan", (&rc.ListResourceInstancesOptions{}).SetResourcePlanID(cloudsim.AppConfigLitePlanID),
			[]string{"app-config-lite"}},
		{"by name", (&rc.ListResourceInstancesOptions{}).SetName("hpcs-us-south"), []string{"hpcs-us-south"}},
		{"by guid", (&rc.ListResourceInstancesOptions{}).SetGUID(cloudsim.AppConfigEUGUID), []string{"app-config-eu"}},
		{"by type", (&rc.ListResourceInstancesOptions{}).SetType("resource_instance"), nil},
		{"removed", (&rc.ListResourceInstancesOptions{}).SetState("removed"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, _, err := svc.ListResourceInstances(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			got := collect(list.Resources, func(in rc.ResourceInstance) string { return *in.Name })
			if !slices.Equal(got, tt.want) || *list.RowsCount != int64(len(tt.want)) {
				t.Errorf("got %v (rows_count %d), want %v", got, *list.RowsCount, tt.want)
			}
		})
	}
}

func TestListInstancesPager(t *testing.T) {
	sim := simtest.Start(t)
	svc := newRC(t, sim, cloudsim.DemoAdminAPIKey)
	pager, err := svc.NewResourceInstancesPager((&rc.ListResourceInstancesOptions{}).SetLimit(2))
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	var names []string
	for pager.HasNext() {
		page, err := pager.GetNext()
		if err != nil {
			t.Fatal(err)
		}
		pages++
		names = append(names, collect(page, func(in rc.ResourceInstance) string { return *in.Name })...)
	}
	if pages != 4 || len(names) != 7 {
		t.Errorf("got %d pages, %d instances; want 4 pages, 7 instances", pages, len(names))
	}
	first, _, err := svc.ListResourceInstances((&rc.ListResourceInstancesOptions{}).SetLimit(2))
	if err != nil {
		t.Fatal(err)
	}
	if start, err := first.GetNextStart(); err != nil || start == nil {
		t.Errorf("next_url %v has no start: %v", first.NextURL, err)
	}
}

func TestGetInstance(t *testing.T) {
	sim := simtest.Start(t)
	svc := newRC(t, sim, cloudsim.DemoAdminAPIKey)
	for _, id := range []string{cloudsim.KeyProtectUSSouthGUID, cloudsim.KeyProtectUSSouthCRN} {
		in, _, err := svc.GetResourceInstance(svc.NewGetResourceInstanceOptions(id))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if *in.CRN != cloudsim.KeyProtectUSSouthCRN || *in.ID != cloudsim.KeyProtectUSSouthCRN || *in.GUID != cloudsim.KeyProtectUSSouthGUID ||
			*in.RegionID != "us-south" || *in.ResourcePlanID != cloudsim.KeyProtectPlanID || *in.State != "active" ||
			*in.ResourceGroupID != cloudsim.DefaultResourceGroupID || *in.ResourceID != cloudsim.KeyProtectServiceID {
			t.Errorf("instance = %+v", in)
		}
		endpoints, _ := in.Extensions["endpoints"].(map[string]any)
		if endpoints["public"] != sim.URL {
			t.Errorf("extensions = %v, want endpoints.public %s", in.Extensions, sim.URL)
		}
		// Resource Controller's dashboard_url is absolute (ibm-cloud-docs: https://cloud.ibm.com/services/<service>/<CRN>).
		if want := "https://cloud.ibm.com/services/kms/" + url.QueryEscape(cloudsim.KeyProtectUSSouthCRN); *in.DashboardURL != want {
			t.Errorf("dashboard_url = %s, want %s", *in.DashboardURL, want)
		}
		if in.CreatedAt.String() != "2025-01-20T09:00:00.000Z" {
			t.Errorf("created_at = %v", in.CreatedAt)
		}
	}
	_, _, err := svc.GetResourceInstance(svc.NewGetResourceInstanceOptions("no-such-instance"))
	wantStatus(t, err, http.StatusNotFound)
}

func TestCreateAndDeleteInstance(t *testing.T) {
	sim := simtest.Start(t, func(o *cloudsim.Options) { o.DeterministicIDs = true })
	svc := newRC(t, sim, cloudsim.DemoAdminAPIKey)
	created, resp, err := svc.CreateResourceInstance(svc.NewCreateResourceInstanceOptions(
		"kp-new", "us-south", cloudsim.DefaultResourceGroupID, cloudsim.KeyProtectPlanID))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusCreated || *created.GUID != "00000000-0000-4000-8000-000000000001" ||
		*created.CRN != "crn:v1:bluemix:public:kms:us-south:a/"+cloudsim.DemoAccountID+":00000000-0000-4000-8000-000000000001::" {
		t.Errorf("created %d %+v", resp.StatusCode, created)
	}
	if _, err := svc.DeleteResourceInstance(svc.NewDeleteResourceInstanceOptions(*created.CRN).SetRecursive(true)); err != nil {
		t.Fatal(err)
	}
	_, _, err = svc.GetResourceInstance(svc.NewGetResourceInstanceOptions(*created.GUID))
	wantStatus(t, err, http.StatusNotFound)
	_, err = svc.DeleteResourceInstance(svc.NewDeleteResourceInstanceOptions(*created.GUID))
	wantStatus(t, err, http.StatusNotFound)
}

func TestCreateInstanceRefusals(t *testing.T) {
	sim := simtest.Start(t)
	admin := newRC(t, sim, cloudsim.DemoAdminAPIKey)
	tests := []struct {
		name                       string
		instName, target, rg, plan string
		want                       int
	}{
		{"no name", "", "us-south", cloudsim.DefaultResourceGroupID, cloudsim.KeyProtectPlanID, http.StatusBadRequest},
		{"unknown plan", "x", "us-south", cloudsim.DefaultResourceGroupID, "nope", http.StatusBadRequest},
		{"unknown region", "x", "mars-1", cloudsim.DefaultResourceGroupID, cloudsim.KeyProtectPlanID, http.StatusBadRequest},
		{"unknown group", "x", "us-south", "nope", cloudsim.KeyProtectPlanID, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := admin.CreateResourceInstance(admin.NewCreateResourceInstanceOptions(tt.instName, tt.target, tt.rg, tt.plan))
			wantStatus(t, err, tt.want)
		})
	}
	viewer := newRC(t, sim, cloudsim.DemoViewerAPIKey)
	_, _, err := viewer.CreateResourceInstance(viewer.NewCreateResourceInstanceOptions("x", "us-south", cloudsim.DefaultResourceGroupID, cloudsim.KeyProtectPlanID))
	wantStatus(t, err, http.StatusForbidden)
	_, err = viewer.DeleteResourceInstance(viewer.NewDeleteResourceInstanceOptions(cloudsim.AppConfigLiteGUID))
	wantStatus(t, err, http.StatusForbidden)
}

// TestHPCSInstancesClosed: no new Hyper Protect Crypto Services instances from 28 March 2026
// (/work/shared/reference/ibm-strictness.md section 4; *unconfirmed*: the exact body); Key Protect still works.
func TestHPCSInstancesClosed(t *testing.T) {
	var now atomic.Value
	now.Store(cloudsim.HPCSInstancesClosed)
	sim := simtest.Start(t, func(o *cloudsim.Options) { o.Clock = func() time.Time { return now.Load().(time.Time) } })
	admin := newRC(t, sim, cloudsim.DemoAdminAPIKey)
	_, resp, err := admin.CreateResourceInstance(admin.NewCreateResourceInstanceOptions("hpcs-new", "us-south", cloudsim.DefaultResourceGroupID, cloudsim.HPCSStandardPlanID))
	wantStatus(t, err, http.StatusBadRequest)
	if !strings.Contains(err.Error(), "Hyper Protect Crypto Services instances cannot be created") || resp.Result.(map[string]any)["error_code"] != "RC-ServiceNotAvailable" {
		t.Errorf("refusal = %v, %v", err, resp.Result)
	}
	list, _, err := admin.ListResourceInstances((&rc.ListResourceInstancesOptions{}).SetName("hpcs-new"))
	if err != nil || len(list.Resources) != 0 {
		t.Errorf("after the refusal: %+v, %v", list, err)
	}
	if _, _, err := admin.CreateResourceInstance(admin.NewCreateResourceInstanceOptions("kp-new", "us-south", cloudsim.DefaultResourceGroupID, cloudsim.KeyProtectPlanID)); err != nil {
		t.Errorf("Key Protect instance: %v", err)
	}
	now.Store(cloudsim.HPCSInstancesClosed.Add(-time.Hour))
	if _, _, err := admin.CreateResourceInstance(admin.NewCreateResourceInstanceOptions("hpcs-new", "us-south", cloudsim.DefaultResourceGroupID, cloudsim.HPCSStandardPlanID)); err != nil {
		t.Errorf("HPCS instance before the change: %v", err)
	}
}

func TestResourceGroups(t *testing.T) {
	sim := simtest.Start(t)
	svc := newRM(t, sim, cloudsim.DemoViewerAPIKey)
	list, _, err := svc.ListResourceGroups(svc.NewListResourceGroupsOptions().SetAccountID(cloudsim.DemoAccountID))
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Resources) != 2 || *list.Resources[0].Name != "Default" || !*list.Resources[0].Default ||
		*list.Resources[1].ID != cloudsim.ProductionResourceGroupID || *list.Resources[1].State != "ACTIVE" {
		t.Errorf("groups = %+v", list.Resources)
	}
	g, _, err := svc.GetResourceGroup(svc.NewGetResourceGroupOptions(cloudsim.ProductionResourceGroupID))
	if err != nil || *g.Name != "production" {
		t.Fatalf("get = %+v, %v", g, err)
	}
	// resourcemanagerv2 does not expose a *core.HTTPProblem through errors.As: read the DetailedResponse.
	_, resp, err := svc.GetResourceGroup(svc.NewGetResourceGroupOptions("nope"))
	if err == nil || resp == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("get unknown group: %v, %v", resp, err)
	}
}

// TestDeleteKeyManagementInstanceWithActiveKeys: Resource Controller refuses to delete a Key Protect instance that still
// has keys, with 422 RC-ServiceBrokerErrorResponse passing on the broker's 409 CONTAINS_ACTIVE_KEYS (the answer in
// ibm-cloud-docs security-services known issues, "Error when you try to undeploy key management").
func TestDeleteKeyManagementInstanceWithActiveKeys(t *testing.T) {
	sim := simtest.Start(t)
	svc := newRC(t, sim, cloudsim.DemoAdminAPIKey)
	resp, err := svc.DeleteResourceInstance(svc.NewDeleteResourceInstanceOptions(cloudsim.KeyProtectUSSouthGUID))
	wantStatus(t, err, http.StatusUnprocessableEntity)
	body, _ := resp.Result.(map[string]any)
	details, _ := body["details"].(string)
	if body["error_code"] != "RC-ServiceBrokerErrorResponse" || body["status_code"] != 422.0 ||
		!strings.Contains(err.Error(), "[409, Conflict] CONTAINS_ACTIVE_KEYS: Remove all keys before de-provisioning: Instance contains 4 active keys") ||
		!strings.Contains(details, `"status_code":409`) || !strings.Contains(details, "CONTAINS_ACTIVE_KEYS") {
		t.Fatalf("answer %v, %v", body, err)
	}
	// Nothing was deleted.
	if _, _, err := svc.GetResourceInstance(svc.NewGetResourceInstanceOptions(cloudsim.KeyProtectUSSouthGUID)); err != nil {
		t.Errorf("instance gone after the refusal: %v", err)
	}
	if keys, err := newKP(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.KeyProtectUSSouthGUID).GetKeys(context.Background(), 0, 0); err != nil || len(keys.Keys) != 4 {
		t.Errorf("keys after the refusal = %v, %v", keys, err)
	}
}

// Key Protect runs in Montreal, Chennai and Mumbai too (ibm-cloud-docs/key-protect regions.md); App Configuration's
// regions are cloudsim's default list, which has none of them.
func TestKeyProtectRegions(t *testing.T) {
	sim := simtest.Start(t)
	admin := newRC(t, sim, cloudsim.DemoAdminAPIKey)
	for _, region := range []string{"ca-mon", "in-che", "in-mum"} {
		created, _, err := admin.CreateResourceInstance(admin.NewCreateResourceInstanceOptions("kp-"+region, region, cloudsim.DefaultResourceGroupID, cloudsim.KeyProtectPlanID))
		if err != nil || *created.RegionID != region {
			t.Errorf("%s: created %+v, %v", region, created, err)
		}
	}
	_, _, err := admin.CreateResourceInstance(admin.NewCreateResourceInstanceOptions("ac-mon", "ca-mon", cloudsim.DefaultResourceGroupID, cloudsim.AppConfigEnterprisePlanID))
	wantStatus(t, err, http.StatusBadRequest)
	list, _, err := admin.ListResourceInstances(admin.NewListResourceInstancesOptions().SetName("ac-mon"))
	if err != nil || len(list.Resources) != 0 {
		t.Errorf("refused instance listed: %+v, %v", list, err)
	}
}
