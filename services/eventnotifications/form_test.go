package eventnotifications_test

import (
	"errors"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/services/eventnotifications"
)

// TestConnectForm checks the Event Notifications panel's form on cloudsim: each problem is said on its field, several
// at once, and nothing is created; a form that holds connects.
func TestConnectForm(t *testing.T) {
	t.Parallel()
	const unknownGUID = "00000000-0000-4000-8000-000000000000"
	tests := []struct {
		name                        string
		appConfig, instance, source string
		wantNameErr, wantInstance   string
		wantPlanRefused             bool
		wantConnected               bool
	}{
		{name: "no name and no instance", appConfig: cloudsim.AppConfigEnterpriseGUID,
			wantNameErr: "Enter a name", wantInstance: "Choose an Event Notifications instance."},
		{name: "an instance that is no GUID", appConfig: cloudsim.AppConfigEnterpriseGUID, instance: "en-1", source: "app",
			wantInstance: "Choose an Event Notifications instance from the list."},
		{name: "an instance that does not exist", appConfig: cloudsim.AppConfigEnterpriseGUID, instance: unknownGUID, source: "app",
			wantInstance: "This instance no longer exists. Choose another one."},
		{name: "an instance of another service", appConfig: cloudsim.AppConfigEnterpriseGUID, instance: cloudsim.KeyProtectUSSouthGUID, source: "app",
			wantInstance: "This is not an Event Notifications instance. Choose one from the list."},
		{name: "the Lite plan", appConfig: cloudsim.AppConfigLiteGUID, instance: cloudsim.EventNotificationsGUID, source: "app",
			wantPlanRefused: true},
		{name: "a form that holds", appConfig: cloudsim.AppConfigEnterpriseGUID, instance: cloudsim.EventNotificationsGUID, source: "app",
			wantConnected: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			ac := f.Instance(t, tt.appConfig)
			_, en, err := f.svc.ConnectForm(t.Context(), f.Admin, eventnotifications.Form{AccountID: cloudsim.DemoAccountID, AppConfig: ac,
				InstanceGUID: tt.instance, Source: eventnotifications.Source{Name: tt.source}.Normalize()})
			var fe *eventnotifications.FormError
			switch {
			case tt.wantConnected:
				if err != nil || en.GUID != tt.instance {
					t.Fatalf("error %v, instance %q; want connected to %s", err, en.GUID, tt.instance)
				}
			case !errors.As(err, &fe):
				t.Fatalf("error %v, want a form to correct", err)
			case fe.Source.Name == "" != (tt.wantNameErr == "") || fe.Instance != tt.wantInstance || fe.PlanRefused != tt.wantPlanRefused:
				t.Errorf("form error %+v; want name error %q, instance %q, plan refused %v", fe, tt.wantNameErr, tt.wantInstance, tt.wantPlanRefused)
			}
			conn, err := f.svc.Current(t.Context(), f.Admin, ac)
			if err != nil {
				t.Fatal(err)
			}
			if (conn != nil) != tt.wantConnected {
				t.Errorf("connected: %v, want %v", conn != nil, tt.wantConnected)
			}
		})
	}
}
