package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

var (
	euDeletePath = routes.Path(routes.InstanceDeleteConfirm, cloudsim.AppConfigEUGUID)
	euKeyPath    = routes.Path(routes.KMSKey, cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID)
	euSyncPath   = routes.Path(routes.KMSKeySync, cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID)
)

func TestInstanceDeletePages(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	checkPages(t, tc, []pageCase{
		{name: "confirmation lists what goes", path: euDeletePath, wants: []string{"Delete app-config-eu?", `data-delete-item="integration"`, "eu-root-key", "key-protect-eu-de", `data-delete-item="registration"`, "Type app-config-eu to confirm"}},
		{name: "instance without integrations", path: routes.Path(routes.InstanceDeleteConfirm, cloudsim.AppConfigEnterpriseGUID), wants: []string{"Delete app-config-enterprise?"}},
		{name: "not App Configuration", path: routes.Path(routes.InstanceDeleteConfirm, cloudsim.KeyProtectEUDEGUID), status: http.StatusNotFound},
		{name: "not a GUID", path: routes.Path(routes.InstanceDeleteConfirm, "nope"), status: http.StatusNotFound},
		{name: "report of an instance not deleted", path: routes.Path(routes.InstanceDeleted, cloudsim.AppConfigEUGUID) + "?name=app-config-eu", status: http.StatusSeeOther},
		{name: "damaged report link", path: routes.Path(routes.InstanceDeleted, cloudsim.AppConfigEUGUID) + "?check=x", status: http.StatusBadRequest},
	})
}

func TestInstanceDelete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		apiKey     string
		typed      string
		faults     cloudsim.Faults
		wantStatus int
		want       string
		// later reads the report again this long after the deletion, and wantLater is what it then shows.
		later     time.Duration
		wantLater string
		// wantDeleted says the instance is gone afterwards; wantLeft says its registration is still on the key.
		wantDeleted bool
		wantLeft    bool
	}{
		{name: "deleted and unregistered", apiKey: cloudsim.DemoAdminAPIKey, typed: "app-config-eu", wantStatus: http.StatusSeeOther,
			want: `data-check="clean"`, wantDeleted: true},
		// Right after the deletion a registration still there is pending; 15 minutes later it is left behind, and the
		// report leads to the key's Sync.
		{name: "unregistration fails", apiKey: cloudsim.DemoAdminAPIKey, typed: "app-config-eu", faults: cloudsim.Faults{"kms": {UnregistrationFails: true}},
			wantStatus: http.StatusSeeOther, want: `data-check="pending"`, later: 15 * time.Minute, wantLater: `data-check="leftover"`,
			wantDeleted: true, wantLeft: true},
		{name: "unregistration still pending", apiKey: cloudsim.DemoAdminAPIKey, typed: "app-config-eu", faults: cloudsim.Faults{"kms": {UnregistrationDelay: time.Hour}},
			wantStatus: http.StatusSeeOther, want: `data-check="pending"`, later: 14 * time.Minute, wantLater: `data-check="pending"`,
			wantDeleted: true, wantLeft: true},
		{name: "wrong typed name", apiKey: cloudsim.DemoAdminAPIKey, typed: "app-config-e", wantStatus: http.StatusUnprocessableEntity,
			want: "does not match app-config-eu. Nothing was deleted.", wantLeft: true},
		{name: "read-only user", apiKey: cloudsim.DemoViewerAPIKey, typed: "app-config-eu", wantStatus: http.StatusForbidden,
			want: "The instance was not deleted.", wantLeft: true},
		{name: "Resource Controller unavailable", apiKey: cloudsim.DemoAdminAPIKey, typed: "app-config-eu",
			faults:     cloudsim.Faults{"resource-controller": {ErrorRate: 1, ErrorStatus: http.StatusServiceUnavailable}},
			wantStatus: http.StatusBadGateway, want: "unavailable", wantLeft: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := &consoletest.Clock{}
			tc := newTestConsole(t, consoletest.Options{Now: clock.Now})
			tc.signIn(tt.apiKey)
			probe := tc.Inspect(t)
			tc.setSimFaults(tt.faults)
			resp, body := tc.post(euDeletePath, url.Values{"confirm": {tt.typed}})
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tt.wantStatus, body)
			}
			report := resp.Header.Get("Location")
			if resp.StatusCode == http.StatusSeeOther {
				if !strings.HasPrefix(report, routes.Path(routes.InstanceDeleted, cloudsim.AppConfigEUCRN)+"?") {
					t.Fatalf("redirected to %q", report)
				}
				resp, body = tc.get(report)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("report: status %d\n%s", resp.StatusCode, body)
				}
			}
			if !strings.Contains(body, tt.want) {
				t.Errorf("page lacks %q\n%s", tt.want, body)
			}
			if tt.later > 0 {
				clock.Advance(tt.later)
				if _, body = tc.get(report); !strings.Contains(body, tt.wantLater) {
					t.Errorf("%v later, the report lacks %q\n%s", tt.later, tt.wantLater, body)
				}
				if tt.wantLater == `data-check="leftover"` && !strings.Contains(body, `href="`+euKeyPath+`#associated-resources"`) {
					t.Errorf("the report does not lead to the key's Sync\n%s", body)
				}
			}
			tc.setSimFaults(nil)
			if got := !probe.InstanceExists(cloudsim.AppConfigEUGUID); got != tt.wantDeleted {
				t.Errorf("deleted = %v, want %v", got, tt.wantDeleted)
			}
			if got := len(probe.Registrations(cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID, cloudsim.AppConfigEUCRN)) > 0; got != tt.wantLeft {
				t.Errorf("registration left = %v, want %v", got, tt.wantLeft)
			}
		})
	}
}

func TestKMSPages(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	us := routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthGUID)
	checkPages(t, tc, []pageCase{
		{name: "all keys", path: us, wants: []string{"app-config-root-key", "backup-root-key", "suspended-root-key", "standard-data-key", "Standard key", "Suspended"}},
		{name: "standard keys", path: us + "?type=standard", wants: []string{"standard-data-key"}, donts: []string{`data-key-link="backup-root-key"`}},
		{name: "suspended keys", path: us + "?state=suspended", wants: []string{`data-key-link="suspended-root-key"`}, donts: []string{`data-key-link="backup-root-key"`}},
		{name: "no match", path: us + "?type=standard&state=destroyed", wants: []string{"No keys match the filters"}},
		{name: "bad type filter", path: us + "?type=secret", status: http.StatusBadRequest},
		{name: "bad state filter", path: us + "?state=9", status: http.StatusBadRequest},
		{name: "HPCS", path: routes.Path(routes.KMSInstance, cloudsim.HPCSUSSouthGUID), wants: []string{"Hyper Protect Crypto Services", "kyok-root-key"}},
		{name: "not key management", path: routes.Path(routes.KMSInstance, cloudsim.AppConfigEUGUID), status: http.StatusNotFound},
		{name: "key with associated resource", path: euKeyPath, wants: []string{"Associated resources", "app-config-eu", cloudsim.AppConfigEUCRN, `data-registration-status="in-use"`,
			"Sync associated resources", `action="` + routes.Path(routes.KMSKeySync, cloudsim.KeyProtectEUDECRN, cloudsim.EURootKeyID) + `"`, "open a support case"},
			donts: []string{"Unregister"}},
		{name: "key without associated resources", path: routes.Path(routes.KMSKey, cloudsim.KeyProtectUSSouthGUID, cloudsim.BackupRootKeyID),
			wants: []string{"No associated resources"}},
		{name: "unknown key", path: routes.Path(routes.KMSKey, cloudsim.KeyProtectEUDEGUID, cloudsim.BackupRootKeyID), status: http.StatusNotFound},
	})
}

func TestKMSKeySync(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// deleteWith deletes app-config-eu under these faults first, leaving its registration on eu-root-key.
		deleteWith cloudsim.Faults
		apiKey     string
		path       string
		faults     cloudsim.Faults
		// twice syncs once before the tested sync.
		twice      bool
		wantStatus int
		// want is on the page the sync leads to (the key page with its notification, or the refusal).
		want     []string
		wantLeft bool
	}{
		{name: "synced", deleteWith: cloudsim.Faults{"kms": {UnregistrationFails: true}}, apiKey: cloudsim.DemoAdminAPIKey, path: euSyncPath,
			wantStatus: http.StatusSeeOther, want: []string{"Synced", "no registration of a deleted resource is left", "No associated resources"}},
		{name: "the owner still fails", deleteWith: cloudsim.Faults{"kms": {UnregistrationKeepsFailing: true}}, apiKey: cloudsim.DemoAdminAPIKey,
			path: euSyncPath, faults: cloudsim.Faults{"kms": {UnregistrationKeepsFailing: true}}, wantStatus: http.StatusSeeOther,
			want:     []string{"registration still there", "up to four hours", "open a support case", `data-registration-status="deleted"`},
			wantLeft: true},
		{name: "rate-limited", deleteWith: cloudsim.Faults{"kms": {UnregistrationKeepsFailing: true}}, apiKey: cloudsim.DemoAdminAPIKey,
			path: euSyncPath, faults: cloudsim.Faults{"kms": {UnregistrationKeepsFailing: true}}, twice: true, wantStatus: http.StatusSeeOther,
			want: []string{"Not synced yet", "one sync of a key an hour", "Try again after ", " UTC on "}, wantLeft: true},
		{name: "read-only user", deleteWith: cloudsim.Faults{"kms": {UnregistrationFails: true}}, apiKey: cloudsim.DemoViewerAPIKey, path: euSyncPath,
			wantStatus: http.StatusForbidden, want: []string{"The key was not synced.", "Key Protect"}, wantLeft: true},
		{name: "Key Protect unavailable", deleteWith: cloudsim.Faults{"kms": {UnregistrationFails: true}}, apiKey: cloudsim.DemoAdminAPIKey, path: euSyncPath,
			faults: cloudsim.Faults{"kms": {ErrorRate: 1, ErrorStatus: http.StatusServiceUnavailable}}, wantStatus: http.StatusBadGateway,
			want: []string{"unavailable"}, wantLeft: true},
		{name: "not a key", apiKey: cloudsim.DemoAdminAPIKey, path: routes.Path(routes.KMSKeySync, cloudsim.KeyProtectEUDEGUID, "nope"), wantStatus: http.StatusNotFound, wantLeft: true},
		{name: "not key management", apiKey: cloudsim.DemoAdminAPIKey, path: routes.Path(routes.KMSKeySync, cloudsim.AppConfigEUGUID, cloudsim.EURootKeyID),
			wantStatus: http.StatusNotFound, wantLeft: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t, consoletest.Options{})
			probe := tc.Inspect(t)
			tc.signIn(cloudsim.DemoAdminAPIKey)
			if tt.deleteWith != nil {
				tc.setSimFaults(tt.deleteWith)
				if resp, body := tc.post(euDeletePath, url.Values{"confirm": {"app-config-eu"}}); resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("delete: status %d\n%s", resp.StatusCode, body)
				}
			}
			tc.setSimFaults(tt.faults)
			if tt.twice {
				if resp, body := tc.post(euSyncPath, nil); resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("first sync: status %d\n%s", resp.StatusCode, body)
				}
				tc.get(euKeyPath) // takes the first sync's notification
			}
			tc.signIn(tt.apiKey)
			resp, body := tc.post(tt.path, nil)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tt.wantStatus, body)
			}
			if resp.StatusCode == http.StatusSeeOther {
				if loc := resp.Header.Get("Location"); loc != euKeyPath+"#associated-resources" {
					t.Fatalf("redirected to %q, want the key's associated resources", loc)
				}
				_, body = tc.get(euKeyPath)
			}
			assertContains(t, body, tt.want, nil)
			tc.setSimFaults(nil)
			if got := len(probe.Registrations(cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID, cloudsim.AppConfigEUCRN)) > 0; got != tt.wantLeft {
				t.Errorf("registration left = %v, want %v", got, tt.wantLeft)
			}
		})
	}
}
