package appconfig_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/ibmcloud"
)

// TestListsRememberUntilTheConsoleChangesThem counts the list requests that reach App Configuration: a list read
// again within the TTL with the same token costs none; another token, the TTL's end, and the console's own creation and
// deletion of an integration (even through the plain Service) each make the next read go upstream.
func TestListsRememberUntilTheConsoleChangesThem(t *testing.T) {
	var listCalls atomic.Int32
	f := newFixtureSeeingLists(t, func(*http.Request) { listCalls.Add(1) })
	clock := time.Now()
	lists := f.Integrations.RememberLists(appconfig.ListTTL, func() time.Time { return clock }, nil)
	ctx := context.Background()

	read := func(step string, tok ibmcloud.Token, wantCalls int32, wantLen int) []appconfig.Integration {
		t.Helper()
		listCalls.Store(0)
		list, err := lists.ListIntegrations(ctx, tok, euInstance)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if n := listCalls.Load(); n != wantCalls {
			t.Errorf("%s: %d list requests, want %d", step, n, wantCalls)
		}
		if len(list) != wantLen {
			t.Errorf("%s: %d integrations, want %d", step, len(list), wantLen)
		}
		return list
	}
	read("first read", f.Admin, 1, 1)
	list := read("read again", f.Admin, 0, 1)
	list[0].ID = "changed by a caller"
	if again := read("after a caller changed its copy", f.Admin, 0, 1); again[0].ID != cloudsim.EUKMSIntegrationID {
		t.Errorf("a caller's change reached the remembered list: %+v", again[0])
	}
	read("another token", f.Viewer, 1, 1)

	f.authorize(t, cloudsim.AppConfigEUGUID, "event-notifications", cloudsim.EventNotificationsGUID, cloudsim.RoleEventSourceManagerCRN)
	en, err := f.Integrations.CreateENIntegration(ctx, f.Admin, euInstance, appconfig.ENInput{InstanceCRN: cloudsim.EventNotificationsCRN,
		Endpoint: f.Sim.URL, SourceName: "eu events"})
	if err != nil {
		t.Fatal(err)
	}
	read("after a creation", f.Admin, 1, 2)
	read("after a creation, another token", f.Viewer, 1, 2)
	if err := f.Integrations.DeleteIntegration(ctx, f.Admin, euInstance, en.ID); err != nil {
		t.Fatal(err)
	}
	read("after a deletion", f.Viewer, 1, 1)

	clock = clock.Add(appconfig.ListTTL)
	read("after the TTL", f.Viewer, 1, 1)
	listCalls.Store(0)
	if _, err := f.Integrations.ListIntegrations(ctx, f.Viewer, euInstance); err != nil || listCalls.Load() != 1 {
		t.Errorf("the plain Service did not read upstream: %v, %d requests", err, listCalls.Load())
	}
}
