package iam

import (
	"context"
	"sync"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// ResourceReader reads the account's instances of services and its resource groups.
type ResourceReader interface {
	ListInstancesUnnamed(ctx context.Context, tok ibmcloud.Token, services ...string) ([]resources.Instance, error)
	ListResourceGroups(ctx context.Context, tok ibmcloud.Token, accountID string) ([]resources.ResourceGroup, error)
	InstanceNames(ctx context.Context, tok ibmcloud.Token) (map[string]string, error)
}

// Wizard loads what the Create authorization wizard offers for a request, and what the Authorizations page shows.
type Wizard struct {
	iam       *Service
	resources ResourceReader
}

// NewWizard returns a Wizard reading the catalog, roles and authorizations through svc and instances through res.
func NewWizard(svc *Service, res ResourceReader) *Wizard {
	return &Wizard{iam: svc, resources: res}
}

// WizardOffer is what the wizard offers for a request, with the account's existing authorizations (to find the same
// one) and the first failure to load any of it.
type WizardOffer struct {
	AuthorizationOffer
	Existing []Authorization
	Err      error
}

// Offer loads, in parallel, only what the request's choices need: the catalog and the resource groups always; the
// source service's instances when the source is scoped by attributes in this account; the target service's instances
// when the target is one instance; the roles and existing authorizations once both services are chosen.
func (w *Wizard) Offer(ctx context.Context, tok ibmcloud.Token, accountID string, r AuthorizationRequest) WizardOffer {
	var (
		o    WizardOffer
		wg   sync.WaitGroup
		errs [6]error
	)
	wg.Go(func() { o.Services, errs[0] = w.iam.ListServices(ctx, tok) })
	wg.Go(func() { o.Groups, errs[1] = w.resources.ListResourceGroups(ctx, tok, accountID) })
	if r.SourceAccount == "this" && r.SourceScope == "attributes" && r.SourceService != "" {
		wg.Go(func() { o.SourceInstances, errs[2] = w.resources.ListInstancesUnnamed(ctx, tok, r.SourceService) })
	}
	if r.TargetScope == "instance" && r.TargetService != "" {
		wg.Go(func() { o.TargetInstances, errs[3] = w.resources.ListInstancesUnnamed(ctx, tok, r.TargetService) })
	}
	if r.SourceService != "" && r.TargetService != "" {
		wg.Go(func() { o.Roles, errs[4] = w.iam.ListAuthorizationRoles(ctx, tok, r.TargetService, r.SourceService) })
		wg.Go(func() { o.Existing, errs[5] = w.iam.ListAuthorizations(ctx, tok, accountID) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			o.Err = err
			break
		}
	}
	o.Incomplete = o.Err != nil
	return o
}
