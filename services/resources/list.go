package resources

import (
	"context"
	"strings"
	"sync"

	"appconfig-console/services/ibmcloud"
)

// MaxSearch is the longest search text the resource list accepts, in bytes.
const MaxSearch = 200

// listedServices are the services the resource list shows, in its order.
var listedServices = []string{ServiceAppConfig, ServiceKeyProtect, ServiceHPCS, ServiceEventNotifications}

// ResourceList is what the resource list shows: the user's instances of the services the console knows whose names
// contain a search text, grouped by service in the console's order, and the names of their resource groups.
type ResourceList struct {
	// Sections holds one section a service with matching instances.
	Sections []ResourceSection
	// GroupNames names the account's resource groups by ID; GroupsErr is the failure to read them, when the instances
	// are listed without.
	GroupNames map[string]string
	GroupsErr  error
}

// ResourceSection is one service's matching instances, in Resource Controller's order.
type ResourceSection struct {
	Service   string
	Instances []Instance
}

// ResourceList reads the user's instances and, alongside, the account's resource groups, and keeps the instances whose
// names contain query, ignoring case; a failure to list the instances is the error.
func (s *Service) ResourceList(ctx context.Context, tok ibmcloud.Token, accountID, query string) (ResourceList, error) {
	var (
		out    ResourceList
		groups []ResourceGroup
		read   sync.WaitGroup
	)
	read.Go(func() { groups, out.GroupsErr = s.ListResourceGroups(ctx, tok, accountID) })
	instances, err := s.ListInstances(ctx, tok)
	read.Wait()
	if err != nil {
		return ResourceList{}, err
	}
	out.GroupNames = map[string]string{}
	for _, g := range groups {
		out.GroupNames[g.ID] = g.Name
	}
	query = strings.ToLower(query)
	for _, service := range listedServices {
		section := ResourceSection{Service: service}
		for _, inst := range instances {
			if inst.Service == service && strings.Contains(strings.ToLower(inst.Name), query) {
				section.Instances = append(section.Instances, inst)
			}
		}
		if len(section.Instances) > 0 {
			out.Sections = append(out.Sections, section)
		}
	}
	return out, nil
}
