package cloudsim_test

import (
	"net/http"
	"slices"
	"testing"

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
			var got []string
			for _, e := range res.Resources {
				got = append(got, *e.Name)
			}
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
	var got []string
	for _, p := range plans.Resources {
		got = append(got, *p.OverviewUI["en"].DisplayName+"="+*p.ID)
	}
	want := []string{"Lite=" + cloudsim.AppConfigLitePlanID, "Standard=" + cloudsim.AppConfigStandardPlanID, "Enterprise=" + cloudsim.AppConfigEnterprisePlanID}
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
