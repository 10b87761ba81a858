package kms_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/testclock"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/connect"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
	"appconfig-console/services/usercache"
)

func keyNames(keys []kms.Key) []string {
	return servicetest.Names(keys, func(k kms.Key) string { return k.Name })
}

func TestListRootKeys(t *testing.T) {
	f := servicetest.Start(t)
	tests := []struct {
		name      string
		guid      string
		viewer    bool
		want      []string
		suspended string
	}{
		{name: "Key Protect us-south", guid: cloudsim.KeyProtectUSSouthGUID,
			want: []string{"app-config-root-key", "backup-root-key", "suspended-root-key"}, suspended: "suspended-root-key"},
		{name: "Key Protect us-south as viewer", guid: cloudsim.KeyProtectUSSouthGUID, viewer: true,
			want: []string{"app-config-root-key", "backup-root-key", "suspended-root-key"}, suspended: "suspended-root-key"},
		{name: "Key Protect eu-de", guid: cloudsim.KeyProtectEUDEGUID, want: []string{"eu-root-key"}},
		{name: "HPCS", guid: cloudsim.HPCSUSSouthGUID, want: []string{"kyok-root-key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := f.SignedIn(tt.viewer)
			keys, err := f.Keys.ListRootKeys(context.Background(), tok, f.Instance(t, tt.guid))
			if err != nil {
				t.Fatal(err)
			}
			if got := keyNames(keys); !slices.Equal(got, tt.want) {
				t.Fatalf("root keys = %v, want %v", got, tt.want)
			}
			for _, k := range keys {
				if !k.IsRoot() || k.Deleted || k.ID == "" || k.CRN == "" || k.CreatedAt.IsZero() {
					t.Errorf("key = %+v", k)
				}
				wantState := kms.StateActive
				if k.Name == tt.suspended {
					wantState = kms.StateSuspended
				}
				if k.State != wantState || k.Usable() != (wantState == kms.StateActive) {
					t.Errorf("%s: state %v (usable %v), want %v", k.Name, k.State, k.Usable(), wantState)
				}
			}
		})
	}

	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			name     string
			inst     resources.Instance
			wantKind ibmcloud.Kind
			service  string
		}{
			{name: "no endpoint", inst: resources.Instance{GUID: cloudsim.HPCSUSSouthGUID, Service: "hs-crypto"}, wantKind: ibmcloud.KindUnavailable,
				service: "Hyper Protect Crypto Services"},
			{name: "not a key management instance", inst: resources.Instance{GUID: cloudsim.AppConfigEUGUID, Service: "kms", Endpoint: f.Sim.URL},
				wantKind: ibmcloud.KindNotFound, service: "Key Protect"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := f.Keys.ListRootKeys(context.Background(), f.Admin, tc.inst)
				var e *ibmcloud.Error
				if !errors.As(err, &e) || e.Kind != tc.wantKind || e.Service != tc.service {
					t.Fatalf("err = %#v, want kind %v from %s", err, tc.wantKind, tc.service)
				}
			})
		}
	})
}

// TestListRootKeysHidesDestroyed checks that a deleted root key is no longer offered.
func TestListRootKeysHidesDestroyed(t *testing.T) {
	f := servicetest.Start(t)
	ctx := context.Background()
	client, err := f.Connector.KeyManagement(f.Admin, "kms", f.Sim.URL, cloudsim.KeyProtectUSSouthGUID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.DeleteKey(ctx, cloudsim.BackupRootKeyID, 0); err != nil {
		t.Fatal(err)
	}
	keys, err := f.Keys.ListRootKeys(ctx, f.Admin, f.Instance(t, cloudsim.KeyProtectUSSouthGUID))
	if err != nil {
		t.Fatal(err)
	}
	if got := keyNames(keys); !slices.Equal(got, []string{"app-config-root-key", "suspended-root-key"}) {
		t.Fatalf("root keys = %v", got)
	}
}

func TestGetKey(t *testing.T) {
	f := servicetest.Start(t)
	us := f.Instance(t, cloudsim.KeyProtectUSSouthGUID)
	tests := []struct {
		name      string
		inst      resources.Instance
		id        string
		wantName  string
		wantRoot  bool
		wantState kms.KeyState
		wantKind  ibmcloud.Kind
	}{
		{name: "active root key", inst: us, id: cloudsim.AppConfigRootKeyID, wantName: "app-config-root-key", wantRoot: true, wantState: kms.StateActive},
		{name: "suspended root key", inst: us, id: cloudsim.SuspendedRootKeyID, wantName: "suspended-root-key", wantRoot: true, wantState: kms.StateSuspended},
		{name: "standard key", inst: us, id: cloudsim.StandardDataKeyID, wantName: "standard-data-key", wantState: kms.StateActive},
		{name: "HPCS key", inst: f.Instance(t, cloudsim.HPCSUSSouthGUID), id: cloudsim.KYOKRootKeyID, wantName: "kyok-root-key", wantRoot: true, wantState: kms.StateActive},
		{name: "unknown key", inst: us, id: "00000000-0000-4000-8000-00000000dead", wantKind: ibmcloud.KindNotFound},
		{name: "key of another instance", inst: us, id: cloudsim.EURootKeyID, wantKind: ibmcloud.KindNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := f.Keys.GetKey(context.Background(), f.Admin, tt.inst, tt.id)
			if tt.wantKind != ibmcloud.KindUnknown {
				if !ibmcloud.IsKind(err, tt.wantKind) {
					t.Fatalf("err = %v, want kind %v", err, tt.wantKind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.ID != tt.id || k.Name != tt.wantName || k.IsRoot() != tt.wantRoot || k.State != tt.wantState {
				t.Errorf("key = %+v", k)
			}
			if k.Usable() != (tt.wantRoot && tt.wantState == kms.StateActive) {
				t.Errorf("Usable = %v", k.Usable())
			}
		})
	}
}

func TestCreateRootKey(t *testing.T) {
	tests := []struct {
		name     string
		keyName  string
		viewer   bool
		faults   string
		wantKind ibmcloud.Kind
	}{
		{name: "created", keyName: "new-root-key"},
		{name: "name too short", keyName: "k", wantKind: ibmcloud.KindInvalid},
		{name: "viewer", keyName: "viewer-key", viewer: true, wantKind: ibmcloud.KindForbidden},
		{name: "service unavailable", keyName: "outage-key", faults: "kms=error:1:503", wantKind: ibmcloud.KindUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := servicetest.Start(t)
			ctx := context.Background()
			inst := f.Instance(t, cloudsim.KeyProtectUSSouthGUID)
			f.Sim.SetFaults(t, tt.faults)
			tok := f.SignedIn(tt.viewer)
			start := time.Now()
			k, err := f.Keys.CreateRootKey(ctx, tok, inst, tt.keyName)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			f.Sim.SetFaults(t, "")
			keys, lerr := f.Keys.ListRootKeys(ctx, f.Admin, inst)
			if lerr != nil {
				t.Fatal(lerr)
			}
			if tt.wantKind != ibmcloud.KindUnknown {
				if !ibmcloud.IsKind(err, tt.wantKind) {
					t.Fatalf("err = %v, want kind %v", err, tt.wantKind)
				}
				if slices.Contains(keyNames(keys), tt.keyName) {
					t.Fatal("a refused key was created")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.ID == "" || k.Name != tt.keyName || !k.IsRoot() || !k.Usable() {
				t.Fatalf("created = %+v", k)
			}
			if !slices.Contains(keyNames(keys), tt.keyName) {
				t.Fatalf("new key not listed: %v", keyNames(keys))
			}
		})
	}
}

func TestListRegistrationsAndPlans(t *testing.T) {
	f := servicetest.Start(t)
	ctx := context.Background()
	eu := f.Instance(t, cloudsim.KeyProtectEUDEGUID)
	for _, keyID := range []string{cloudsim.EURootKeyID, ""} {
		regs, err := f.Keys.ListRegistrations(ctx, f.Admin, eu, keyID, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(regs) != 1 || regs[0].KeyID != cloudsim.EURootKeyID || regs[0].ResourceCRN != cloudsim.AppConfigEUCRN ||
			regs[0].PreventKeyDeletion || regs[0].CreatedAt.IsZero() {
			t.Fatalf("registrations(%q) = %+v", keyID, regs)
		}
	}
	regs, err := f.Keys.ListRegistrations(ctx, f.Admin, f.Instance(t, cloudsim.KeyProtectUSSouthGUID), "", "")
	if err != nil || len(regs) != 0 {
		t.Fatalf("us-south registrations = %+v, %v", regs, err)
	}

	for _, tc := range []struct {
		service string
		want    string
	}{{"kms", "tiered-pricing/Standard"}, {"hs-crypto", "standard/Standard"}} {
		plans, err := f.Keys.ListPlans(ctx, f.Admin, tc.service)
		if err != nil {
			t.Fatal(err)
		}
		if len(plans) != 1 || plans[0].Name+"/"+plans[0].DisplayName != tc.want || plans[0].ID == "" {
			t.Errorf("plans of %s = %+v, want %s", tc.service, plans, tc.want)
		}
	}
	if _, err := f.Keys.ListPlans(ctx, f.Admin, "no-such-service"); !ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
		t.Errorf("plans of an unknown service: err = %v, want not found", err)
	}
}

// TestKeyCacheRemembers checks the cache by breaking the upstream after a first answer: a remembered answer survives the
// outage, a forgotten or expired one does not.
func TestKeyCacheRemembers(t *testing.T) {
	const user = "IBMid-user"
	tests := []struct {
		name string
		// fault breaks the API the call reads.
		fault string
		call  func(ctx context.Context, d *kms.KeyCache, f servicetest.Env, userID string) (int, error)
		// invalidate, when set, must make the next call go upstream again.
		invalidate func(d *kms.KeyCache)
		advance    time.Duration
		wantCached bool
		wantCount  int
	}{
		{name: "root keys remembered", fault: "kms=error:1:503", call: rootKeys, wantCached: true, wantCount: 3},
		{name: "root keys after ForgetKeys", fault: "kms=error:1:503", call: rootKeys,
			invalidate: func(d *kms.KeyCache) { d.ForgetKeys(user, cloudsim.KeyProtectUSSouthGUID) }, wantCount: 3},
		{name: "root keys after ForgetKeys of another instance", fault: "kms=error:1:503", call: rootKeys,
			invalidate: func(d *kms.KeyCache) { d.ForgetKeys(user, cloudsim.KeyProtectEUDEGUID) }, wantCached: true, wantCount: 3},
		{name: "root keys after ForgetKeys of another user", fault: "kms=error:1:503", call: rootKeys,
			invalidate: func(d *kms.KeyCache) { d.ForgetKeys("IBMid-other", cloudsim.KeyProtectUSSouthGUID) }, wantCached: true, wantCount: 3},
		{name: "root keys after Forget", fault: "kms=error:1:503", call: rootKeys,
			invalidate: func(d *kms.KeyCache) { d.Forget(user) }, wantCount: 3},
		{name: "root keys within the TTL", fault: "kms=error:1:503", call: rootKeys, advance: 29 * time.Second, wantCached: true, wantCount: 3},
		{name: "root keys after the TTL", fault: "kms=error:1:503", call: rootKeys, advance: 30 * time.Second, wantCount: 3},
		{name: "plans remembered", fault: "global-catalog=error:1:503", call: plans, wantCached: true, wantCount: 1},
		{name: "plans shared by users", fault: "global-catalog=error:1:503", call: plans,
			invalidate: func(d *kms.KeyCache) { d.Forget(user) }, wantCached: true, wantCount: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := servicetest.Start(t)
			ctx := context.Background()
			clk := testclock.New(time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC))
			d := kms.NewKeyCache(f.Keys, usercache.DefaultTTL, clk.Now, nil)
			n, err := tt.call(ctx, d, f, user)
			if err != nil || n != tt.wantCount {
				t.Fatalf("first call: %d, %v; want %d", n, err, tt.wantCount)
			}
			f.Sim.SetFaults(t, tt.fault)
			if tt.invalidate != nil {
				tt.invalidate(d)
			}
			clk.Advance(tt.advance)
			n, err = tt.call(ctx, d, f, user)
			if tt.wantCached {
				if err != nil || n != tt.wantCount {
					t.Fatalf("second call: %d, %v; want the remembered answer", n, err)
				}
				return
			}
			if !ibmcloud.IsKind(err, ibmcloud.KindUnavailable) {
				t.Fatalf("second call: %d, %v; want it to reach the failing upstream", n, err)
			}
			// A failure is not remembered: once the upstream is back, the answer is.
			f.Sim.SetFaults(t, "")
			if n, err := tt.call(ctx, d, f, user); err != nil || n != tt.wantCount {
				t.Fatalf("after recovery: %d, %v", n, err)
			}
		})
	}
}

func rootKeys(ctx context.Context, d *kms.KeyCache, f servicetest.Env, userID string) (int, error) {
	keys, err := d.RootKeys(ctx, userID, f.Admin, resources.Instance{GUID: cloudsim.KeyProtectUSSouthGUID, Endpoint: f.Sim.URL, Service: "kms"})
	return len(keys), err
}

func plans(ctx context.Context, d *kms.KeyCache, f servicetest.Env, userID string) (int, error) {
	list, err := d.Plans(ctx, f.Admin, "kms")
	return len(list), err
}

func TestKeyCachePerUserAndCopies(t *testing.T) {
	f := servicetest.Start(t)
	ctx := context.Background()
	d := kms.NewKeyCache(f.Keys, usercache.DefaultTTL, nil, nil)
	inst := resources.Instance{GUID: cloudsim.KeyProtectUSSouthGUID, Endpoint: f.Sim.URL, Service: "kms"}
	keys, err := d.RootKeys(ctx, "admin", f.Admin, inst)
	if err != nil {
		t.Fatal(err)
	}
	keys[0].Name = "changed by the caller"
	f.Sim.SetFaults(t, "kms=error:1:503")
	again, err := d.RootKeys(ctx, "admin", f.Admin, inst)
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Name != "app-config-root-key" {
		t.Fatalf("the remembered list was changed through a returned slice: %v", keyNames(again))
	}
	if _, err := d.RootKeys(ctx, "viewer", f.Viewer, inst); !ibmcloud.IsKind(err, ibmcloud.KindUnavailable) {
		t.Fatalf("another user's list came from the admin's memory: err = %v", err)
	}
	// Key is read afresh every time.
	if _, err := d.GetKey(ctx, f.Admin, inst, cloudsim.AppConfigRootKeyID); !ibmcloud.IsKind(err, ibmcloud.KindUnavailable) {
		t.Fatalf("Key: err = %v, want a fresh (failing) read", err)
	}
}

func TestKeyCacheZeroTTL(t *testing.T) {
	f := servicetest.Start(t)
	ctx := context.Background()
	d := kms.NewKeyCache(f.Keys, 0, nil, nil)
	if n, err := rootKeys(ctx, d, f, "admin"); err != nil || n != 3 {
		t.Fatalf("first call: %d, %v", n, err)
	}
	f.Sim.SetFaults(t, "kms=error:1:503")
	if _, err := rootKeys(ctx, d, f, "admin"); !ibmcloud.IsKind(err, ibmcloud.KindUnavailable) {
		t.Fatalf("with TTL 0 the answer was remembered: err = %v", err)
	}
}

// TestKeyCacheChangesForget checks that creating a key through the KeyCache shows in the next listing.
func TestKeyCacheChangesForget(t *testing.T) {
	f := servicetest.Start(t)
	ctx := context.Background()
	d := kms.NewKeyCache(f.Keys, usercache.DefaultTTL, nil, nil)
	inst := resources.Instance{GUID: cloudsim.KeyProtectUSSouthGUID, Endpoint: f.Sim.URL, Service: "kms"}
	if n, err := rootKeys(ctx, d, f, "admin"); err != nil || n != 3 {
		t.Fatalf("keys: %d, %v", n, err)
	}
	if _, err := d.CreateRootKey(ctx, "admin", f.Admin, inst, "panel-root-key"); err != nil {
		t.Fatal(err)
	}
	keys, err := d.RootKeys(ctx, "admin", f.Admin, inst)
	if err != nil || !slices.Contains(keyNames(keys), "panel-root-key") {
		t.Fatalf("keys after create = %v, %v", keyNames(keys), err)
	}
	// A refused creation forgets too, and reports the refusal.
	if _, err := d.CreateRootKey(ctx, "viewer", f.Viewer, inst, "viewer-key"); !ibmcloud.IsKind(err, ibmcloud.KindForbidden) {
		t.Fatalf("viewer create: err = %v, want forbidden", err)
	}
}

// hookedIntegrations is the real integrations service with a hook that runs before an integration is created, to change
// cloudsim's faults between Connect's checks and its creation.
type hookedIntegrations struct {
	*appconfig.Service
	beforeCreate func()
	mu           sync.Mutex
	creates      int // integration creates sent
}

func (h *hookedIntegrations) CreateKMSIntegration(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance, in appconfig.KMSInput) (appconfig.Integration, error) {
	if h.beforeCreate != nil {
		h.beforeCreate()
	}
	h.mu.Lock()
	h.creates++
	h.mu.Unlock()
	return h.Service.CreateKMSIntegration(ctx, tok, inst, in)
}

// testWait keeps the propagation wait short in tests.
var testWait = connect.Wait{Total: 2 * time.Second, First: 50 * time.Millisecond, Max: 200 * time.Millisecond}

// TestConnect runs the connect use case with the Key Management kind against cloudsim.
func TestConnect(t *testing.T) {
	tests := []struct {
		name string
		// app, target and key name the request; authorize lets Connect create the authorization.
		app, target, key string
		authorize        bool
		// existingRole creates an authorization with this role before connecting.
		existingRole string
		viewer       bool
		faults       string // faults set before connecting
		beforeCreate string // faults set right before the integration is created
		wantProblem  connect.Problem
		wantErr      bool
		wantKind     ibmcloud.Kind
		wantCreated  bool // the authorization was created by Connect (and kept, whatever happened)
		wantAuthzs   int  // authorizations from the App Configuration instance to the target afterwards
		wantConnect  bool
	}{
		{name: "creates the authorization", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, authorize: true, wantCreated: true, wantAuthzs: 1, wantConnect: true},
		{name: "new authorization takes effect after a while", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, authorize: true, faults: "iam-policy=propagation:300ms", wantCreated: true, wantAuthzs: 1, wantConnect: true},
		{name: "new authorization not in effect within the wait", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, authorize: true, faults: "iam-policy=propagation:1h",
			wantErr: true, wantProblem: connect.ProblemNotInEffect, wantKind: ibmcloud.KindForbidden, wantCreated: true, wantAuthzs: 1},
		{name: "HPCS closed to new integrations", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.HPCSUSSouthGUID,
			key: cloudsim.KYOKRootKeyID, authorize: true, wantErr: true, wantProblem: connect.ProblemRefused},
		{name: "existing authorization", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, existingRole: cloudsim.RoleKMSReaderPlusCRN, wantAuthzs: 1, wantConnect: true},
		{name: "existing Writer authorization", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.BackupRootKeyID, authorize: true, existingRole: cloudsim.RoleWriterCRN, wantAuthzs: 1, wantConnect: true},
		{name: "not authorized", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, wantErr: true, wantProblem: connect.ProblemNotAuthorized},
		{name: "Lite plan", app: cloudsim.AppConfigLiteGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, authorize: true, wantErr: true, wantProblem: connect.ProblemPlan},
		{name: "suspended key", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.SuspendedRootKeyID, authorize: true, wantErr: true, wantProblem: connect.ProblemRefused},
		{name: "standard key", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.StandardDataKeyID, authorize: true, wantErr: true, wantProblem: connect.ProblemRefused},
		{name: "missing key", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: "00000000-0000-4000-8000-00000000dead", authorize: true, wantErr: true, wantKind: ibmcloud.KindNotFound},
		{name: "already connected elsewhere", app: cloudsim.AppConfigEUGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, authorize: true, wantErr: true, wantProblem: connect.ProblemAlreadyConnected},
		{name: "viewer", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, authorize: true, viewer: true, wantErr: true, wantKind: ibmcloud.KindForbidden},
		{name: "integration fails, authorization kept", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, authorize: true, beforeCreate: "appconfig=error:1:500",
			wantErr: true, wantKind: ibmcloud.KindUnavailable, wantCreated: true, wantAuthzs: 1},
		{name: "integration fails with an existing authorization", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, authorize: true, existingRole: cloudsim.RoleReaderCRN, beforeCreate: "appconfig=error:1:503",
			wantErr: true, wantKind: ibmcloud.KindUnavailable, wantAuthzs: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := servicetest.Start(t)
			ctx := context.Background()
			ac, target := f.Instance(t, tt.app), f.Instance(t, tt.target)
			if tt.existingRole != "" {
				if _, err := f.IAM.CreateAuthorization(ctx, f.Admin, iam.Authorization{
					Source: iam.Party{AccountID: cloudsim.DemoAccountID, Service: "apprapp", InstanceGUID: ac.GUID},
					Target: iam.Party{AccountID: cloudsim.DemoAccountID, Service: target.Service, InstanceGUID: target.GUID},
					Roles:  []iam.Role{{CRN: tt.existingRole}},
				}); err != nil {
					t.Fatal(err)
				}
			}
			hooked := &hookedIntegrations{Service: f.Integrations}
			if tt.beforeCreate != "" {
				hooked.beforeCreate = func() { f.Sim.SetFaults(t, tt.beforeCreate) }
			}
			connections := connect.NewConnector(hooked, f.IAM, kms.NewKeyCache(f.Keys, usercache.DefaultTTL, nil, nil), nil, testWait, nil)
			tok, userID := f.Admin, cloudsim.AdminIAMID
			if tt.viewer {
				tok, userID = f.Viewer, cloudsim.ViewerIAMID
			}
			f.Sim.SetFaults(t, tt.faults)
			conn, err := connections.ConnectKMS(ctx, userID, tok, kms.ConnectRequest{AccountID: cloudsim.DemoAccountID, AppConfig: ac, KMS: target,
				KeyID: tt.key, Authorize: tt.authorize})
			f.Sim.SetFaults(t, "")
			if tt.wantErr {
				var ce *connect.Error
				if !errors.As(err, &ce) {
					t.Fatalf("err = %#v, want a *connect.Error", err)
				}
				if ce.Problem != tt.wantProblem {
					t.Errorf("problem = %v (%v), want %v", ce.Problem, err, tt.wantProblem)
				}
				if tt.wantKind != ibmcloud.KindUnknown && !ibmcloud.IsKind(err, tt.wantKind) {
					t.Errorf("err = %v, want kind %v", err, tt.wantKind)
				}
				if ce.Problem == connect.ProblemUpstream && ce.Step == "" {
					t.Errorf("upstream failure without a step: %v", err)
				}
				var notUsable *kms.KeyNotUsableError
				if ce.Problem == connect.ProblemRefused && errors.As(err, &notUsable) && notUsable.Key.ID != tt.key {
					t.Errorf("key of the refusal = %+v", notUsable.Key)
				}
				if ce.Problem == connect.ProblemAlreadyConnected && ce.Existing.ID != cloudsim.EUKMSIntegrationID {
					t.Errorf("existing integration = %+v", ce.Existing)
				}
				if ce.AuthorizationCreated != tt.wantCreated || (ce.AuthorizationCreated && ce.Authorization == nil) {
					t.Errorf("authorization created %v (%+v), want %v", ce.AuthorizationCreated, ce.Authorization, tt.wantCreated)
				}
				if ce.Problem == connect.ProblemNotInEffect && (ce.Waited <= 0 || hooked.creates < 2) {
					t.Errorf("gave up after %v and %d creates, want a wait with retries", ce.Waited, hooked.creates)
				}
				if err.Error() == "" {
					t.Error("empty error message")
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if conn.AuthorizationCreated != tt.wantCreated || conn.AlreadyDone || conn.Authorization == nil {
					t.Errorf("connection = %+v", conn)
				}
				if conn.Integration.RootKeyID != tt.key || conn.Integration.KMSInstanceCRN != target.CRN || conn.Integration.KeyStatus != appconfig.KeyUsable {
					t.Errorf("integration = %+v", conn.Integration)
				}
			}
			all, err := f.IAM.ListAuthorizations(ctx, f.Admin, cloudsim.DemoAccountID)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, a := range all {
				if a.Source.InstanceGUID == ac.GUID && a.Target.InstanceGUID == target.GUID {
					n++
				}
			}
			if n != tt.wantAuthzs {
				t.Errorf("%d authorizations, want %d", n, tt.wantAuthzs)
			}
			list, err := f.Integrations.ListIntegrations(ctx, f.Admin, appconfig.InstanceOf(ac))
			if err != nil {
				t.Fatal(err)
			}
			connected := slices.ContainsFunc(list, func(in appconfig.Integration) bool {
				return in.Type == appconfig.TypeKMS && in.KMSInstanceCRN == target.CRN && in.RootKeyID == tt.key
			})
			if connected != tt.wantConnect {
				t.Errorf("connected = %v, want %v (integrations %+v)", connected, tt.wantConnect, list)
			}
		})
	}
}

// TestConnectAfterTheWaitRanOut: the kept authorization is found next time, and Create succeeds once it is in effect.
func TestConnectAfterTheWaitRanOut(t *testing.T) {
	f := servicetest.Start(t)
	ctx := context.Background()
	ac, target := f.Instance(t, cloudsim.AppConfigEnterpriseGUID), f.Instance(t, cloudsim.KeyProtectUSSouthGUID)
	connections := connect.NewConnector(f.Integrations, f.IAM, kms.NewKeyCache(f.Keys, usercache.DefaultTTL, nil, nil), nil, testWait, nil)
	req := kms.ConnectRequest{AccountID: cloudsim.DemoAccountID, AppConfig: ac, KMS: target, KeyID: cloudsim.AppConfigRootKeyID, Authorize: true}
	f.Sim.SetFaults(t, "iam-policy=propagation:1h")
	_, err := connections.ConnectKMS(ctx, cloudsim.AdminIAMID, f.Admin, req)
	var ce *connect.Error
	if !errors.As(err, &ce) || ce.Problem != connect.ProblemNotInEffect || !ce.AuthorizationCreated {
		t.Fatalf("first attempt: %v", err)
	}
	f.Sim.SetFaults(t, "") // the authorization takes effect
	conn, err := connections.ConnectKMS(ctx, cloudsim.AdminIAMID, f.Admin, req)
	if err != nil || conn.AuthorizationCreated || conn.Authorization == nil || conn.Authorization.ID != ce.Authorization.ID {
		t.Fatalf("second attempt: %+v, %v; want the kept authorization %s reused", conn, err, ce.Authorization.ID)
	}
}

func TestConnectTwice(t *testing.T) {
	f := servicetest.Start(t)
	ctx := context.Background()
	ac, target := f.Instance(t, cloudsim.AppConfigEnterpriseGUID), f.Instance(t, cloudsim.KeyProtectUSSouthGUID)
	hooked := &hookedIntegrations{Service: f.Integrations}
	connections := connect.NewConnector(hooked, f.IAM, kms.NewKeyCache(f.Keys, usercache.DefaultTTL, nil, nil), nil, testWait, nil)
	req := kms.ConnectRequest{AccountID: cloudsim.DemoAccountID, AppConfig: ac, KMS: target, KeyID: cloudsim.AppConfigRootKeyID, Authorize: true}

	// A double submit connects once.
	var wg sync.WaitGroup
	results := make([]connect.Result, 2)
	errs := make([]error, 2)
	for i := range results {
		wg.Go(func() { results[i], errs[i] = connections.ConnectKMS(ctx, cloudsim.AdminIAMID, f.Admin, req) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if results[0].AlreadyDone == results[1].AlreadyDone || results[0].Integration.ID != results[1].Integration.ID || hooked.creates != 1 {
		t.Fatalf("double submit: %+v / %+v, %d creates", results[0], results[1], hooked.creates)
	}
	id := results[0].Integration.ID

	regs, err := f.Keys.ListRegistrations(ctx, f.Admin, target, cloudsim.AppConfigRootKeyID, ac.CRN)
	if err != nil || len(regs) != 1 {
		t.Fatalf("registrations after connecting = %+v, %v", regs, err)
	}
	other := req
	other.KeyID = cloudsim.BackupRootKeyID
	if _, err := connections.ConnectKMS(ctx, cloudsim.AdminIAMID, f.Admin, other); err == nil {
		t.Fatal("connected a second root key")
	} else if ce := (*connect.Error)(nil); !errors.As(err, &ce) || ce.Problem != connect.ProblemAlreadyConnected || ce.Existing.ID != id {
		t.Fatalf("second key: err = %v", err)
	}
}

func TestListKeys(t *testing.T) {
	f := servicetest.Start(t)
	ctx := context.Background()
	us := f.Instance(t, cloudsim.KeyProtectUSSouthGUID)
	client, err := f.Connector.KeyManagement(f.Admin, "kms", f.Sim.URL, cloudsim.KeyProtectUSSouthGUID)
	if err != nil {
		t.Fatal(err)
	}
	// backup-root-key is destroyed, so every state but pre-activation and deactivated is present.
	if _, err := client.DeleteKey(ctx, cloudsim.BackupRootKeyID, 0); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		filter kms.KeyFilter
		want   []string // newest first
	}{
		{name: "everything", want: []string{"standard-data-key", "suspended-root-key", "backup-root-key", "app-config-root-key"}},
		{name: "root keys", filter: kms.KeyFilter{Type: kms.TypeRoot},
			want: []string{"suspended-root-key", "backup-root-key", "app-config-root-key"}},
		{name: "standard keys", filter: kms.KeyFilter{Type: kms.TypeStandard}, want: []string{"standard-data-key"}},
		{name: "active", filter: kms.KeyFilter{States: []kms.KeyState{kms.StateActive}},
			want: []string{"standard-data-key", "app-config-root-key"}},
		{name: "active root keys", filter: kms.KeyFilter{Type: kms.TypeRoot, States: []kms.KeyState{kms.StateActive}},
			want: []string{"app-config-root-key"}},
		{name: "suspended", filter: kms.KeyFilter{States: []kms.KeyState{kms.StateSuspended}}, want: []string{"suspended-root-key"}},
		{name: "destroyed", filter: kms.KeyFilter{States: []kms.KeyState{kms.StateDestroyed}}, want: []string{"backup-root-key"}},
		{name: "deactivated", filter: kms.KeyFilter{States: []kms.KeyState{kms.StateDeactivated}}},
		{name: "suspended or destroyed standard", filter: kms.KeyFilter{Type: kms.TypeStandard,
			States: []kms.KeyState{kms.StateSuspended, kms.StateDestroyed}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, err := f.Keys.ListKeys(ctx, f.Admin, us, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, k := range keys {
				got = append(got, k.Name)
				wantType := kms.TypeRoot
				if k.Name == "standard-data-key" {
					wantType = kms.TypeStandard
				}
				if k.Type != wantType || k.ID == "" || k.CreatedAt.IsZero() {
					t.Errorf("key = %+v", k)
				}
				if k.Name == "backup-root-key" && (k.State != kms.StateDestroyed || k.State.String() != "Destroyed") {
					t.Errorf("destroyed key = %+v (%s)", k, k.State.String())
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("keys = %v, want %v", got, tt.want)
			}
		})
	}

	details, err := f.Keys.GetKey(ctx, f.Admin, us, cloudsim.SuspendedRootKeyID)
	if err != nil || details.Name != "suspended-root-key" || details.State.String() != "Suspended" || details.Type != kms.TypeRoot {
		t.Fatalf("details = %+v, %v", details, err)
	}
	if _, err := f.Keys.GetKey(ctx, f.Admin, us, "00000000-0000-4000-8000-00000000dead"); !ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
		t.Fatalf("details of an unknown key: err = %v", err)
	}
	noEndpoint := resources.Instance{GUID: cloudsim.HPCSUSSouthGUID, Name: "hpcs-us-south", Service: "hs-crypto", Region: "us-south"}
	if _, err := f.Keys.ListKeys(ctx, f.Admin, noEndpoint, kms.KeyFilter{}); !errors.Is(err, kms.ErrNoEndpoint) {
		t.Fatalf("instance without endpoint: err = %v", err)
	}
	f.Sim.SetFaults(t, "kms=error:1:503")
	if _, err := f.Keys.ListKeys(ctx, f.Admin, us, kms.KeyFilter{}); !ibmcloud.IsKind(err, ibmcloud.KindUnavailable) {
		t.Fatalf("with Key Protect down: err = %v", err)
	}
}

func TestKeyStates(t *testing.T) {
	for _, tc := range []struct {
		name  string
		state kms.KeyState
	}{{"pre-activation", 0}, {"active", 1}, {"suspended", 2}, {"deactivated", 3}, {"destroyed", 5}} {
		got, ok := kms.ParseKeyState(tc.name)
		if !ok || got != tc.state {
			t.Errorf("ParseKeyState(%q) = %d, %v", tc.name, got, ok)
		}
		if !strings.EqualFold(tc.state.String(), tc.name) {
			t.Errorf("KeyState(%d).String() = %q", tc.state, tc.state.String())
		}
	}
	if _, ok := kms.ParseKeyState("deleted"); ok {
		t.Error("ParseKeyState accepted \"deleted\"")
	}
	if got := kms.KeyState(4).String(); !strings.Contains(got, "4") {
		t.Errorf("KeyState(4).String() = %q", got)
	}
}

func TestRegistrationsAndSync(t *testing.T) {
	f := servicetest.Start(t)
	ctx := context.Background()
	eu := f.Instance(t, cloudsim.KeyProtectEUDEGUID)
	tests := []struct {
		name        string
		keyID       string
		resourceCRN string
		want        int
	}{
		{name: "key", keyID: cloudsim.EURootKeyID, want: 1},
		{name: "key and resource", keyID: cloudsim.EURootKeyID, resourceCRN: cloudsim.AppConfigEUCRN, want: 1},
		{name: "whole instance", want: 1},
		{name: "whole instance, one resource", resourceCRN: cloudsim.AppConfigEUCRN, want: 1},
		{name: "another resource", keyID: cloudsim.EURootKeyID, resourceCRN: cloudsim.AppConfigEnterpriseCRN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			regs, err := f.Keys.ListRegistrations(ctx, f.Admin, eu, tt.keyID, tt.resourceCRN)
			if err != nil {
				t.Fatal(err)
			}
			if len(regs) != tt.want {
				t.Fatalf("registrations = %+v, want %d", regs, tt.want)
			}
			for _, r := range regs {
				if r.KeyID != cloudsim.EURootKeyID || r.ResourceCRN != cloudsim.AppConfigEUCRN || r.PreventKeyDeletion || r.CreatedAt.IsZero() {
					t.Errorf("registration = %+v", r)
				}
			}
		})
	}

	// Registrations are the owning services' to remove; a user can only ask them to re-check, with a sync of the key.
	// The viewer may not; the administrator may, once an hour; a failing service is classified.
	if err := f.Keys.SyncAssociatedResources(ctx, f.Viewer, eu, cloudsim.EURootKeyID); !ibmcloud.IsKind(err, ibmcloud.KindForbidden) {
		t.Fatalf("viewer sync: err = %v, want forbidden", err)
	}
	before := time.Now()
	if err := f.Keys.SyncAssociatedResources(ctx, f.Admin, eu, cloudsim.EURootKeyID); err != nil {
		t.Fatal(err)
	}
	var tooEarly *kms.SyncTooEarlyError
	if err := f.Keys.SyncAssociatedResources(ctx, f.Admin, eu, cloudsim.EURootKeyID); !errors.As(err, &tooEarly) ||
		!ibmcloud.IsKind(err, ibmcloud.KindConflict) ||
		tooEarly.RetryAt.Before(before.Add(59*time.Minute)) || tooEarly.RetryAt.After(time.Now().Add(61*time.Minute)) {
		t.Fatalf("second sync: err = %#v, want SyncTooEarlyError about an hour from now", err)
	}
	f.Sim.SetFaults(t, "kms=error:1:503")
	err := f.Keys.SyncAssociatedResources(ctx, f.Admin, eu, cloudsim.EURootKeyID)
	var e *ibmcloud.Error
	if !errors.As(err, &e) || e.Kind != ibmcloud.KindUnavailable || e.Status != 503 || errors.As(err, &tooEarly) {
		t.Fatalf("sync with Key Protect down: err = %#v", err)
	}
}
