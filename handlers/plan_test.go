package handlers_test

import (
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

// A plan whose catalog entry the user may not read (the Global Catalog answers 403) shows as an unknown plan; the
// lists and pages around it still render, and the Enterprise gate says why it cannot tell.
func TestUnreadablePlan(t *testing.T) {
	t.Parallel()
	// From the start: the console reads the catalog's plans as it starts.
	tc := newTestConsole(t, consoletest.Options{Faults: "global-catalog=unreadable:" + cloudsim.AppConfigEnterprisePlanID})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	checkPages(t, tc, []pageCase{
		{name: "resource list", path: "/",
			wants: []string{`data-resource="app-config-enterprise"`, `data-resource="app-config-lite"`, `data-resource="key-protect-us-south"`,
				"data-plan-unknown", "Unknown plan", "could not be read from the Global Catalog", cloudsim.AppConfigEnterprisePlanID, ">Lite<"},
			donts: []string{">Enterprise<"}},
		{name: "instance page", path: routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID),
			wants: []string{"app-config-enterprise", "Unknown plan"}},
		{name: "key management panel", path: routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseGUID),
			wants: []string{"Enterprise plan required", "The plan of app-config-enterprise could not be read from the Global Catalog"},
			donts: []string{"is on the  plan"}},
	})
}
