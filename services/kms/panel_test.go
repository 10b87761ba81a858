package kms_test

import (
	"context"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
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
			f := newFixture(t)
			ctx := context.Background()
			ac := f.instance(t, tt.app)
			keys := kms.NewKeyCache(f.keys, 0, time.Now, nil)
			panels := kms.NewPanels(resources.NewInstanceCache(f.resources, 0, time.Now, nil),
				keys, f.iam)
			f.sim.SetFaults(t, tt.faults)
			reads := 0
			p := panels.Read(ctx, kms.PanelRequest{UserID: "u", Token: f.admin, AccountID: cloudsim.DemoAccountID, AppConfig: ac,
				Service: tt.service, Instance: tt.instance, Key: tt.key, NewInstance: tt.newInstance,
				Integrations: func(ctx context.Context) ([]appconfig.Integration, error) {
					reads++
					return f.integrations.ListIntegrations(ctx, f.admin, appconfig.InstanceOf(ac))
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
