package iam

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// Names are the names an account has for what authorizations refer to by ID: catalog services, resource groups and
// instances. What has no name stays an ID.
type Names struct {
	Services  []CatalogService
	Groups    map[string]string
	Instances map[string]string
	// AccountID is the signed-in account: a source in it is "This account".
	AccountID string
}

// NewNames returns the names of the catalog services, groups and instances given, for the account accountID.
func NewNames(accountID string, services []CatalogService, groups []resources.ResourceGroup, instances ...[]resources.Instance) Names {
	n := Names{Services: services, Groups: map[string]string{}, Instances: map[string]string{}, AccountID: accountID}
	for _, g := range groups {
		n.Groups[g.ID] = g.Name
	}
	for _, list := range instances {
		for _, i := range list {
			n.Instances[i.GUID] = i.Name
		}
	}
	return n
}

// Names looks up, in parallel, the catalog services, resource groups and instances that list refers to. What cannot
// be loaded stays an ID; the first failure is returned with the names that were found.
func (w *Wizard) Names(ctx context.Context, tok ibmcloud.Token, accountID string, list []Authorization) (Names, error) {
	var (
		wg                            sync.WaitGroup
		catalog                       []CatalogService
		groups                        []resources.ResourceGroup
		instances                     []resources.Instance
		catalogErr, groupErr, instErr error
		services                      []string
	)
	for _, a := range list {
		for _, p := range []Party{a.Source, a.Target} {
			if p.InstanceGUID != "" && p.Service != "" && p.AccountID == accountID && !slices.Contains(services, p.Service) {
				services = append(services, p.Service)
			}
		}
	}
	wg.Go(func() { catalog, catalogErr = w.iam.ListServices(ctx, tok) })
	wg.Go(func() { groups, groupErr = w.resources.ListResourceGroups(ctx, tok, accountID) })
	if len(services) > 0 {
		wg.Go(func() { instances, instErr = w.resources.ListInstancesUnnamed(ctx, tok, services...) })
	}
	wg.Wait()
	names := NewNames(accountID, catalog, groups, instances)
	for _, err := range []error{catalogErr, groupErr, instErr} {
		if err != nil {
			return names, err
		}
	}
	return names, nil
}

// AccountNames looks up, in parallel, the catalog services, the resource groups and the names of every instance of
// the account, so that a list of authorizations can be named while it is read. What cannot be loaded stays an ID;
// the first failure is returned with the names that were found.
func (w *Wizard) AccountNames(ctx context.Context, tok ibmcloud.Token, accountID string) (Names, error) {
	var (
		wg                            sync.WaitGroup
		catalog                       []CatalogService
		groups                        []resources.ResourceGroup
		instances                     map[string]string
		catalogErr, groupErr, instErr error
	)
	wg.Go(func() { catalog, catalogErr = w.iam.ListServices(ctx, tok) })
	wg.Go(func() { groups, groupErr = w.resources.ListResourceGroups(ctx, tok, accountID) })
	wg.Go(func() { instances, instErr = w.resources.InstanceNames(ctx, tok) })
	wg.Wait()
	names := NewNames(accountID, catalog, groups)
	maps.Copy(names.Instances, instances)
	for _, err := range []error{catalogErr, groupErr, instErr} {
		if err != nil {
			return names, err
		}
	}
	return names, nil
}

// Service returns the display name of a catalog service.
func (n Names) Service(name string) string {
	return ServiceName(n.Services, name)
}

// ChosenService is the display name of a chosen service, or "" when none is chosen.
func (n Names) ChosenService(name string) string {
	if name == "" {
		return ""
	}
	return n.Service(name)
}

// Group returns the name of a resource group, or its ID.
func (n Names) Group(id string) string {
	if name, ok := n.Groups[id]; ok {
		return name
	}
	return id
}

// Instance returns the name of an instance, or its GUID.
func (n Names) Instance(guid string) string {
	if name, ok := n.Instances[guid]; ok {
		return name
	}
	return guid
}

// InstanceLabel names an instance in a dropdown with its region and resource group.
func (n Names) InstanceLabel(i resources.Instance) string {
	var details []string
	if i.Region != "" {
		details = append(details, i.Region)
	}
	if i.ResourceGroupID != "" {
		details = append(details, n.Group(i.ResourceGroupID))
	}
	if len(details) == 0 {
		return i.Name
	}
	return i.Name + " (" + strings.Join(details, ", ") + ")"
}

// Scope says which resources of a party an authorization covers, by name where the account has one, followed by the
// conditions that narrow it further (a target's key, wildcard, region...).
func (n Names) Scope(p Party, target bool, conditions ...string) string {
	var parts []string
	if p.ResourceGroupID != "" {
		parts = append(parts, "Resource group "+n.Group(p.ResourceGroupID))
	}
	if p.InstanceGUID != "" {
		parts = append(parts, "Instance "+n.Instance(p.InstanceGUID))
	}
	parts = append(parts, conditions...)
	if len(parts) == 0 {
		if target {
			return "All instances"
		}
		return "All resources"
	}
	return strings.Join(parts, ", ")
}

// TargetScope is Scope of the authorization's target, with its conditions.
func (n Names) TargetScope(a Authorization) string {
	return n.Scope(a.Target, true, a.TargetConditions()...)
}

// Labels are the names an authorization is known by, for the search.
func (n Names) Labels(a Authorization) []string {
	return []string{n.Service(a.Source.Service), n.Service(a.Target.Service), n.Scope(a.Source, false), n.TargetScope(a)}
}

// FilterServices are the services that appear in list, sorted by display name.
func (n Names) FilterServices(list []Authorization) []string {
	var out []string
	for _, a := range list {
		for _, svc := range []string{a.Source.Service, a.Target.Service} {
			if svc != "" && !slices.Contains(out, svc) {
				out = append(out, svc)
			}
		}
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(n.Service(a), n.Service(b)) })
	return out
}

// SourceAccount is "This account" or the other account's ID.
func (n Names) SourceAccount(a Authorization) string {
	if a.Source.AccountID == "" || a.Source.AccountID == n.AccountID {
		return "This account"
	}
	return a.Source.AccountID
}

// Summary says in words what an authorization grants, e.g. "App Configuration (instance app-config-eu) has Reader
// access to Key Protect (instance key-protect-eu-de)."
func (n Names) Summary(a Authorization) string {
	roles := make([]string, 0, len(a.Roles))
	for _, r := range a.Roles {
		roles = append(roles, RoleName(r))
	}
	source := n.Service(a.Source.Service) + " (" + inSentence(n.Scope(a.Source, false))
	if acct := n.SourceAccount(a); acct != "This account" {
		source += " in account " + acct
	}
	source += ")"
	target := n.Service(a.Target.Service) + " (" + inSentence(n.TargetScope(a)) + ")"
	return source + " has " + joinWords(roles) + " access to " + target + "."
}

// RemovalConsequence says who loses which access when the authorization is removed.
func (n Names) RemovalConsequence(a Authorization) string {
	return n.Service(a.Source.Service) + " (" + inSentence(n.Scope(a.Source, false)) + ") will lose this access to " +
		n.Service(a.Target.Service) + " (" + inSentence(n.Scope(a.Target, true)) + ") as soon as the authorization is removed."
}

// RemovalWarning warns that removing an authorization of App Configuration on a key management service cuts connected
// instances off their data, or is "" for any other authorization.
func (n Names) RemovalWarning(a Authorization) string {
	if a.Source.Service != resources.ServiceAppConfig || (a.Target.Service != resources.ServiceKeyProtect && a.Target.Service != resources.ServiceHPCS) {
		return ""
	}
	return "App Configuration instances that encrypt their data with a root key of " + n.Service(a.Target.Service) +
		" through this authorization can no longer read or write that data. Keep the authorization while an instance is connected to the key management service."
}

// joinWords joins words as English does: "A", "A and B", "A, B and C".
func joinWords(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// inSentence lower-cases the first letter of s, to use a label inside a sentence.
func inSentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
