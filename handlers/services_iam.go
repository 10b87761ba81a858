package handlers

import (
	"context"

	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
)

// AuthorizationManager reads, creates and removes IAM service-to-service authorizations.
type AuthorizationManager interface {
	GetAuthorization(ctx context.Context, tok ibmcloud.Token, id string) (iam.Authorization, error)
	CreateAuthorization(ctx context.Context, tok ibmcloud.Token, a iam.Authorization) (iam.Authorization, error)
	DeleteAuthorization(ctx context.Context, tok ibmcloud.Token, id string) error
}
