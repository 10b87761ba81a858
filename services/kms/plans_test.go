package kms_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
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
	target, err := url.Parse(sim.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	var mu sync.Mutex
	var queries []string
	catalog := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1" && r.URL.Path != "/api/v1/" {
			proxy.ServeHTTP(w, r)
			return
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
	}))
	t.Cleanup(catalog.Close)
	endpoints := ibmcloud.SimEndpoints(sim.URL)
	endpoints.GlobalCatalog = catalog.URL + "/api/v1"
	connector := ibmcloud.NewConnector(endpoints, servicetest.Limits)
	plans, err := kms.NewClient(connector).ListPlans(context.Background(), servicetest.Token(t, connector, cloudsim.DemoAdminAPIKey), resources.ServiceKeyProtect)
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
