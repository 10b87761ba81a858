package cloudsim_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/IBM/go-sdk-core/v5/core"
	gc "github.com/IBM/platform-services-go-sdk/globalcatalogv1"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
)

func TestCatalog(t *testing.T) {
	sim := simtest.Start(t)
	svc := newCatalog(t, sim, cloudsim.DemoViewerAPIKey)
	tests := []struct {
		q    string
		want []string
	}{
		{"", []string{"apprapp", "kms", "hs-crypto", "event-notifications", "databases-for-postgresql"}},
		// Free text is matched against name, display name and description (globalcatalogv1 ListCatalogEntriesOptions.Q).
		{"kms", []string{"kms"}},
		{"hyper", []string{"hs-crypto"}},
		{"kind:service hs-crypto", []string{"hs-crypto"}},
		{"HARDWARE", []string{"hs-crypto"}},
		// name: is not one of the documented tags: it is free text that no entry contains (*unconfirmed*).
		{"name:kms", nil},
		{"nope", nil},
		{"kind:service iam:true active:true", []string{"apprapp", "kms", "hs-crypto", "event-notifications", "databases-for-postgresql"}},
		{"kind:plan", nil},
		{"rc:false", nil},
		{"tag:kms", []string{"kms", "hs-crypto"}},
		{"geo:in-mum", []string{"kms"}},
		{"geo:us-south kind:service tag:security", []string{"kms", "hs-crypto"}},
		{"price:free", []string{"apprapp", "event-notifications"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			opts := &gc.ListCatalogEntriesOptions{}
			if tt.q != "" {
				opts.SetQ(tt.q)
			}
			res, _, err := svc.ListCatalogEntries(opts)
			if err != nil {
				t.Fatal(err)
			}
			got := collect(res.Resources, func(e gc.CatalogEntry) string { return *e.Name })
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	entry, _, err := svc.GetCatalogEntry(svc.NewGetCatalogEntryOptions(cloudsim.KeyProtectServiceID))
	if err != nil || *entry.Name != "kms" || *entry.OverviewUI["en"].DisplayName != "Key Protect" {
		t.Fatalf("entry = %+v, %v", entry, err)
	}
	plans, _, err := svc.GetChildObjects(svc.NewGetChildObjectsOptions(cloudsim.AppConfigServiceID, "plan"))
	if err != nil {
		t.Fatal(err)
	}
	got := collect(plans.Resources, func(p gc.CatalogEntry) string { return *p.Name + "/" + *p.OverviewUI["en"].DisplayName + "=" + *p.ID })
	// App Configuration's plan names are lite, standardv2 and enterprise (terraform-ibm-modules/terraform-ibm-app-configuration
	// variables.tf validates app_config_plan; main.tf tests app_config_plan == "enterprise" for KMS).
	want := []string{"lite/Lite=" + cloudsim.AppConfigLitePlanID, "standardv2/Standard=" + cloudsim.AppConfigStandardPlanID, "enterprise/Enterprise=" + cloudsim.AppConfigEnterprisePlanID}
	if !slices.Equal(got, want) {
		t.Errorf("plans = %v, want %v", got, want)
	}
	plan, _, err := svc.GetCatalogEntry(svc.NewGetCatalogEntryOptions(cloudsim.HPCSStandardPlanID))
	if err != nil || *plan.Kind != "plan" || *plan.ParentID != cloudsim.HPCSServiceID {
		t.Errorf("plan entry = %+v, %v", plan, err)
	}
	_, _, err = svc.GetCatalogEntry(svc.NewGetCatalogEntryOptions("nope"))
	wantStatus(t, err, http.StatusNotFound)
}

// The public catalog is read without a token, as ibm-cloud-docs/billing-usage getting-pricing-api.md does with curl:
// the SDK with core.NoAuthAuthenticator finds a service and its plans.
func TestCatalogReadWithoutAToken(t *testing.T) {
	sim := simtest.Start(t)
	svc, err := gc.NewGlobalCatalogV1(&gc.GlobalCatalogV1Options{URL: sim.URL + "/api/v1", Authenticator: &core.NoAuthAuthenticator{}})
	if err != nil {
		t.Fatal(err)
	}
	found, _, err := svc.ListCatalogEntries(svc.NewListCatalogEntriesOptions().SetQ("kind:service apprapp"))
	if err != nil || len(found.Resources) != 1 || *found.Resources[0].ID != cloudsim.AppConfigServiceID {
		t.Fatalf("search without a token = %+v, %v", found, err)
	}
	plans, _, err := svc.GetChildObjects(svc.NewGetChildObjectsOptions(cloudsim.AppConfigServiceID, "plan"))
	if err != nil || len(plans.Resources) != 3 {
		t.Fatalf("plans without a token = %+v, %v", plans, err)
	}
	if _, _, err := svc.GetCatalogEntry(svc.NewGetCatalogEntryOptions(cloudsim.AppConfigEnterprisePlanID)); err != nil {
		t.Errorf("a plan without a token: %v", err)
	}
}

// A catalog object the user may not see answers 403 (ibm-strictness.md section 8): cloudsim makes one so with the
// global-catalog unreadable fault; searches and child lists leave it out.
func TestUnreadableCatalogEntry(t *testing.T) {
	sim := simtest.Start(t)
	svc := newCatalog(t, sim, cloudsim.DemoAdminAPIKey)
	sim.SetFaults(t, "global-catalog=unreadable:"+cloudsim.AppConfigStandardPlanID+",unreadable:"+cloudsim.HPCSServiceID)
	_, _, err := svc.GetCatalogEntry(svc.NewGetCatalogEntryOptions(cloudsim.AppConfigStandardPlanID))
	wantStatus(t, err, http.StatusForbidden)
	_, _, err = svc.GetChildObjects(svc.NewGetChildObjectsOptions(cloudsim.HPCSServiceID, "plan"))
	wantStatus(t, err, http.StatusForbidden)
	if _, _, err := svc.GetCatalogEntry(svc.NewGetCatalogEntryOptions(cloudsim.AppConfigEnterprisePlanID)); err != nil {
		t.Errorf("a readable plan: %v", err)
	}
	plans, _, err := svc.GetChildObjects(svc.NewGetChildObjectsOptions(cloudsim.AppConfigServiceID, "plan"))
	if err != nil {
		t.Fatal(err)
	}
	names := collect(plans.Resources, func(p gc.CatalogEntry) string { return *p.Name })
	if !slices.Equal(names, []string{"lite", "enterprise"}) {
		t.Errorf("plans = %v, want lite and enterprise", names)
	}
	found, _, err := svc.ListCatalogEntries(svc.NewListCatalogEntriesOptions().SetQ("hyper"))
	if err != nil || len(found.Resources) != 0 {
		t.Errorf("search found %+v, %v; want nothing", found, err)
	}
}
