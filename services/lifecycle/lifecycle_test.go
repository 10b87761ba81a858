package lifecycle_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/lifecycle"
	"appconfig-console/services/servicetest"
)

// fixture is the lifecycle service over a fresh cloudsim, with the administrator's and the viewer's tokens.
type fixture struct {
	servicetest.Env
	svc *lifecycle.Service
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	return newFixtureWith(t, lifecycle.Options{VerifyFor: 300 * time.Millisecond, VerifyEvery: 100 * time.Millisecond})
}

// newFixtureWith is newFixture with the given lifecycle options.
func newFixtureWith(t *testing.T, opts lifecycle.Options) fixture {
	t.Helper()
	env := servicetest.StartWith(t, ibmcloud.Limits{AttemptTimeout: 3 * time.Second, MaxRetries: 1, MaxRetryWait: 50 * time.Millisecond})
	return fixture{Env: env, svc: lifecycle.NewService(env.Resources, env.Integrations, env.Keys, opts)}
}

// euRegistrations returns the registrations of app-config-eu left on eu-root-key.
func (f fixture) euRegistrations(t *testing.T) []kms.Registration {
	t.Helper()
	regs, err := f.Keys.ListRegistrations(context.Background(), f.Admin, f.Instance(t, cloudsim.KeyProtectEUDEGUID), cloudsim.EURootKeyID, cloudsim.AppConfigEUCRN)
	if err != nil {
		t.Fatal(err)
	}
	return regs
}

func TestPlanDeletion(t *testing.T) {
	f := newFixture(t)
	plan, err := f.svc.PlanDeletion(context.Background(), f.Admin, cloudsim.AppConfigEUGUID)
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
	if _, err := f.svc.PlanDeletion(context.Background(), f.Admin, cloudsim.KeyProtectEUDEGUID); !errors.Is(err, lifecycle.ErrNotAppConfig) {
		t.Fatalf("plan of a Key Protect instance: err = %v", err)
	}
}

func TestDelete(t *testing.T) {
	tests := []struct {
		name         string
		viewer       bool
		typed        string
		faults       string
		longWait     bool
		wantErr      error
		wantKind     ibmcloud.Kind
		wantLeftover bool
	}{
		{name: "unregistered", typed: "app-config-eu"},
		{name: "typed name with spaces", typed: "  app-config-eu "},
		{name: "unregistration fails", typed: "app-config-eu", faults: "kms=unregistration-fails", wantLeftover: true},
		// The deletion's bounded wait sees an unregistration that lands a moment later.
		{name: "unregistration lands within the wait", typed: "app-config-eu", faults: "kms=unregistration-delay:200ms", longWait: true},
		{name: "wrong name", typed: "app-config", wantErr: lifecycle.ErrNameMismatch},
		{name: "read-only user", viewer: true, typed: "app-config-eu", wantKind: ibmcloud.KindForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			if tt.longWait {
				// A wait far longer than the delay: it ends as soon as the registration is gone.
				f = newFixtureWith(t, lifecycle.Options{VerifyFor: 10 * time.Second, VerifyEvery: 50 * time.Millisecond})
			}
			f.Sim.SetFaults(t, tt.faults)
			tok := f.SignedIn(tt.viewer)
			result, err := f.svc.Delete(context.Background(), tok, cloudsim.AppConfigEUGUID, tt.typed)
			switch {
			case tt.wantErr != nil || tt.wantKind != ibmcloud.KindUnknown:
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) || tt.wantKind != ibmcloud.KindUnknown && !ibmcloud.IsKind(err, tt.wantKind) {
					t.Fatalf("err = %v, want %v / kind %v", err, tt.wantErr, tt.wantKind)
				}
				if _, err := f.Resources.GetInstance(context.Background(), f.Admin, cloudsim.AppConfigEUGUID); err != nil {
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
			check, err := f.svc.CheckUnregistered(context.Background(), f.Admin, cloudsim.AppConfigEUGUID, cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID)
			if err != nil || (len(check.Registrations) > 0) != tt.wantLeftover || check.KeyName() != "eu-root-key" {
				t.Fatalf("CheckUnregistered = %+v, %v", check, err)
			}
		})
	}
}

func TestUnregistrationPending(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	svc := lifecycle.NewService(nil, nil, nil, lifecycle.Options{Now: func() time.Time { return now }})
	for _, tt := range []struct {
		deletedAgo time.Duration
		want       bool
	}{{0, true}, {14 * time.Minute, true}, {15 * time.Minute, false}, {3 * time.Hour, false}} {
		if got := svc.UnregistrationPending(now.Add(-tt.deletedAgo)); got != tt.want {
			t.Errorf("deleted %v ago: pending = %v, want %v", tt.deletedAgo, got, tt.want)
		}
	}
}

func TestCheckDeletion(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	euKey := lifecycle.KeyRef{KMSGUID: cloudsim.KeyProtectEUDEGUID, KeyID: cloudsim.EURootKeyID}
	// otherInstancesKey is a key of another Key Protect instance: Key Protect answers 404 for it.
	otherInstancesKey := lifecycle.KeyRef{KMSGUID: cloudsim.KeyProtectEUDEGUID, KeyID: cloudsim.AppConfigRootKeyID}
	// missingInstance is no instance at all: Resource Controller answers 404 for it.
	missingInstance := lifecycle.KeyRef{KMSGUID: "00000000-0000-4000-8000-000000000000", KeyID: cloudsim.EURootKeyID}
	type want struct {
		kmsName, keyName string
		state            lifecycle.RegistrationState
		errKind          ibmcloud.Kind
	}
	cleared := want{"key-protect-eu-de", "eu-root-key", lifecycle.RegistrationCleared, ibmcloud.KindUnknown}
	pending := want{"key-protect-eu-de", "eu-root-key", lifecycle.RegistrationPending, ibmcloud.KindUnknown}
	leftBehind := want{"key-protect-eu-de", "eu-root-key", lifecycle.RegistrationLeftBehind, ibmcloud.KindUnknown}
	tests := []struct {
		name string
		// faults are cloudsim's faults while app-config-eu is deleted.
		faults     string
		deletedAgo time.Duration
		keys       []lifecycle.KeyRef
		want       []want
	}{
		{name: "registration gone", keys: []lifecycle.KeyRef{euKey}, want: []want{cleared}},
		{name: "registration still there within the pending window", faults: "kms=unregistration-fails", deletedAgo: 14 * time.Minute,
			keys: []lifecycle.KeyRef{euKey}, want: []want{pending}},
		{name: "registration still there after the pending window", faults: "kms=unregistration-fails", deletedAgo: 15 * time.Minute,
			keys: []lifecycle.KeyRef{euKey}, want: []want{leftBehind}},
		{name: "one key fails, the others are checked in order", faults: "kms=unregistration-fails",
			keys: []lifecycle.KeyRef{otherInstancesKey, euKey, missingInstance},
			want: []want{
				{"key-protect-eu-de", cloudsim.AppConfigRootKeyID, lifecycle.RegistrationUnknown, ibmcloud.KindNotFound},
				pending,
				{missingInstance.KMSGUID, cloudsim.EURootKeyID, lifecycle.RegistrationUnknown, ibmcloud.KindNotFound},
			}},
		{name: "no keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixtureWith(t, lifecycle.Options{VerifyFor: 300 * time.Millisecond, VerifyEvery: 100 * time.Millisecond,
				Now: func() time.Time { return now }})
			ctx := context.Background()
			f.Sim.SetFaults(t, tt.faults)
			if _, err := f.svc.Delete(ctx, f.Admin, cloudsim.AppConfigEUGUID, "app-config-eu"); err != nil {
				t.Fatal(err)
			}
			f.Sim.SetFaults(t, "")
			checks := f.svc.CheckDeletion(ctx, f.Admin, cloudsim.AppConfigEUGUID, now.Add(-tt.deletedAgo), tt.keys)
			if len(checks) != len(tt.want) {
				t.Fatalf("checks = %+v, want %d", checks, len(tt.want))
			}
			for i, w := range tt.want {
				c := checks[i]
				if c.KMSName() != w.kmsName || c.KeyName() != w.keyName || c.State != w.state {
					t.Errorf("check %d = %s/%s state %v, want %s/%s state %v", i, c.KMSName(), c.KeyName(), c.State, w.kmsName, w.keyName, w.state)
				}
				if w.errKind == ibmcloud.KindUnknown && c.Err != nil || w.errKind != ibmcloud.KindUnknown && !ibmcloud.IsKind(c.Err, w.errKind) {
					t.Errorf("check %d: err = %v, want kind %v", i, c.Err, w.errKind)
				}
				if w.state == lifecycle.RegistrationPending || w.state == lifecycle.RegistrationLeftBehind {
					if len(c.Registrations) != 1 || c.Registrations[0].ResourceCRN != cloudsim.AppConfigEUCRN {
						t.Errorf("check %d: registrations = %+v, want app-config-eu's", i, c.Registrations)
					}
				}
			}
		})
	}
}

func TestSync(t *testing.T) {
	tests := []struct {
		name string
		// deleteWith deletes app-config-eu under these faults first (empty: not deleted).
		deleteWith string
		deleted    bool
		viewer     bool
		faults     string
		// twice syncs once before the tested sync.
		twice         bool
		wantLeftovers int
		wantTooEarly  bool
		wantKind      ibmcloud.Kind
		wantLeft      bool
	}{
		{name: "the owner unregisters the deleted instance", deleted: true, deleteWith: "kms=unregistration-fails"},
		{name: "the owner keeps failing", deleted: true, deleteWith: "kms=unregistration-keeps-failing", faults: "kms=unregistration-keeps-failing",
			wantLeftovers: 1, wantLeft: true},
		{name: "an instance in use stays registered", wantLeft: true},
		{name: "too early", deleted: true, deleteWith: "kms=unregistration-keeps-failing", faults: "kms=unregistration-keeps-failing", twice: true,
			wantTooEarly: true, wantKind: ibmcloud.KindConflict, wantLeft: true},
		{name: "read-only user", deleted: true, deleteWith: "kms=unregistration-fails", viewer: true, wantKind: ibmcloud.KindForbidden, wantLeft: true},
		{name: "Key Protect unavailable", deleted: true, deleteWith: "kms=unregistration-fails", faults: "kms=error:1:503",
			wantKind: ibmcloud.KindUnavailable, wantLeft: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			ctx := context.Background()
			if tt.deleted {
				f.Sim.SetFaults(t, tt.deleteWith)
				if _, err := f.svc.Delete(ctx, f.Admin, cloudsim.AppConfigEUGUID, "app-config-eu"); err != nil {
					t.Fatal(err)
				}
			}
			f.Sim.SetFaults(t, tt.faults)
			if tt.twice {
				if _, err := f.svc.Sync(ctx, f.Admin, cloudsim.DemoAccountID, cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID); err != nil {
					t.Fatal(err)
				}
			}
			tok := f.SignedIn(tt.viewer)
			result, err := f.svc.Sync(ctx, tok, cloudsim.DemoAccountID, cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID)
			var tooEarly *kms.SyncTooEarlyError
			switch {
			case tt.wantKind != ibmcloud.KindUnknown:
				if !ibmcloud.IsKind(err, tt.wantKind) || errors.As(err, &tooEarly) != tt.wantTooEarly {
					t.Fatalf("err = %v, want kind %v (too early %v)", err, tt.wantKind, tt.wantTooEarly)
				}
			case err != nil:
				t.Fatal(err)
			default:
				if !result.Checked || len(result.Leftovers()) != tt.wantLeftovers {
					t.Fatalf("result = %+v, want %d leftovers", result, tt.wantLeftovers)
				}
			}
			f.Sim.SetFaults(t, "")
			if left := len(f.euRegistrations(t)) == 1; left != tt.wantLeft {
				t.Fatalf("registration left = %v, want %v", left, tt.wantLeft)
			}
		})
	}
}
