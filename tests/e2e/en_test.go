package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
	"appconfig-console/services/appconfig"
)

// enState is what cloudsim holds for the Event Notifications connection of app-config-enterprise.
type enState struct {
	Integration *appconfig.Integration
	Authorized  bool
}

// readENState reads the integration and the authorization through the SDKs, as the administrator.
func readENState(t *testing.T, c *consoletest.Console) enState {
	t.Helper()
	in := c.Inspect(t)
	return enState{Integration: in.Integration(appconfig.TypeEventNotifications), Authorized: in.ENAuthorized()}
}

// TestE2EEventNotifications connects event-notifications-us-south to app-config-enterprise from the Integrations page,
// refreshes the connection and disconnects it, checking cloudsim after each step.
func TestE2EEventNotifications(t *testing.T) {
	t.Parallel()
	ctx := consoletest.Tab(t)
	c := consoletest.Start(t, consoletest.Options{})
	base := c.URL
	integrations := routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseCRN)

	if st := readENState(t, c); st.Integration != nil || st.Authorized {
		t.Fatalf("cloudsim starts with %+v, want nothing connected", st)
	}

	// Sign in, open the Integrations page and click Connect + on the Event Notifications tile.
	err := chromedp.Do(ctx,
		consoletest.OpenSignedIn(base, cloudsim.DemoAdminAPIKey, integrations),
		chromedp.WaitVisible(chromedp.CSS("#en-tile [data-empty]")),
		chromedp.Click(chromedp.ID("en-connect")),
		chromedp.WaitVisible(chromedp.ID("en-side-panel")),
		waitURL(routes.Path(routes.ENPanel, cloudsim.AppConfigEnterpriseCRN)),
	)
	if err != nil {
		t.Fatalf("opening the panel: %v", err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("en-side-panel-title")))
	if err != nil || title != "Connect to Event Notifications" {
		t.Fatalf("panel title = %q, %v", title, err)
	}

	// Choose the instance, name the source and Save.
	err = chromedp.Do(ctx,
		choose("#en-group", cloudsim.DefaultResourceGroupID),
		waitIdle(),
		choose("#en-instance", cloudsim.EventNotificationsGUID),
		waitURL("instance="+cloudsim.EventNotificationsGUID),
		chromedp.WaitVisible(chromedp.ID("en-authorization-target")),
	)
	if err != nil {
		t.Fatalf("choosing the instance: %v", err)
	}
	target, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("en-authorization-target")))
	if err != nil || !strings.Contains(target, "event-notifications-us-south") {
		t.Fatalf("authorization target = %q, %v", target, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("en-name").value = ""`),
		chromedp.SendKeys(chromedp.ID("en-name"), "Checkout flags"),
		chromedp.SendKeys(chromedp.ID("en-description"), "Events of the checkout app"),
		chromedp.Click(chromedp.CSS(`#en-panel [data-panel-actions] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#en-tile [data-en-connected]")),
	)
	if err != nil {
		t.Fatalf("saving: %v", err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#en-tile [data-en-connected]")))
	if err != nil || !strings.Contains(shown, "event-notifications-us-south") || !strings.Contains(shown, "us-south") {
		t.Errorf("connected row = %q, %v", shown, err)
	}
	st := readENState(t, c)
	if st.Integration == nil || st.Integration.ENInstanceCRN != cloudsim.EventNotificationsCRN || !st.Authorized {
		t.Fatalf("after Save cloudsim holds %+v, want the integration and the authorization", st)
	}
	connectedID := st.Integration.ID

	// Refresh from the overflow menu: the tile is re-read in place.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#en-actions summary")),
		chromedp.Click(chromedp.CSS(`#en-actions form[action*="`+routes.Path(routes.ENRefresh, cloudsim.AppConfigEnterpriseCRN)+`"] button`)),
		chromedp.WaitVisible(chromedp.ID("en-refreshed")),
	)
	if err != nil {
		t.Fatalf("refreshing: %v", err)
	}
	notice, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("en-refreshed")))
	if err != nil || !strings.Contains(notice, "Status refreshed") {
		t.Errorf("refresh notice = %q, %v", notice, err)
	}
	if st := readENState(t, c); st.Integration == nil || st.Integration.ID != connectedID {
		t.Errorf("after Refresh cloudsim holds %+v, want the same integration %s", st, connectedID)
	}

	// Disconnect from the overflow menu, confirming in the dialog.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#en-actions summary")),
		chromedp.Click(chromedp.CSS(`#en-actions a[href*="`+routes.Path(routes.ENDisconnectConfirm, cloudsim.AppConfigEnterpriseCRN)+`"]`)),
		chromedp.WaitVisible(chromedp.ID("en-disconnect")),
		chromedp.Click(chromedp.CSS(`#en-disconnect button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#en-tile [data-empty]")),
	)
	if err != nil {
		t.Fatalf("disconnecting: %v", err)
	}
	if st := readENState(t, c); st.Integration != nil || !st.Authorized {
		t.Errorf("after Disconnect cloudsim holds %+v, want no integration and the authorization kept", st)
	}
}
