package handlers

import (
	"context"

	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
)

// AuthorizationManager reads, creates and removes IAM service-to-service authorizations, and lists what the Create wizard offers.
type AuthorizationManager interface {
	ListAuthorizations(ctx context.Context, tok ibmcloud.Token, accountID string) ([]iam.Authorization, error)
	GetAuthorization(ctx context.Context, tok ibmcloud.Token, id string) (iam.Authorization, error)
	CreateAuthorization(ctx context.Context, tok ibmcloud.Token, a iam.Authorization) (iam.Authorization, error)
	DeleteAuthorization(ctx context.Context, tok ibmcloud.Token, id string) error
	ListAuthorizationRoles(ctx context.Context, tok ibmcloud.Token, targetService, sourceService string) ([]iam.Role, error)
	ListServices(ctx context.Context, tok ibmcloud.Token) ([]iam.CatalogService, error)
}

// WizardOfferer loads what the Create authorization wizard offers for a request, and the names authorizations refer to.
type WizardOfferer interface {
	Offer(ctx context.Context, tok ibmcloud.Token, accountID string, r iam.AuthorizationRequest) iam.WizardOffer
	Names(ctx context.Context, tok ibmcloud.Token, accountID string, list []iam.Authorization) (iam.Names, error)
	AccountNames(ctx context.Context, tok ibmcloud.Token, accountID string) (iam.Names, error)
}
