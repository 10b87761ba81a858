package eventnotifications

import (
	"context"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// PanelRequest is the state of the "Connect to Event Notifications" panel: whose it is and what is chosen.
type PanelRequest struct {
	Token     ibmcloud.Token
	AccountID string
	AppConfig resources.Instance
	// Group and Instance are the chosen resource group and Event Notifications instance; either may be empty.
	Group    string
	Instance string
}

// Panel is what the panel shows for a request: the account's resource groups, the one in use, its Event Notifications
// instances, the chosen instance and the authorization saving relies on; each failure to read is kept beside what it
// concerns.
type Panel struct {
	Groups []resources.ResourceGroup
	// Group is the group in use: the chosen one when the account has it, else the default group, else the first.
	Group     string
	Instances []resources.Instance
	// Chosen is the chosen instance when it is in the group, else nil.
	Chosen *resources.Instance
	// Grant is the authorization for Chosen: the role it needs and the authorization that grants it, if any.
	Grant                             Grant
	GroupsErr, InstancesErr, GrantErr error
}

// Panel reads the resource groups and the Event Notifications instances in parallel, keeps the instances of the group in
// use, and for a chosen instance checks the authorization App Configuration needs on it.
func (s *Service) Panel(ctx context.Context, req PanelRequest) Panel {
	var (
		p         Panel
		instances []resources.Instance
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.Groups, p.GroupsErr = s.instances.ListResourceGroups(ctx, req.Token, req.AccountID)
	}()
	instances, p.InstancesErr = s.instances.ListInstances(ctx, req.Token, resources.ServiceEventNotifications)
	<-done
	p.Group = ChooseGroup(p.Groups, req.Group)
	for _, inst := range instances {
		if p.Group != "" && inst.ResourceGroupID != p.Group {
			continue
		}
		p.Instances = append(p.Instances, inst)
		if inst.GUID == req.Instance {
			p.Chosen = &inst
		}
	}
	if p.Chosen != nil {
		p.Grant, p.GrantErr = s.Grant(ctx, req.Token, req.AccountID, req.AppConfig, *p.Chosen)
	}
	return p
}

// ChooseGroup returns the wanted group when the account has it, else the default group, else the first.
func ChooseGroup(groups []resources.ResourceGroup, wanted string) string {
	fallback := ""
	for _, g := range groups {
		if g.ID == wanted {
			return g.ID
		}
		if g.Default || fallback == "" {
			fallback = g.ID
		}
	}
	return fallback
}
