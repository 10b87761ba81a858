package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/routes"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/resources"
)

var (
	enPanelPath      = routes.Path(routes.ENPanel, cloudsim.AppConfigEnterpriseCRN)
	enIntegrations   = routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseCRN)
	enDisconnectPath = routes.Path(routes.ENDisconnect, cloudsim.AppConfigEnterpriseCRN)
	enRefreshPath    = routes.Path(routes.ENRefresh, cloudsim.AppConfigEnterpriseCRN)
)

// connectForm is a valid Save of the panel.
func connectForm() url.Values {
	return url.Values{"name": {"Checkout flags"}, "description": {"Events of the checkout app"},
		"group": {cloudsim.DefaultResourceGroupID}, "instance": {cloudsim.EventNotificationsGUID}}
}

func TestENPanelShows(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	checkPages(t, tc, []pageCase{
		{name: "default", path: enPanelPath, wants: []string{"<html", "Connect to Event Notifications", "Before you begin", "After connection",
			"Source Details", `value="app-config-enterprise"`, "Description (optional)", "Resource group", "Event Notifications service instance",
			"event-notifications-us-south (us-south)", "Create new instance", "Service authorization", "Choose an Event Notifications instance",
			"Event Source Manager", "Save"}},
		{name: "instance chosen", path: enPanelPath + "?instance=" + cloudsim.EventNotificationsGUID + "&name=My+source",
			wants: []string{`value="My source"`, "By clicking save, you are creating the following access", `id="en-authorization-target"`}},
		{name: "fragment", path: enPanelPath + "?instance=" + cloudsim.EventNotificationsGUID, htmx: true,
			wants: []string{`id="en-panel"`, "Connect to Event Notifications"}, donts: []string{"<html"}},
		{name: "group without instances", path: enPanelPath + "?group=" + cloudsim.ProductionResourceGroupID,
			wants: []string{"This resource group has no Event Notifications instance"}, donts: []string{"event-notifications-us-south (us-south)"}},
		{name: "lite plan", path: routes.Path(routes.ENPanel, cloudsim.AppConfigLiteGUID),
			wants: []string{"Enterprise plan required", "disabled"}},
	})
}

func TestENPanelNotFound(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	for _, path := range []string{
		routes.Path(routes.ENPanel, "not-a-guid"),
		routes.Path(routes.ENPanel, cloudsim.KeyProtectUSSouthGUID),
		routes.Path(routes.ENPanel, "00000000-0000-4000-8000-00000000dead"),
	} {
		if resp, _ := tc.get(path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, resp.StatusCode)
		}
	}
}

func TestENConnectRefusesBadInput(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	cloud := tc.Inspect(t)
	tests := []struct {
		name   string
		change func(url.Values)
		path   string
		want   string
	}{
		{name: "empty name", change: func(f url.Values) { f.Set("name", "  ") }, want: "Enter a name"},
		{name: "long name", change: func(f url.Values) { f.Set("name", strings.Repeat("n", 101)) }, want: "Use at most 100 characters"},
		{name: "markup in name", change: func(f url.Values) { f.Set("name", "<script>alert(1)</script>") }, want: "Use plain text"},
		{name: "long description", change: func(f url.Values) { f.Set("description", strings.Repeat("d", 501)) }, want: "Use at most 500 characters"},
		{name: "markup in description", change: func(f url.Values) { f.Set("description", "<img src=x onerror=alert(1)>") }, want: "Use plain text"},
		{name: "no instance", change: func(f url.Values) { f.Del("instance") }, want: "Choose an Event Notifications instance."},
		{name: "not a GUID", change: func(f url.Values) { f.Set("instance", "<b>x</b>") }, want: "Choose an Event Notifications instance from the list."},
		{name: "unknown instance", change: func(f url.Values) { f.Set("instance", "00000000-0000-4000-8000-00000000dead") }, want: "no longer exists"},
		{name: "not an EN instance", change: func(f url.Values) { f.Set("instance", cloudsim.KeyProtectUSSouthGUID) }, want: "not an Event Notifications instance"},
		{name: "lite plan", path: routes.Path(routes.ENPanel, cloudsim.AppConfigLiteGUID), want: "Enterprise plan required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := connectForm()
			if tt.change != nil {
				tt.change(form)
			}
			path := cmpOr(tt.path, enPanelPath)
			resp, body := tc.post(path, form)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%s", resp.StatusCode, excerpt(body))
			}
			if !strings.Contains(body, tt.want) {
				t.Errorf("body lacks %q", tt.want)
			}
			if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
				t.Error("markup from the form is echoed unescaped")
			}
			if cloud.Integration(appconfig.TypeEventNotifications) != nil || cloud.ENAuthorized() {
				t.Error("a refused Save created an integration or an authorization")
			}
		})
	}
}

// excerpt returns the main content of a page, shortened, for failure messages.
func excerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 2000 {
		body = body[:2000] + "..."
	}
	return body
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func TestENConnectRefreshDisconnect(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	cloud := tc.Inspect(t)

	resp, body := tc.post(enPanelPath, connectForm())
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != enIntegrations {
		t.Fatalf("Save: status %d location %q\n%s", resp.StatusCode, resp.Header.Get("Location"), excerpt(body))
	}
	in := cloud.Integration(appconfig.TypeEventNotifications)
	if in == nil || in.ENInstanceCRN != cloudsim.EventNotificationsCRN || !cloud.ENAuthorized() {
		t.Fatalf("after Save: integration %+v, authorized %v", in, cloud.ENAuthorized())
	}

	// App Configuration reports the source ID (the instance's CRN), never the source name: the row shows what it knows.
	if _, page := tc.get(enIntegrations); !strings.Contains(page, `data-en-source>`+in.ENSourceID+`<`) || in.ENSourceID != cloudsim.AppConfigEnterpriseCRN ||
		!strings.Contains(page, "Source ID") || strings.Contains(page, "Source name") {
		t.Errorf("the connected row does not show the source ID %q", in.ENSourceID)
	}

	// A repeated Save (a double submit) finds the integration made and creates nothing more.
	resp, body = tc.post(enPanelPath, connectForm())
	if resp.StatusCode != http.StatusSeeOther || cloud.Integration(appconfig.TypeEventNotifications) == nil || cloud.Integration(appconfig.TypeEventNotifications).ID != in.ID {
		t.Errorf("second Save: status %d, integration %+v; want the same integration\n%s", resp.StatusCode, cloud.Integration(appconfig.TypeEventNotifications), excerpt(body))
	}

	refresh := enRefreshPath + "?integration=" + in.ID
	resp, body = tc.postHX(refresh, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `id="en-tile"`) || !strings.Contains(body, "Status refreshed") ||
		!strings.Contains(body, "event-notifications-us-south") {
		t.Errorf("Refresh (htmx): status %d\n%s", resp.StatusCode, excerpt(body))
	}
	if resp, _ := tc.post(refresh, nil); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != enIntegrations {
		t.Errorf("Refresh (page): status %d location %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	resp, body = tc.get(enDisconnectPath)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Disconnect event-notifications-us-south?") {
		t.Errorf("Disconnect confirmation: status %d\n%s", resp.StatusCode, excerpt(body))
	}
	resp, _ = tc.post(enDisconnectPath, nil)
	if resp.StatusCode != http.StatusSeeOther || cloud.Integration(appconfig.TypeEventNotifications) != nil {
		t.Fatalf("Disconnect: status %d, integration %+v", resp.StatusCode, cloud.Integration(appconfig.TypeEventNotifications))
	}
	if !cloud.ENAuthorized() {
		t.Error("Disconnect removed the service authorization; it should stay")
	}
	if _, body := tc.get(enPanelPath + "?instance=" + cloudsim.EventNotificationsGUID); !strings.Contains(body, "This access already exists") {
		t.Error("the panel does not say that the authorization already exists")
	}
	if resp, _ := tc.post(enDisconnectPath, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("Disconnect when not connected: status %d, want a redirect", resp.StatusCode)
	}

	// Connecting again reuses the authorization; then the instance disappears and Refresh says so.
	if resp, body := tc.post(enPanelPath, connectForm()); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("Save again: status %d\n%s", resp.StatusCode, excerpt(body))
	}
	if err := resources.NewService(cloud.Connector()).DeleteInstance(context.Background(), cloud.Token(), cloudsim.EventNotificationsGUID); err != nil {
		t.Fatal(err)
	}
	resp, body = tc.postHX(enRefreshPath+"?integration="+cloud.Integration(appconfig.TypeEventNotifications).ID, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Instance not found") {
		t.Errorf("Refresh after the instance was deleted: status %d\n%s", resp.StatusCode, excerpt(body))
	}
}

func TestENConnectFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		apiKey     string
		faults     cloudsim.Faults
		wantStatus int
		want       []string
		// kept says the authorization this attempt created stays in place.
		kept bool
	}{
		{name: "read-only user", apiKey: cloudsim.DemoViewerAPIKey, wantStatus: http.StatusForbidden,
			want: []string{"Could not connect", "refused", "Ask an account administrator", "Nothing was created."}},
		{name: "integration fails after the authorization", apiKey: cloudsim.DemoAdminAPIKey,
			faults: cloudsim.Faults{"appconfig": {ErrorRate: 2.0 / 3, ErrorStatus: 500}}, wantStatus: http.StatusBadGateway,
			want: []string{"Could not connect", "The integration was not created", "was created for this attempt and is kept"}, kept: true},
		{name: "new authorization not in effect within the wait", apiKey: cloudsim.DemoAdminAPIKey,
			faults: cloudsim.Faults{"iam-policy": {Propagation: time.Hour}}, wantStatus: http.StatusServiceUnavailable,
			want: []string{"Authorization not in effect yet", "event-notifications-us-south", "Try Create again in a minute; the authorization is in place."}, kept: true},
		{name: "IAM unavailable", apiKey: cloudsim.DemoAdminAPIKey,
			faults: cloudsim.Faults{"iam-policy": {ErrorRate: 1, ErrorStatus: 503}}, wantStatus: http.StatusBadGateway,
			want: []string{"Could not connect", "unavailable", "Nothing was created."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, tt.apiKey)
			cloud := tc.Inspect(t)
			tc.setSimFaults(tt.faults)
			resp, body := tc.post(enPanelPath, connectForm())
			tc.setSimFaults(cloudsim.Faults{})
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status %d, want %d\n%s", resp.StatusCode, tt.wantStatus, excerpt(body))
			}
			assertContains(t, body, tt.want, nil)
			if !strings.Contains(body, `value="Checkout flags"`) {
				t.Error("the panel lost what the user typed")
			}
			if cloud.Integration(appconfig.TypeEventNotifications) != nil {
				t.Error("a failed Save left an integration")
			}
			if cloud.ENAuthorized() != tt.kept {
				t.Errorf("authorization in place: %v, want %v", cloud.ENAuthorized(), tt.kept)
			}
		})
	}
}

// TestENConnectWaitsForNewAuthorization: a new authorization takes a while to take effect on IBM Cloud
// (terraform-provider-ibm issue 4478); Save waits for it and connects.
func TestENConnectWaitsForNewAuthorization(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	cloud := tc.Inspect(t)
	tc.setSimFaults(cloudsim.Faults{"iam-policy": {Propagation: 300 * time.Millisecond}})
	resp, body := tc.post(enPanelPath, connectForm())
	if resp.StatusCode != http.StatusSeeOther || cloud.Integration(appconfig.TypeEventNotifications) == nil || !cloud.ENAuthorized() {
		t.Fatalf("Save: status %d, integration %+v\n%s", resp.StatusCode, cloud.Integration(appconfig.TypeEventNotifications), excerpt(body))
	}
	if _, page := tc.get(enIntegrations); !strings.Contains(page, "A service authorization with the Event Source Manager role was created") {
		t.Error("the page does not say the authorization was created")
	}
}

func TestENConnectWithHTMX(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	form := connectForm()
	form.Set("name", "")
	// htmx swaps only successful responses: the panel with its messages comes back as a 200 fragment.
	resp, body := tc.postHX(enPanelPath, form)
	if resp.StatusCode != http.StatusOK || strings.Contains(body, "<html") || !strings.Contains(body, `id="en-panel"`) ||
		!strings.Contains(body, "Enter a name") {
		t.Fatalf("invalid Save: status %d\n%s", resp.StatusCode, excerpt(body))
	}
	resp, _ = tc.postHX(enPanelPath, connectForm())
	if resp.StatusCode != http.StatusOK || resp.Header.Get("HX-Redirect") != enIntegrations {
		t.Errorf("Save: status %d, HX-Redirect %q; want the Integrations page", resp.StatusCode, resp.Header.Get("HX-Redirect"))
	}
	resp, body = tc.getHX(enDisconnectPath)
	if resp.StatusCode != http.StatusOK || strings.Contains(body, "<html") || !strings.Contains(body, `id="en-disconnect"`) {
		t.Errorf("Disconnect confirmation: status %d\n%s", resp.StatusCode, excerpt(body))
	}
	resp, _ = tc.postHX(enDisconnectPath, url.Values{})
	if resp.StatusCode != http.StatusOK || resp.Header.Get("HX-Redirect") != enIntegrations {
		t.Errorf("Disconnect: status %d, HX-Redirect %q", resp.StatusCode, resp.Header.Get("HX-Redirect"))
	}
}

func TestENPanelApplyWithoutJavaScript(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	base := routes.Path(routes.ENPanel, cloudsim.AppConfigEnterpriseGUID)
	// The no-script Apply button submits the whole POST form by GET, CSRF token included: the console keeps only the choices.
	resp, _ := tc.get(base + "?csrf=secret&name=My+app&group=" + cloudsim.DefaultResourceGroupID + "&apply=1")
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || strings.Contains(loc, "csrf") || strings.Contains(loc, "apply") || !strings.Contains(loc, "group="+cloudsim.DefaultResourceGroupID) {
		t.Fatalf("status %d, Location %q", resp.StatusCode, loc)
	}
	resp, body := tc.get(loc)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "event-notifications-us-south") || !strings.Contains(body, `value="My app"`) {
		t.Fatalf("panel after apply: status %d", resp.StatusCode)
	}
	if !strings.Contains(body, "data-nojs") {
		t.Error("the panel has no Apply choices control for browsers without JavaScript")
	}
}

// An Event Notifications instance takes one App Configuration instance: a second one is refused by App Configuration
// and the panel says why; the authorization made for the first attempt is kept, said so, and reused by the second.
func TestENConnectSecondAppConfiguration(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	if resp, body := tc.post(enPanelPath, connectForm()); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first Save: status %d\n%s", resp.StatusCode, excerpt(body))
	}
	before := len(tc.Inspect(t).AuthorizationIDs())
	euPanel := routes.Path(routes.ENPanel, cloudsim.AppConfigEUGUID)
	for _, tt := range []struct {
		name, source, want, left string
	}{
		{"same source name", connectForm().Get("name"), "already has a source named",
			"The integration was not created. The service authorization from App Configuration to event-notifications-us-south was created for this attempt and is kept"},
		{"another source name", "EU flags", "takes only one App Configuration instance", "Nothing was created."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			form := connectForm()
			form.Set("name", tt.source)
			resp, body := tc.post(euPanel, form)
			if resp.StatusCode != http.StatusConflict || !strings.Contains(body, tt.want) || !strings.Contains(body, tt.left) {
				t.Fatalf("status %d, want 409 saying %q\n%s", resp.StatusCode, tt.want, excerpt(body))
			}
			if after := len(tc.Inspect(t).AuthorizationIDs()); after != before+1 {
				t.Errorf("%d authorizations after the refusal, want %d (the one made for app-config-eu, kept and reused)", after, before+1)
			}
		})
	}
}
