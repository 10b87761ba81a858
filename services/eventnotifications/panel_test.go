package eventnotifications_test

import (
	"context"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/resources"
)

func TestChooseGroup(t *testing.T) {
	groups := []resources.ResourceGroup{{ID: "a", Name: "first"}, {ID: "b", Name: "Default", Default: true}, {ID: "c", Name: "third"}}
	tests := []struct {
		name   string
		groups []resources.ResourceGroup
		wanted string
		want   string
	}{
		{name: "wanted group", groups: groups, wanted: "c", want: "c"},
		{name: "unknown group falls back to the default", groups: groups, wanted: "zzz", want: "b"},
		{name: "nothing chosen falls back to the default", groups: groups, want: "b"},
		{name: "no default falls back to the first", groups: []resources.ResourceGroup{{ID: "a"}, {ID: "c"}}, want: "a"},
		{name: "no groups", wanted: "a", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := eventnotifications.ChooseGroup(tt.groups, tt.wanted); got != tt.want {
				t.Errorf("ChooseGroup = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPanel(t *testing.T) {
	tests := []struct {
		name          string
		group         string
		instance      string
		faults        string
		wantGroup     string
		wantInstances int
		wantChosen    bool
		wantRole      string
		wantGroupsErr bool
		wantListErr   bool
	}{
		{name: "nothing chosen opens on the default group", wantGroup: cloudsim.DefaultResourceGroupID, wantInstances: 1},
		{name: "chosen instance and its role", instance: cloudsim.EventNotificationsGUID, wantGroup: cloudsim.DefaultResourceGroupID,
			wantInstances: 1, wantChosen: true, wantRole: eventnotifications.RoleName},
		{name: "group without instances", group: cloudsim.ProductionResourceGroupID, instance: cloudsim.EventNotificationsGUID,
			wantGroup: cloudsim.ProductionResourceGroupID},
		{name: "resource groups unreadable", faults: "resource-manager=error:1:500", instance: cloudsim.EventNotificationsGUID,
			wantGroupsErr: true, wantInstances: 1, wantChosen: true, wantRole: eventnotifications.RoleName},
		{name: "instances unreadable", faults: "resource-controller=error:1:500", wantGroup: cloudsim.DefaultResourceGroupID, wantListErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			ac := f.Instance(t, cloudsim.AppConfigEnterpriseGUID)
			if tt.faults != "" {
				f.Sim.SetFaults(t, tt.faults)
			}
			p := f.svc.Panel(context.Background(), eventnotifications.PanelRequest{Token: f.Admin, AccountID: cloudsim.DemoAccountID,
				AppConfig: ac, Group: tt.group, Instance: tt.instance})
			if p.Group != tt.wantGroup || len(p.Instances) != tt.wantInstances {
				t.Errorf("group %q with %d instances, want %q with %d", p.Group, len(p.Instances), tt.wantGroup, tt.wantInstances)
			}
			if (p.Chosen != nil) != tt.wantChosen || (p.GroupsErr != nil) != tt.wantGroupsErr || (p.InstancesErr != nil) != tt.wantListErr {
				t.Errorf("chosen %v, groups error %v, instances error %v", p.Chosen, p.GroupsErr, p.InstancesErr)
			}
			if p.Grant.Role.DisplayName != tt.wantRole || p.Grant.Existing != nil || p.GrantErr != nil {
				t.Errorf("grant = %+v, %v; want role %q, none existing", p.Grant, p.GrantErr, tt.wantRole)
			}
		})
	}
}
