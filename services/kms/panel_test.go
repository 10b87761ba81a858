package kms_test

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
	"appconfig-console/services/usercache"
)

// TestPanelRead reads the Key Management panel for states of the panel against cloudsim.
func TestPanelRead(t *testing.T) {
	const missing = "00000000-0000-4000-8000-00000000beef"
	tests := []struct {
		name            string
		app, service    string
		instance, key   string
		newInstance     bool
		faults          string
		wantRefusal     kms.Refusal
		wantReads       bool     // the integrations were read
		wantInstances   []string // names, unusable ones with the reason after a colon
		wantTarget      string
		wantMissing     bool
		wantKeys        []string // names, unusable ones with the reason after a colon
		wantKey         string
		wantKeysErr     bool
		wantAuthorized  bool
		wantCanCreate   bool
		wantConnectedTo string // the root key of the existing integration
	}{
		{name: "Hyper Protect Crypto Services is closed before any read", app: cloudsim.AppConfigEnterpriseGUID, service: resources.ServiceHPCS,
			wantRefusal: kms.RefusalServiceClosed},
		{name: "Lite plan is refused before any read", app: cloudsim.AppConfigLiteGUID, service: resources.ServiceKeyProtect,
			wantRefusal: kms.RefusalPlan},
		{name: "new instance mode reads nothing", app: cloudsim.AppConfigEnterpriseGUID, service: resources.ServiceKeyProtect,
			newInstance: true, wantCanCreate: true},
		{name: "nothing chosen lists the instances", app: cloudsim.AppConfigEnterpriseGUID, service: resources.ServiceKeyProtect,
			wantReads: true, wantInstances: []string{"key-protect-eu-de", "key-protect-us-south"}, wantCanCreate: true},
		{name: "an active root key is chosen, the others disabled with the reason", app: cloudsim.AppConfigEnterpriseGUID,
			service: resources.ServiceKeyProtect, instance: cloudsim.KeyProtectUSSouthGUID, key: cloudsim.AppConfigRootKeyID,
			wantReads: true, wantInstances: []string{"key-protect-eu-de", "key-protect-us-south"}, wantTarget: "key-protect-us-south",
			wantKeys: []string{"app-config-root-key", "backup-root-key", "suspended-root-key: suspended: enable it to use it"},
			wantKey:  cloudsim.AppConfigRootKeyID, wantCanCreate: true},
		{name: "a suspended key is not chosen", app: cloudsim.AppConfigEnterpriseGUID,
			service: resources.ServiceKeyProtect, instance: cloudsim.KeyProtectUSSouthGUID, key: cloudsim.SuspendedRootKeyID,
			wantReads: true, wantInstances: []string{"key-protect-eu-de", "key-protect-us-south"}, wantTarget: "key-protect-us-south",
			wantKeys:      []string{"app-config-root-key", "backup-root-key", "suspended-root-key: suspended: enable it to use it"},
			wantCanCreate: true},
		{name: "an instance that is gone is reported", app: cloudsim.AppConfigEnterpriseGUID, service: resources.ServiceKeyProtect,
			instance: missing, wantReads: true, wantInstances: []string{"key-protect-eu-de", "key-protect-us-south"}, wantMissing: true,
			wantCanCreate: true},
		{name: "keys that cannot be read leave the rest", app: cloudsim.AppConfigEnterpriseGUID, service: resources.ServiceKeyProtect,
			instance: cloudsim.KeyProtectUSSouthGUID, key: cloudsim.AppConfigRootKeyID, faults: "kms=error:1:500",
			wantReads: true, wantInstances: []string{"key-protect-eu-de", "key-protect-us-south"}, wantTarget: "key-protect-us-south",
			wantKeysErr: true, wantCanCreate: true},
		{name: "an instance already connected cannot connect again", app: cloudsim.AppConfigEUGUID, service: resources.ServiceKeyProtect,
			instance: cloudsim.KeyProtectEUDEGUID, key: cloudsim.EURootKeyID, wantRefusal: kms.RefusalConnected, wantReads: true,
			wantInstances: []string{"key-protect-eu-de", "key-protect-us-south"}, wantTarget: "key-protect-eu-de",
			wantKeys: []string{"eu-root-key"}, wantKey: cloudsim.EURootKeyID, wantAuthorized: true, wantConnectedTo: cloudsim.EURootKeyID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := servicetest.Start(t)
			ctx := context.Background()
			ac := f.Instance(t, tt.app)
			keys := kms.NewKeyCache(f.Keys, 0, time.Now, nil)
			panels := kms.NewPanels(resources.NewInstanceCache(f.Resources, 0, time.Now, nil),
				keys, f.IAM, f.Resources)
			f.Sim.SetFaults(t, tt.faults)
			reads := 0
			p := panels.Read(ctx, kms.PanelRequest{UserID: "u", Token: f.Admin, AccountID: cloudsim.DemoAccountID, AppConfig: ac,
				Service: tt.service, Instance: tt.instance, Key: tt.key, NewInstance: tt.newInstance,
				Integrations: func(ctx context.Context) ([]appconfig.Integration, error) {
					reads++
					return f.Integrations.ListIntegrations(ctx, f.Admin, appconfig.InstanceOf(ac))
				}})
			if p.Refusal != tt.wantRefusal || p.CanCreate() != tt.wantCanCreate || (reads > 0) != tt.wantReads {
				t.Errorf("refusal %v, can create %v, integrations read %d times; want %v, %v, read %v",
					p.Refusal, p.CanCreate(), reads, tt.wantRefusal, tt.wantCanCreate, tt.wantReads)
			}
			var instances, keyNames []string
			for _, in := range p.Instances {
				instances = append(instances, withReason(in.Name, in.Unusable))
			}
			for _, k := range p.Keys {
				keyNames = append(keyNames, withReason(k.Name, k.Unusable))
			}
			if !sameNames(instances, tt.wantInstances) || !sameNames(keyNames, tt.wantKeys) {
				t.Errorf("instances %q, keys %q; want %q, %q", instances, keyNames, tt.wantInstances, tt.wantKeys)
			}
			target := ""
			if p.Target != nil {
				target = p.Target.Name
			}
			if target != tt.wantTarget || p.TargetMissing != tt.wantMissing || p.Key != tt.wantKey || (p.KeysErr != nil) != tt.wantKeysErr {
				t.Errorf("target %q (missing %v), key %q, keys error %v; want %q (missing %v), %q, error %v",
					target, p.TargetMissing, p.Key, p.KeysErr, tt.wantTarget, tt.wantMissing, tt.wantKey, tt.wantKeysErr)
			}
			if (p.Authorization != nil) != tt.wantAuthorized || p.AuthorizationErr != nil || p.IntegrationsErr != nil || p.InstancesErr != nil {
				t.Errorf("authorization %+v (error %v), integrations error %v, instances error %v; want authorized %v",
					p.Authorization, p.AuthorizationErr, p.IntegrationsErr, p.InstancesErr, tt.wantAuthorized)
			}
			connectedTo := ""
			if p.Connected != nil {
				connectedTo = p.Connected.RootKeyID
			}
			if connectedTo != tt.wantConnectedTo {
				t.Errorf("connected to %q, want %q", connectedTo, tt.wantConnectedTo)
			}
		})
	}
}

// withReason is a name, followed by why it cannot be chosen when it cannot.
func withReason(name, reason string) string {
	if reason == "" {
		return name
	}
	return name + ": " + reason
}

// sameNames reports whether got and want hold the same names, in any order.
func sameNames(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	seen := map[string]int{}
	for _, g := range got {
		seen[g]++
	}
	for _, w := range want {
		if seen[w] == 0 {
			return false
		}
		seen[w]--
	}
	return true
}

// TestPanelReadBegun begins the panel's reads before the App Configuration instance is known, as the panel's page
// does, then reads the panel: a chosen instance whose place the process knows has its root keys read alongside the
// instance list and the authorizations, one it does not know after the list; reads begun for another state are not
// used, and an instance the user's list does not hold shows no keys. Each list is read once.
func TestPanelReadBegun(t *testing.T) {
	const missing = "00000000-0000-4000-8000-00000000beef"
	tests := []struct {
		name string
		// known: a Resource Controller list of this process met the instances before; begunFor: the instance Begin is
		// given, when not the chosen one.
		instance, begunFor string
		known              bool
		wantTarget         string
		wantMissing        bool
		wantKeys           []string
		// wantAlongside: the keys are asked for before the instance list is answered.
		wantAlongside bool
		wantKeyReads  int
	}{
		{name: "a known instance's keys alongside the list", instance: cloudsim.KeyProtectUSSouthGUID, known: true,
			wantTarget: "key-protect-us-south", wantKeys: []string{"app-config-root-key", "backup-root-key", "suspended-root-key"},
			wantAlongside: true, wantKeyReads: 1},
		{name: "an instance not met yet: its keys after the list", instance: cloudsim.KeyProtectEUDEGUID,
			wantTarget: "key-protect-eu-de", wantKeys: []string{"eu-root-key"}, wantKeyReads: 1},
		{name: "reads begun for another instance are not used", instance: cloudsim.KeyProtectEUDEGUID, begunFor: cloudsim.KeyProtectUSSouthGUID,
			known: true, wantTarget: "key-protect-eu-de", wantKeys: []string{"eu-root-key"}},
		{name: "an instance of another service is not a Key Protect instance", instance: cloudsim.AppConfigEnterpriseGUID, known: true,
			wantMissing: true},
		{name: "an instance that is gone", instance: missing, known: true, wantMissing: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, log := servicetest.StartLogged(t)
			ctx := context.Background()
			ac, err := f.Resources.GetInstance(ctx, f.Admin, cloudsim.AppConfigEnterpriseGUID)
			if err != nil {
				t.Fatal(err)
			}
			if tt.known {
				if _, err := f.Resources.ListInstances(ctx, f.Admin, resources.ServiceKeyProtect); err != nil {
					t.Fatal(err)
				}
			}
			f.Sim.SetFaults(t, "resource-controller=latency:100ms;kms=latency:100ms;iam-policy=latency:100ms")
			panels := kms.NewPanels(resources.NewInstanceCache(f.Resources, usercache.DefaultTTL, nil, nil),
				kms.NewKeyCache(f.Keys, usercache.DefaultTTL, nil, nil), f.IAM, f.Resources)
			req := kms.PanelRequest{UserID: "u", Token: f.Admin, AccountID: cloudsim.DemoAccountID, Service: resources.ServiceKeyProtect,
				Instance: cmp.Or(tt.begunFor, tt.instance)}
			mark := log.Len()
			begun := panels.Begin(ctx, req)
			req.AppConfig, req.Instance, req.Begun = ac, tt.instance, begun
			req.Integrations = func(context.Context) ([]appconfig.Integration, error) { return nil, nil }
			p := panels.Read(ctx, req)
			// Global Catalog's requests are the plans' background load the first read of the instance began.
			requests := slices.DeleteFunc(log.Since(mark), func(r inproc.Request) bool { return strings.HasPrefix(r.Path, "/api/v1/") })
			counts := map[string]int{}
			var keysAsked, listAnswered time.Time
			for _, r := range requests {
				counts[r.Method+" "+r.Path]++
				switch r.Method + " " + r.Path {
				case "GET /api/v2/keys":
					keysAsked = r.Start
				case "GET /v2/resource_instances":
					listAnswered = r.End
				}
			}
			target, keyNames := "", []string{}
			if p.Target != nil {
				target = p.Target.Name
			}
			for _, k := range p.Keys {
				keyNames = append(keyNames, k.Name)
			}
			if target != tt.wantTarget || p.TargetMissing != tt.wantMissing || !sameNames(keyNames, tt.wantKeys) ||
				p.InstancesErr != nil || p.KeysErr != nil || p.AuthorizationErr != nil {
				t.Errorf("target %q (missing %v), keys %q, errors %v %v %v; want %q (missing %v), %q", target, p.TargetMissing, keyNames,
					p.InstancesErr, p.KeysErr, p.AuthorizationErr, tt.wantTarget, tt.wantMissing, tt.wantKeys)
			}
			if tt.begunFor != "" {
				return // the reads begun for the other instance may still be under way: nothing to count
			}
			if alongside := keysAsked.Before(listAnswered); alongside != tt.wantAlongside && tt.wantKeyReads > 0 {
				t.Errorf("keys asked for at %v, the instance list answered at %v; want alongside %v", keysAsked, listAnswered, tt.wantAlongside)
			}
			if counts["GET /api/v2/keys"] != tt.wantKeyReads || counts["GET /v2/resource_instances"] != 1 ||
				counts["GET /v1/policies"] > 1 {
				t.Errorf("requests %v; want %d key lists, one instance list, at most one policy list", counts, tt.wantKeyReads)
			}
		})
	}
}

// watchedInstances is the instance cache, keeping whose lists of which service it was asked for, as they are asked
// for, and telling on read whose list has been read.
type watchedInstances struct {
	*resources.InstanceCache
	mu    sync.Mutex
	asked []string
	read  chan string
}

// Instances keeps who asks for which list, reads it through the cache, then tells who asked on w.read.
func (w *watchedInstances) Instances(ctx context.Context, userID string, tok ibmcloud.Token, service string) ([]resources.Instance, error) {
	w.mu.Lock()
	w.asked = append(w.asked, userID+" "+service)
	w.mu.Unlock()
	list, err := w.InstanceCache.Instances(ctx, userID, tok, service)
	w.read <- userID
	return list, err
}

// TestAnticipatePanel anticipates the Key Management panel for App Configuration instances from a request already
// over: for one on the Enterprise plan, or whose plan is not known yet (where the process found the Lite instance, from
// its CRN), the user's Key Protect instances are read once and remembered for the user, so that they outlive a
// Resource Controller outage; for one on the Lite plan nothing is read, nor remembered. Another user's anticipation
// for the Enterprise instance follows each: once its read is over, any read the first began has been asked for.
func TestAnticipatePanel(t *testing.T) {
	tests := []struct {
		name string
		// app is the instance as Resource Controller answers for it, its plan named; located, when set, the instance
		// as the process finds it from this CRN, before any read, its plan not named.
		app, located string
		wantRead     bool
	}{
		{name: "Enterprise plan", app: cloudsim.AppConfigEnterpriseGUID, wantRead: true},
		{name: "Lite plan", app: cloudsim.AppConfigLiteGUID},
		{name: "plan not known yet", located: cloudsim.AppConfigLiteCRN, wantRead: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, log := servicetest.StartLogged(t)
			enterprise := f.Instance(t, cloudsim.AppConfigEnterpriseGUID)
			var ac resources.Instance
			if tt.located == "" {
				ac = f.Instance(t, tt.app)
			} else if place, ok := f.Resources.Locate(tt.located); ok && place.PlanName == "" {
				ac = place
			} else {
				t.Fatalf("place %+v (found %v); want the instance's place, its plan not named", place, ok)
			}
			instances := &watchedInstances{InstanceCache: resources.NewInstanceCache(f.Resources, usercache.DefaultTTL, nil, nil),
				read: make(chan string, 2)}
			panels := kms.NewPanels(instances, kms.NewKeyCache(f.Keys, usercache.DefaultTTL, nil, nil), f.IAM, f.Resources)
			over, cancel := context.WithCancel(context.Background())
			cancel()
			mark := log.Len()
			panels.AnticipatePanel(over, "u", f.Admin, ac)
			panels.AnticipatePanel(over, "next", f.Admin, enterprise)
			want := map[string]bool{"next": true, "u": tt.wantRead}
			for want["next"] || want["u"] {
				select {
				case user := <-instances.read:
					want[user] = false
				case <-time.After(10 * time.Second):
					t.Fatalf("lists still to read: %v", want)
				}
			}
			wantAsked := []string{"next kms"}
			if tt.wantRead {
				wantAsked = append(wantAsked, "u kms")
			}
			instances.mu.Lock()
			asked := instances.asked
			instances.mu.Unlock()
			if !sameNames(asked, wantAsked) {
				t.Errorf("lists asked for %q, want %q", asked, wantAsked)
			}
			f.Sim.SetFaults(t, "resource-controller=error:1:503")
			list, err := instances.InstanceCache.Instances(context.Background(), "u", f.Admin, resources.ServiceKeyProtect)
			var got []string
			for _, in := range list {
				got = append(got, in.Name)
			}
			if remembered := err == nil && sameNames(got, []string{"key-protect-eu-de", "key-protect-us-south"}); remembered != tt.wantRead {
				t.Errorf("during a Resource Controller outage: instances %q, error %v; want remembered %v", got, err, tt.wantRead)
			}
			// The requests answered during the outage failed: the lists answered are those read before it, one for each user.
			lists := 0
			for _, r := range log.Since(mark) {
				if r.Method+" "+r.Path == "GET /v2/resource_instances" && r.Status == http.StatusOK {
					lists++
				}
			}
			if lists != len(wantAsked) {
				t.Errorf("%d instance lists read, want %d", lists, len(wantAsked))
			}
		})
	}
}
