package kms_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
)

// The Global Catalog's q has no name: tag, so the console searches the plain name and keeps the entry named exactly
// so: here the search answers other entries around it (a service whose name contains it, a plan of that name), as
// IBM's free-text search does.
func TestListPlansPicksTheExactName(t *testing.T) {
	sim := simtest.Start(t)
	var mu sync.Mutex
	var queries []string
	endpoints := ibmcloud.SimEndpoints(sim.URL)
	endpoints.GlobalCatalog = servicetest.Proxy(t, sim, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v1" && r.URL.Path != "/api/v1/" {
			return false
		}
		mu.Lock()
		queries = append(queries, r.URL.Query().Get("q"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"offset": 0, "limit": 100, "count": 3, "resource_count": 3, "resources": []map[string]any{
			{"id": "other-1", "name": "kms-metrics", "kind": "service"},
			{"id": "other-2", "name": "kms", "kind": "plan"},
			{"id": cloudsim.KeyProtectServiceID, "name": "kms", "kind": "service"},
		}})
		return true
	}) + "/api/v1"
	f := servicetest.Over(t, sim, ibmcloud.NewConnector(endpoints, servicetest.Limits))
	plans, err := f.Keys.ListPlans(context.Background(), f.Admin, resources.ServiceKeyProtect)
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) != 1 || plans[0].ID != cloudsim.KeyProtectPlanID {
		t.Errorf("plans = %+v, want Key Protect's", plans)
	}
	if len(queries) != 1 || queries[0] != "kms" || strings.Contains(queries[0], "name:") {
		t.Errorf("searched %q, want the plain name", queries)
	}
}

// Key Protect runs in Montreal, Chennai and Mumbai too, with a private endpoint in each region (ibm-cloud-docs/key-protect
// regions.md).
func TestKeyProtectRegionsAndEndpoints(t *testing.T) {
	for _, region := range []string{"ca-mon", "in-che", "in-mum"} {
		if !slices.Contains(kms.Regions(resources.ServiceKeyProtect), region) {
			t.Errorf("Key Protect regions lack %s", region)
		}
	}
	if slices.Contains(kms.Regions(resources.ServiceHPCS), "in-mum") {
		t.Errorf("HPCS regions = %v, want no in-mum", kms.Regions(resources.ServiceHPCS))
	}
	if got := ibmcloud.KeyProtectEndpoint("in-che", false); got != "https://in-che.kms.cloud.ibm.com" {
		t.Errorf("public endpoint = %s", got)
	}
	if got := ibmcloud.KeyProtectEndpoint("in-che", true); got != "https://private.in-che.kms.cloud.ibm.com" {
		t.Errorf("private endpoint = %s", got)
	}
}
