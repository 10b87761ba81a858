package kms_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
)

func TestRootKeyNameError(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{"ab", ""},
		{"app_config-root-KEY-1", ""},
		{strings.Repeat("k", 90), ""},
		{"a", "Use 2 to 90 characters."},
		{strings.Repeat("k", 91), "Use 2 to 90 characters."},
		{"root key", "Use letters, digits, hyphens and underscores only."},
		{"clé-racine", "Use letters, digits, hyphens and underscores only."},
	}
	for _, tt := range tests {
		if got := kms.RootKeyNameError(tt.name); got != tt.want {
			t.Errorf("RootKeyNameError(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestInstanceRequestCheck(t *testing.T) {
	plans := []kms.Plan{{ID: "tiered-pricing", DisplayName: "Tiered pricing"}}
	groups := []resources.ResourceGroup{{ID: "g1", Name: "Default", Default: true}}
	good := kms.InstanceRequest{Service: resources.ServiceKeyProtect, Name: "my keys", Region: "us-south", Plan: "tiered-pricing", Group: "g1"}
	tests := []struct {
		name       string
		change     func(*kms.InstanceRequest)
		unread     bool
		wantName   string
		wantChoice string
	}{
		{name: "good", change: func(*kms.InstanceRequest) {}},
		{name: "no name", change: func(r *kms.InstanceRequest) { r.Name = "" }, wantName: "Enter a name for the instance."},
		{name: "long name", change: func(r *kms.InstanceRequest) { r.Name = strings.Repeat("é", 181) }, wantName: "Use at most 180 characters."},
		{name: "longest name", change: func(r *kms.InstanceRequest) { r.Name = strings.Repeat("é", 180) }},
		{name: "control character", change: func(r *kms.InstanceRequest) { r.Name = "my\tkeys" }, wantName: "Use letters, digits, spaces and punctuation only."},
		{name: "Hyper Protect Crypto Services", change: func(r *kms.InstanceRequest) { r.Service = resources.ServiceHPCS },
			wantChoice: "New Hyper Protect Crypto Services instances can no longer be created"},
		{name: "choices unread", change: func(*kms.InstanceRequest) {}, unread: true, wantChoice: "could not be read"},
		{name: "unknown region", change: func(r *kms.InstanceRequest) { r.Region = "mars-1" }, wantChoice: "Choose one of the listed regions."},
		{name: "unknown plan", change: func(r *kms.InstanceRequest) { r.Plan = "free" }, wantChoice: "Choose one of the listed plans."},
		{name: "unknown group", change: func(r *kms.InstanceRequest) { r.Group = "g2" }, wantChoice: "Choose one of the listed resource groups."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			tt.change(&r)
			name, choice := r.Check(plans, groups, tt.unread)
			if name != tt.wantName || (tt.wantChoice == "") != (choice == "") || !strings.Contains(choice, tt.wantChoice) ||
				choice != "" && !strings.HasSuffix(choice, ".") {
				t.Errorf("Check() = %q, %q; want %q, a sentence with %q", name, choice, tt.wantName, tt.wantChoice)
			}
		})
	}
}

// TestProvisioningChoices reads what the provisioning form offers for Key Protect against cloudsim, each read's failure
// leaving the other's answer.
func TestProvisioningChoices(t *testing.T) {
	tests := []struct {
		name          string
		faults        string
		wantPlans     []string
		wantGroups    []string
		wantPlansErr  bool
		wantGroupsErr bool
	}{
		{name: "both reads answer", wantPlans: []string{cloudsim.KeyProtectPlanID},
			wantGroups: []string{cloudsim.DefaultResourceGroupID, cloudsim.ProductionResourceGroupID}},
		{name: "plans fail, groups still come", faults: "global-catalog=error:1:500", wantPlansErr: true,
			wantGroups: []string{cloudsim.DefaultResourceGroupID, cloudsim.ProductionResourceGroupID}},
		{name: "groups fail, plans still come", faults: "resource-manager=error:1:500", wantPlans: []string{cloudsim.KeyProtectPlanID},
			wantGroupsErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := servicetest.Start(t)
			panels := kms.NewPanels(resources.NewInstanceCache(f.Resources, 0, time.Now, nil),
				kms.NewKeyCache(f.Keys, 0, time.Now, nil), f.IAM, f.Resources)
			f.Sim.SetFaults(t, tt.faults)
			got := panels.ProvisioningChoices(context.Background(), f.Admin, cloudsim.DemoAccountID, resources.ServiceKeyProtect)
			plans := servicetest.Names(got.Plans, func(p kms.Plan) string { return p.ID })
			groups := servicetest.Names(got.Groups, func(g resources.ResourceGroup) string { return g.ID })
			if !sameNames(plans, tt.wantPlans) || !sameNames(groups, tt.wantGroups) {
				t.Errorf("plans %q, groups %q; want %q, %q", plans, groups, tt.wantPlans, tt.wantGroups)
			}
			if (got.PlansErr != nil) != tt.wantPlansErr || (got.GroupsErr != nil) != tt.wantGroupsErr {
				t.Errorf("plans error %v, groups error %v; want %v, %v", got.PlansErr, got.GroupsErr, tt.wantPlansErr, tt.wantGroupsErr)
			}
			if !slices.Equal(got.Regions, kms.Regions(resources.ServiceKeyProtect)) {
				t.Errorf("regions %q, want Key Protect's %q", got.Regions, kms.Regions(resources.ServiceKeyProtect))
			}
		})
	}
}
