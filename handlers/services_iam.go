package handlers

import (
	"context"

	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
)

// AuthorizationManager reads, creates and removes IAM service-to-service authorizations, and lists what the Create wizard offers.
type AuthorizationManager interface {
	GetAuthorization(ctx context.Context, tok ibmcloud.Token, id string) (iam.Authorization, error)
	CreateAuthorization(ctx context.Context, tok ibmcloud.Token, a iam.Authorization) (iam.Authorization, error)
	DeleteAuthorization(ctx context.Context, tok ibmcloud.Token, id string) error
	ListAuthorizationRoles(ctx context.Context, tok ibmcloud.Token, targetService, sourceService string) ([]iam.Role, error)
	ListServices(ctx context.Context, tok ibmcloud.Token) ([]iam.CatalogService, error)
}
