package handlers_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
)

func TestResourceListSaysWhenResourceGroupsCannotBeRead(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	tc.signIn(cloudsim.DemoAdminAPIKey)
	tc.setFaults("resource-manager=error:1:503")
	resp, body := tc.get("/?q=app-config")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{"app-config-enterprise", `data-part-unavailable="resource-groups"`, "Resource groups could not be read",
		"Resource Manager", "Unavailable", `href="` + html.EscapeString("/?q=app-config") + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	assertNoInternals(t, body)

	tc.setFaults("")
	_, body = tc.get("/?q=app-config")
	if strings.Contains(body, "data-part-unavailable") || !strings.Contains(body, "Default") {
		t.Error("the notice stays after the resource groups can be read again")
	}
}
