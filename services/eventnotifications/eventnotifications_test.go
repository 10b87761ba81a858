package eventnotifications_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/services/connect"
	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/servicetest"
)

func TestSourceValidate(t *testing.T) {
	tests := []struct {
		name           string
		source         eventnotifications.Source
		wantName       string
		wantDescErr    string
		wantNormalized string
	}{
		{name: "ok", source: eventnotifications.Source{Name: "  My App Config ", Description: "All events\nof the app"}, wantNormalized: "My App Config"},
		{name: "empty name", source: eventnotifications.Source{Name: "   "}, wantName: "Enter a name"},
		{name: "long name", source: eventnotifications.Source{Name: strings.Repeat("n", eventnotifications.SourceNameMax+1)}, wantName: "at most 100"},
		{name: "name at limit", source: eventnotifications.Source{Name: strings.Repeat("é", eventnotifications.SourceNameMax)}, wantNormalized: strings.Repeat("é", eventnotifications.SourceNameMax)},
		{name: "markup in name", source: eventnotifications.Source{Name: "<script>alert(1)</script>"}, wantName: "plain text"},
		{name: "control character in name", source: eventnotifications.Source{Name: "a\nb"}, wantName: "plain text"},
		{name: "long description", source: eventnotifications.Source{Name: "x", Description: strings.Repeat("d", eventnotifications.SourceDescriptionMax+1)}, wantDescErr: "at most 500", wantNormalized: "x"},
		{name: "markup in description", source: eventnotifications.Source{Name: "x", Description: "<b>bold</b>"}, wantDescErr: "plain text", wantNormalized: "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.source.Normalize()
			errs := src.Validate()
			if !strings.Contains(errs.Name, tt.wantName) || (tt.wantName == "") != (errs.Name == "") {
				t.Errorf("name error = %q, want one containing %q", errs.Name, tt.wantName)
			}
			if !strings.Contains(errs.Description, tt.wantDescErr) || (tt.wantDescErr == "") != (errs.Description == "") {
				t.Errorf("description error = %q, want one containing %q", errs.Description, tt.wantDescErr)
			}
			if tt.wantName == "" && src.Name != tt.wantNormalized {
				t.Errorf("normalized name = %q, want %q", src.Name, tt.wantNormalized)
			}
		})
	}
}

// fixture is the service over a fresh cloudsim, signed in as the administrator.
type fixture struct {
	servicetest.Env
	svc *eventnotifications.Service
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	env := servicetest.StartWith(t, ibmcloud.Limits{AttemptTimeout: 3 * time.Second, MaxRetries: 1, MaxRetryWait: 50 * time.Millisecond})
	return fixture{Env: env, svc: eventnotifications.NewService(env.Integrations, env.IAM, env.Resources, connect.NewConnector(env.Integrations,
		env.IAM, nil, nil, connect.Wait{Total: 2 * time.Second, First: 50 * time.Millisecond, Max: 200 * time.Millisecond}, nil))}
}

// granting returns the authorization that lets the enterprise instance use the EN instance, or nil.
func (f fixture) granting(t *testing.T) *iam.Authorization {
	t.Helper()
	a, err := f.IAM.FindGranting(context.Background(), f.Admin,
		iam.Party{AccountID: cloudsim.DemoAccountID, Service: "apprapp", InstanceGUID: cloudsim.AppConfigEnterpriseGUID},
		iam.Party{AccountID: cloudsim.DemoAccountID, Service: "event-notifications", InstanceGUID: cloudsim.EventNotificationsGUID},
		[]string{cloudsim.RoleEventSourceManagerCRN})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestConnectRefreshDisconnect(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ac, en := f.Instance(t, cloudsim.AppConfigEnterpriseGUID), f.Instance(t, cloudsim.EventNotificationsGUID)
	in := eventnotifications.ConnectInput{AccountID: cloudsim.DemoAccountID, AppConfig: ac, EventNotifications: en,
		Source: eventnotifications.Source{Name: " Checkout flags ", Description: "Events of the checkout app"}}

	res, err := f.svc.Connect(ctx, f.Admin, in)
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	if !res.AuthorizationCreated || res.Integration.ENInstanceCRN != cloudsim.EventNotificationsCRN || !strings.HasPrefix(res.Integration.ID, "en-") {
		t.Errorf("Connect = %+v, want a new authorization and an en- integration with the EN CRN", res)
	}
	if f.granting(t) == nil {
		t.Error("no authorization grants Event Source Manager after Connect")
	}
	// A repeated submit finds the same integration; another instance would be refused.
	if again, err := f.svc.Connect(ctx, f.Admin, in); err != nil || !again.AlreadyDone || again.Integration.ID != res.Integration.ID {
		t.Errorf("second Connect = %+v, %v; want the same integration, already done", again, err)
	}

	conn, err := f.svc.Refresh(ctx, f.Admin, ac, res.Integration.ID)
	if err != nil || conn == nil || conn.InstanceGone || conn.Instance.Name != "event-notifications-us-south" {
		t.Fatalf("Refresh = %+v, %v; want the connection to event-notifications-us-south", conn, err)
	}

	if err := f.svc.Disconnect(ctx, f.Admin, ac, res.Integration.ID); err != nil {
		t.Fatalf("Disconnect: %v", err)
	}
	if conn, err := f.svc.Current(ctx, f.Admin, ac); err != nil || conn != nil {
		t.Errorf("Current after Disconnect = %+v, %v; want none", conn, err)
	}
	if conn, err := f.svc.Refresh(ctx, f.Admin, ac, res.Integration.ID); err != nil || conn != nil {
		t.Errorf("Refresh after Disconnect = %+v, %v; want none", conn, err)
	}
	if f.granting(t) == nil {
		t.Error("Disconnect removed the authorization; it should stay")
	}

	again, err := f.svc.Connect(ctx, f.Admin, in)
	if err != nil || again.AuthorizationCreated || again.Authorization.ID != res.Authorization.ID {
		t.Errorf("reconnect = %+v, %v; want the existing authorization %s reused", again, err, res.Authorization.ID)
	}

	if err := f.Resources.DeleteInstance(ctx, f.Admin, cloudsim.EventNotificationsGUID); err != nil {
		t.Fatal(err)
	}
	conn, err = f.svc.Current(ctx, f.Admin, ac)
	if err != nil || conn == nil || !conn.InstanceGone {
		t.Errorf("Current after deleting the EN instance = %+v, %v; want InstanceGone", conn, err)
	}
}

func TestConnectRefusals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	en := f.Instance(t, cloudsim.EventNotificationsGUID)
	tests := []struct {
		name string
		in   eventnotifications.ConnectInput
		want connect.Problem
	}{
		{name: "lite plan", in: eventnotifications.ConnectInput{AppConfig: f.Instance(t, cloudsim.AppConfigLiteGUID), EventNotifications: en,
			Source: eventnotifications.Source{Name: "lite"}}, want: connect.ProblemPlan},
		{name: "not an EN instance", in: eventnotifications.ConnectInput{AppConfig: f.Instance(t, cloudsim.AppConfigEnterpriseGUID),
			EventNotifications: f.Instance(t, cloudsim.KeyProtectUSSouthGUID), Source: eventnotifications.Source{Name: "kp"}}, want: connect.ProblemRefused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.AccountID = cloudsim.DemoAccountID
			var ce *connect.Error
			if _, err := f.svc.Connect(ctx, f.Admin, tt.in); !errors.As(err, &ce) || ce.Problem != tt.want {
				t.Errorf("Connect error = %v, want problem %v", err, tt.want)
			}
		})
	}
	t.Run("invalid source", func(t *testing.T) {
		_, err := f.svc.Connect(ctx, f.Admin, eventnotifications.ConnectInput{AccountID: cloudsim.DemoAccountID,
			AppConfig: f.Instance(t, cloudsim.AppConfigEnterpriseGUID), EventNotifications: en, Source: eventnotifications.Source{Name: "<b>"}})
		var errs eventnotifications.SourceErrors
		if !errors.As(err, &errs) || errs.Name == "" {
			t.Errorf("Connect error = %v, want SourceErrors on the name", err)
		}
	})
	if f.granting(t) != nil {
		t.Error("a refused Connect created an authorization")
	}
}

// TestConnectKeepsAuthorization: when the integration fails after the authorization was created, the authorization
// stays and the error says so; the next Connect reuses it.
func TestConnectKeepsAuthorization(t *testing.T) {
	f := newFixture(t)
	ac, en := f.Instance(t, cloudsim.AppConfigEnterpriseGUID), f.Instance(t, cloudsim.EventNotificationsGUID)
	in := eventnotifications.ConnectInput{AccountID: cloudsim.DemoAccountID, AppConfig: ac, EventNotifications: en, Source: eventnotifications.Source{Name: "flaky"}}
	// The list before creating passes; creating the integration (and its retry) fails.
	if err := f.Sim.Server.SetFaults(cloudsim.Faults{"appconfig": {ErrorRate: 2.0 / 3, ErrorStatus: 500}}); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.Connect(context.Background(), f.Admin, in)
	var ce *connect.Error
	if !errors.As(err, &ce) || ce.Problem != connect.ProblemUpstream || !ce.AuthorizationCreated || ce.Authorization == nil {
		t.Fatalf("Connect error = %v, want a failure that kept the new authorization", err)
	}
	if err := f.Sim.Server.SetFaults(cloudsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	if a := f.granting(t); a == nil || a.ID != ce.Authorization.ID {
		t.Errorf("authorization after the failure = %+v, want %s kept", a, ce.Authorization.ID)
	}
	if conn, err := f.svc.Current(context.Background(), f.Admin, ac); err != nil || conn != nil {
		t.Errorf("Current = %+v, %v; want no integration", conn, err)
	}
	res, err := f.svc.Connect(context.Background(), f.Admin, in)
	if err != nil || res.AuthorizationCreated || res.Authorization.ID != ce.Authorization.ID {
		t.Errorf("next Connect = %+v, %v; want the kept authorization reused", res, err)
	}
}

// TestConnectWaitsForNewAuthorization: with the propagation fault, Connect retries until the new authorization is in effect.
func TestConnectWaitsForNewAuthorization(t *testing.T) {
	f := newFixture(t)
	ac, en := f.Instance(t, cloudsim.AppConfigEnterpriseGUID), f.Instance(t, cloudsim.EventNotificationsGUID)
	f.Sim.SetFaults(t, "iam-policy=propagation:300ms")
	res, err := f.svc.Connect(context.Background(), f.Admin, eventnotifications.ConnectInput{AccountID: cloudsim.DemoAccountID,
		AppConfig: ac, EventNotifications: en, Source: eventnotifications.Source{Name: "patient"}})
	if err != nil || !res.AuthorizationCreated || res.Integration.ID == "" {
		t.Fatalf("Connect = %+v, %v; want connected after the wait", res, err)
	}
}
