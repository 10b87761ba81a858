package lifecycle_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/lifecycle"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
)

// fixture is the lifecycle service over a fresh cloudsim, with the administrator's and the viewer's tokens.
type fixture struct {
	sim       *simtest.Sim
	svc       *lifecycle.Service
	inventory *kms.Inventory
	resources *resources.Service
	admin     ibmcloud.Token
	viewer    ibmcloud.Token
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	sim := simtest.Start(t)
	connector := ibmcloud.NewConnector(ibmcloud.SimEndpoints(sim.URL), ibmcloud.Limits{AttemptTimeout: 3 * time.Second, MaxRetries: 1, MaxRetryWait: 50 * time.Millisecond})
	rs := resources.NewService(connector)
	inv := kms.NewInventory(connector)
	svc := lifecycle.NewService(rs, appconfig.NewService(connector), inv,
		lifecycle.Options{VerifyFor: 300 * time.Millisecond, VerifyEvery: 100 * time.Millisecond})
	return fixture{sim: sim, svc: svc, inventory: inv, resources: rs,
		admin: servicetest.Token(t, connector, cloudsim.DemoAdminAPIKey), viewer: servicetest.Token(t, connector, cloudsim.DemoViewerAPIKey)}
}

// euRegistrations returns the registrations of app-config-eu left on eu-root-key.
func (f fixture) euRegistrations(t *testing.T) []kms.KeyRegistration {
	t.Helper()
	kp, err := f.resources.GetInstance(context.Background(), f.admin, cloudsim.KeyProtectEUDEGUID)
	if err != nil {
		t.Fatal(err)
	}
	regs, err := f.inventory.ListKeyRegistrations(context.Background(), f.admin, kp, cloudsim.EURootKeyID, cloudsim.AppConfigEUCRN)
	if err != nil {
		t.Fatal(err)
	}
	return regs
}

func TestPlanDeletion(t *testing.T) {
	f := newFixture(t)
	plan, err := f.svc.PlanDeletion(context.Background(), f.admin, cloudsim.AppConfigEUGUID)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Instance.Name != "app-config-eu" || len(plan.Integrations) != 1 || len(plan.Keys) != 1 {
		t.Fatalf("plan = %+v", plan)
	}
	k := plan.Keys[0]
	if k.Err != nil || k.KMSName() != "key-protect-eu-de" || k.KeyName() != "eu-root-key" || len(k.Registrations) != 1 {
		t.Fatalf("key connection = %+v", k)
	}
	if _, err := f.svc.PlanDeletion(context.Background(), f.admin, cloudsim.KeyProtectEUDEGUID); !errors.Is(err, lifecycle.ErrNotAppConfig) {
		t.Fatalf("plan of a Key Protect instance: err = %v", err)
	}
}

func TestDelete(t *testing.T) {
	tests := []struct {
		name         string
		viewer       bool
		typed        string
		fault        bool
		wantErr      error
		wantKind     ibmcloud.Kind
		wantLeftover bool
	}{
		{name: "unregistered", typed: "app-config-eu"},
		{name: "typed name with spaces", typed: "  app-config-eu "},
		{name: "unregistration fails", typed: "app-config-eu", fault: true, wantLeftover: true},
		{name: "wrong name", typed: "app-config", wantErr: lifecycle.ErrNameMismatch},
		{name: "read-only user", viewer: true, typed: "app-config-eu", wantKind: ibmcloud.KindForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			if tt.fault {
				if err := f.sim.Server.SetFaults(cloudsim.Faults{"kms": {UnregistrationFails: true}}); err != nil {
					t.Fatal(err)
				}
			}
			tok := f.admin
			if tt.viewer {
				tok = f.viewer
			}
			result, err := f.svc.Delete(context.Background(), tok, cloudsim.AppConfigEUGUID, tt.typed)
			switch {
			case tt.wantErr != nil || tt.wantKind != ibmcloud.KindUnknown:
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) || tt.wantKind != ibmcloud.KindUnknown && !ibmcloud.IsKind(err, tt.wantKind) {
					t.Fatalf("err = %v, want %v / kind %v", err, tt.wantErr, tt.wantKind)
				}
				if _, err := f.resources.GetInstance(context.Background(), f.admin, cloudsim.AppConfigEUGUID); err != nil {
					t.Fatalf("instance gone after a refusal: %v", err)
				}
				if len(f.euRegistrations(t)) != 1 {
					t.Fatal("registration gone after a refusal")
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if len(result.Checks) != 1 || result.Checks[0].Err != nil {
				t.Fatalf("checks = %+v", result.Checks)
			}
			if got := len(result.Leftovers()) > 0; got != tt.wantLeftover {
				t.Fatalf("leftover = %v, want %v (%+v)", got, tt.wantLeftover, result.Checks)
			}
			if got := len(f.euRegistrations(t)) > 0; got != tt.wantLeftover {
				t.Fatalf("registration left in key management = %v, want %v", got, tt.wantLeftover)
			}
			check, err := f.svc.CheckUnregistered(context.Background(), f.admin, cloudsim.AppConfigEUGUID, cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID)
			if err != nil || (len(check.Registrations) > 0) != tt.wantLeftover || check.KeyName() != "eu-root-key" {
				t.Fatalf("CheckUnregistered = %+v, %v", check, err)
			}
		})
	}
}

func TestUnregister(t *testing.T) {
	tests := []struct {
		name         string
		deleteFirst  bool
		acknowledged bool
		viewer       bool
		wantStatus   lifecycle.ResourceStatus
		wantErr      error
		wantKind     ibmcloud.Kind
	}{
		{name: "left over by a deleted instance", deleteFirst: true, wantStatus: lifecycle.ResourceGone},
		{name: "in use, not acknowledged", wantStatus: lifecycle.ResourceExists, wantErr: lifecycle.ErrInUseNotAcknowledged},
		{name: "in use, acknowledged", acknowledged: true, wantStatus: lifecycle.ResourceExists},
		{name: "read-only user", deleteFirst: true, viewer: true, wantStatus: lifecycle.ResourceGone, wantKind: ibmcloud.KindForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			ctx := context.Background()
			if tt.deleteFirst {
				if err := f.sim.Server.SetFaults(cloudsim.Faults{"kms": {UnregistrationFails: true}}); err != nil {
					t.Fatal(err)
				}
				if _, err := f.svc.Delete(ctx, f.admin, cloudsim.AppConfigEUGUID, "app-config-eu"); err != nil {
					t.Fatal(err)
				}
			}
			ka, err := f.svc.Associations(ctx, f.admin, cloudsim.DemoAccountID, cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID)
			if err != nil {
				t.Fatal(err)
			}
			a, ok := ka.Find(cloudsim.AppConfigEUCRN)
			if !ok || a.Status != tt.wantStatus {
				t.Fatalf("association = %+v (found %v), want status %v", a, ok, tt.wantStatus)
			}
			tok := f.admin
			if tt.viewer {
				tok = f.viewer
			}
			_, err = f.svc.Unregister(ctx, tok, cloudsim.DemoAccountID, cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID, cloudsim.AppConfigEUCRN, tt.acknowledged)
			refused := tt.wantErr != nil || tt.wantKind != ibmcloud.KindUnknown
			if refused {
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) || tt.wantKind != ibmcloud.KindUnknown && !ibmcloud.IsKind(err, tt.wantKind) {
					t.Fatalf("err = %v, want %v / kind %v", err, tt.wantErr, tt.wantKind)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if left := len(f.euRegistrations(t)); (left == 1) != refused {
				t.Fatalf("%d registrations left, refused = %v", left, refused)
			}
		})
	}
}
