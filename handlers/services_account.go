package handlers

import (
	"context"
	"time"

	"appconfig-console/services/auth"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/lifecycle"
	"appconfig-console/services/resources"
)

// Authenticator signs users in with an API key and renews their tokens.
type Authenticator interface {
	SignIn(apiKey string) (auth.Session, error)
	Refresh(refreshToken string) (auth.Session, error)
}

// SignInThrottle slows down repeated failed sign-ins per subject (client address, API key prefix).
type SignInThrottle interface {
	Wait(subjects ...string) time.Duration
	Failed(subjects ...string) time.Duration
	Succeeded(subjects ...string)
}

// ResourceLister reads the account's service instances.
type ResourceLister interface {
	GetInstance(ctx context.Context, tok ibmcloud.Token, id string) (resources.Instance, error)
	ResourceList(ctx context.Context, tok ibmcloud.Token, accountID, query string) (resources.ResourceList, error)
}

// InstanceCache reads a user's instance, remembering it per user for a short time, and creates instances, forgetting
// the lists they change.
type InstanceCache interface {
	InstanceLocated(ctx context.Context, userID string, tok ibmcloud.Token, guid string, located func(resources.Instance)) (resources.Instance, error)
	CreateInstance(ctx context.Context, userID string, tok ibmcloud.Token, service string, in resources.CreateInstanceInput) (resources.Instance, error)
	Forget(userID string)
}

// InstanceLifecycle deletes App Configuration instances, checks their unregistration from key management, and shows the
// registrations of keys and syncs them.
type InstanceLifecycle interface {
	PlanDeletion(ctx context.Context, tok ibmcloud.Token, guid string) (lifecycle.DeletionPlan, error)
	Delete(ctx context.Context, tok ibmcloud.Token, guid, typedName string) (lifecycle.DeletionResult, error)
	CheckDeletion(ctx context.Context, tok ibmcloud.Token, appConfigGUID string, deletedAt time.Time, keys []lifecycle.KeyRef) []lifecycle.UnregistrationCheck
	KeyManagementInstance(ctx context.Context, tok ibmcloud.Token, guid string, f kms.KeyFilter) (resources.Instance, []kms.Key, error)
	Associations(ctx context.Context, tok ibmcloud.Token, accountID, kmsGUID, keyID string) (lifecycle.KeyAssociations, error)
	Sync(ctx context.Context, tok ibmcloud.Token, accountID, kmsGUID, keyID string) (lifecycle.SyncResult, error)
}
