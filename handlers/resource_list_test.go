package handlers_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/routes"
)

func TestResourceListSaysWhenResourceGroupsCannotBeRead(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	tc.setFaults("resource-manager=error:1:503")
	resp, body := tc.get("/?q=app-config")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d\n%s", resp.StatusCode, body)
	}
	assertContains(t, body, []string{"app-config-enterprise", `data-part-unavailable="resource-groups"`, "Resource groups could not be read",
		"Resource Manager", "Unavailable", `href="` + html.EscapeString("/?q=app-config") + `"`}, nil)
	assertNoInternals(t, body)

	tc.setFaults("")
	_, body = tc.get("/?q=app-config")
	if strings.Contains(body, "data-part-unavailable") || !strings.Contains(body, "Default") {
		t.Error("the notice stays after the resource groups can be read again")
	}
}

// TestResourceList checks the resource list: every seeded instance with its plan, region, group and links, and the
// search.
func TestResourceList(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	search := func(q string) string { return "/?q=" + url.QueryEscape(q) }
	checkPages(t, tc, []pageCase{
		{name: "seeded instances", path: "/", wants: []string{"app-config-enterprise", "app-config-lite", "app-config-eu", "key-protect-us-south",
			"key-protect-eu-de", "hpcs-us-south", "event-notifications-us-south", "Enterprise", "us-south", "eu-de", "Default",
			routes.Path(routes.Instance, cloudsim.AppConfigEnterpriseCRN), routes.Path(routes.InstanceDeleteConfirm, cloudsim.AppConfigEnterpriseCRN),
			routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthCRN), cloudsim.DemoAccountName}},
		{name: "search", path: search("key-protect"), wants: []string{"key-protect-us-south", "key-protect-eu-de"}, donts: []string{"app-config-lite", "hpcs-us-south"}},
		{name: "search without match", path: search("nothing-like-this"), wants: []string{"No matching resources"}, donts: []string{"app-config-lite"}},
		{name: "search too long", path: search(strings.Repeat("x", 201)), status: http.StatusBadRequest, wants: []string{"too long"}},
	})
}
