package handlers_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/routes"
)

// collapsible is the opening tag of a panel's equivalents section.
var collapsible = regexp.MustCompile(`<details id="(kms|en)-equivalents-details"[^>]*>`)

// TestPanelEquivalents: each state of the Key Management and Event Notifications panels carries its equivalents
// section, with the commands once Create can run, the reason otherwise, and none in "Create a new instance" mode.
func TestPanelEquivalents(t *testing.T) {
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	kms := func(q url.Values) string { return kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, q) }
	en := routes.Path(routes.ENPanel, cloudsim.AppConfigEnterpriseGUID)
	key := url.Values{"service": {"kms"}, "instance": {cloudsim.KeyProtectUSSouthGUID}, "key": {cloudsim.AppConfigRootKeyID}}
	authorize := url.Values{"service": {"kms"}, "instance": {cloudsim.KeyProtectUSSouthGUID}, "key": {cloudsim.AppConfigRootKeyID}, "authorize": {"1"}}
	tests := []struct {
		name         string
		path         string
		wants, donts []string
	}{
		{name: "Key Management, nothing chosen", path: kms(nil),
			wants: []string{`id="kms-equivalents"`, `data-ready="false"`, "Choose an instance and a root key"}},
		{name: "Key Management, authorization missing", path: kms(key),
			wants: []string{`data-ready="false"`, "Create needs a service authorization"}},
		{name: "Key Management, authorize ticked", path: kms(authorize),
			wants: []string{`data-ready="true"`, "ibmcloud iam authorization-policy-create apprapp kms Reader",
				"--target-service-instance-id " + cloudsim.KeyProtectUSSouthGUID, "ibmcloud app-configuration integration-create",
				"--metadata-kms-instance-crn " + cloudsim.KeyProtectUSSouthCRN, "--metadata-root-key-id " + cloudsim.AppConfigRootKeyID,
				`resource "ibm_iam_authorization_policy" "apprapp_to_kms"`, `resource "ibm_app_config_integration_kms"`}},
		{name: "Key Management, Hyper Protect Crypto Services", path: kms(url.Values{"service": {"hs-crypto"}}),
			wants: []string{`data-ready="false"`, "no longer accepts new integrations with Hyper Protect Crypto Services"},
			donts: []string{"integration-create"}},
		{name: "Key Management, new instance", path: kms(url.Values{"service": {"kms"}, "mode": {"new"}}),
			donts: []string{`id="kms-equivalents"`}},
		{name: "Event Notifications, nothing chosen", path: en,
			wants: []string{`id="en-equivalents"`, `data-ready="false"`, "Choose an Event Notifications instance"}},
		{name: "Event Notifications, instance and source", path: en + "?" + url.Values{"instance": {cloudsim.EventNotificationsGUID},
			"name": {"Checkout flags"}}.Encode(),
			wants: []string{`data-ready="true"`, "ibmcloud iam authorization-policy-create apprapp event-notifications 'Event Source Manager'",
				"--metadata-event-notifications-instance-crn " + cloudsim.EventNotificationsCRN,
				"--metadata-event-notifications-source-name 'Checkout flags'", `en_source_name  = "Checkout flags"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := tc.get(tt.path)
			body = html.UnescapeString(body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if details := collapsible.FindString(body); strings.Contains(details, " open") {
				t.Errorf("the equivalents are open: %s", details)
			}
			assertContains(t, body, tt.wants, tt.donts)
		})
	}
}
