package kms

import (
	"context"
	"slices"
	"strings"
	"sync"
	"unicode"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// RootKeyNameError checks a root key name as the key management service does: 2 to 90 letters, digits, "-" or "_"; it
// returns what to correct, or "".
func RootKeyNameError(name string) string {
	if len(name) < 2 || len(name) > 90 {
		return "Use 2 to 90 characters."
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return "Use letters, digits, hyphens and underscores only."
		}
	}
	return ""
}

// ProvisioningChoices are what the panel's provisioning form offers for a key management service: its regions, its
// catalog plans and the account's resource groups. A failed read is kept beside what it was reading; the other is
// still offered.
type ProvisioningChoices struct {
	Regions   []string
	Plans     []Plan
	PlansErr  error
	Groups    []resources.ResourceGroup
	GroupsErr error
}

// ProvisioningChoices reads the service's catalog plans and the account's resource groups in parallel.
func (p *Panels) ProvisioningChoices(ctx context.Context, tok ibmcloud.Token, accountID, service string) ProvisioningChoices {
	out := ProvisioningChoices{Regions: Regions(service)}
	var wg sync.WaitGroup
	wg.Go(func() { out.Plans, out.PlansErr = p.keys.Plans(ctx, tok, service) })
	out.Groups, out.GroupsErr = p.groups.ListResourceGroups(ctx, tok, accountID)
	wg.Wait()
	return out
}

// InstanceRequest is a new key management instance as the panel's provisioning form asks for it.
type InstanceRequest struct {
	Service string
	Name    string
	Region  string
	Plan    string
	Group   string
}

// Check returns what is wrong with the request, given the service's plans and the account's resource groups as read
// (choicesUnread says they could not be): the name's problem, and the first problem with the other choices ("" for none).
func (r InstanceRequest) Check(plans []Plan, groups []resources.ResourceGroup, choicesUnread bool) (nameProblem, problem string) {
	nameProblem = resources.InstanceNameError(r.Name)
	switch {
	case r.Service == resources.ServiceHPCS:
		problem = asSentence(ErrHPCSInstancesClosed)
	case choicesUnread:
		problem = "The plans or resource groups could not be read, so nothing was created. Try again in a moment."
	case !slices.Contains(Regions(r.Service), r.Region):
		problem = "Choose one of the listed regions."
	case !slices.ContainsFunc(plans, func(p Plan) bool { return p.ID == r.Plan }):
		problem = "Choose one of the listed plans."
	case !slices.ContainsFunc(groups, func(g resources.ResourceGroup) bool { return g.ID == r.Group }):
		problem = "Choose one of the listed resource groups."
	}
	return nameProblem, problem
}

// asSentence is err's message as a sentence: capitalized, with a full stop.
func asSentence(err error) string {
	msg := []rune(strings.TrimRight(err.Error(), ".;:, "))
	if len(msg) > 0 {
		msg[0] = unicode.ToUpper(msg[0])
	}
	return string(msg) + "."
}
