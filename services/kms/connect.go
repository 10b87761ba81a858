package kms

import (
	"context"
	"fmt"
	"sync"
	"time"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// undoTimeout bounds the removal of an authorization after a failed connection.
const undoTimeout = 5 * time.Second

// RoleReaderCRN is the IAM service role App Configuration needs on a key management instance.
const RoleReaderCRN = "crn:v1:bluemix:public:iam::::serviceRole:Reader"

// grantingRoles are the roles that include the Reader role's access to keys.
var grantingRoles = []string{
	RoleReaderCRN,
	"crn:v1:bluemix:public:iam::::serviceRole:Writer",
	"crn:v1:bluemix:public:iam::::serviceRole:Manager",
	"crn:v1:bluemix:public:kms::::serviceRole:ReaderPlus",
	"crn:v1:bluemix:public:hs-crypto::::serviceRole:ReaderPlus",
}

// IntegrationAPI reads and changes App Configuration integrations.
type IntegrationAPI interface {
	ListIntegrations(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance) ([]appconfig.Integration, error)
	CreateKMSIntegration(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance, in appconfig.KMSInput) (appconfig.Integration, error)
	DeleteIntegration(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance, id string) error
}

// AuthorizationAPI finds, creates and deletes IAM service-to-service authorizations.
type AuthorizationAPI interface {
	FindGranting(ctx context.Context, tok ibmcloud.Token, source, target iam.Party, acceptableRoleCRNs []string) (*iam.Authorization, error)
	CreateAuthorization(ctx context.Context, tok ibmcloud.Token, a iam.Authorization) (iam.Authorization, error)
	DeleteAuthorization(ctx context.Context, tok ibmcloud.Token, id string) error
}

// Problem says why a connection was refused or failed.
type Problem int

// Problems of a connection attempt.
const (
	// ProblemUpstream is a failed upstream call; the error's Err is an *ibmcloud.Error.
	ProblemUpstream Problem = iota
	// ProblemNotEnterprise: only Enterprise instances may use customer-managed keys.
	ProblemNotEnterprise
	// ProblemAlreadyConnected: the instance already uses another key management integration.
	ProblemAlreadyConnected
	// ProblemNotAuthorized: App Configuration may not read the key management instance, and the user did not ask to authorize it.
	ProblemNotAuthorized
	// ProblemKeyNotUsable: the root key is not an active root key.
	ProblemKeyNotUsable
)

// ConnectError explains a refused or failed connection and what it left behind.
type ConnectError struct {
	Problem Problem
	// Step is what was being done when an upstream call failed, e.g. "creating the integration".
	Step string
	Err  error
	// Key is the root key, for ProblemKeyNotUsable.
	Key Key
	// Existing is the integration already in place, for ProblemAlreadyConnected.
	Existing appconfig.Integration
	// AuthorizationCreated says this attempt created the service authorization; AuthorizationKept that it is still in place.
	AuthorizationCreated bool
	AuthorizationKept    bool
}

// Error describes the problem.
func (e *ConnectError) Error() string {
	switch e.Problem {
	case ProblemNotEnterprise:
		return "customer-managed keys need the Enterprise plan"
	case ProblemAlreadyConnected:
		return "the instance is already connected to key management integration " + e.Existing.ID
	case ProblemNotAuthorized:
		return "App Configuration is not authorized to read the key management instance"
	case ProblemKeyNotUsable:
		return fmt.Sprintf("root key %s is %s", e.Key.Name, e.Key.State)
	}
	return e.Step + ": " + e.Err.Error()
}

// Unwrap returns the upstream error.
func (e *ConnectError) Unwrap() error { return e.Err }

// ConnectRequest is what connecting an App Configuration instance to a root key needs.
type ConnectRequest struct {
	AccountID string
	AppConfig resources.Instance
	KMS       resources.Instance
	KeyID     string
	// Authorize lets Connect create the missing service authorization (source this App Configuration instance, target the
	// key management instance, role Reader) first.
	Authorize bool
}

// Connection is the outcome of a successful Connect.
type Connection struct {
	Integration appconfig.Integration
	// AuthorizationCreated says Connect created the service authorization.
	AuthorizationCreated bool
	// AlreadyDone says the same integration already existed (a repeated submit) and nothing was created.
	AlreadyDone bool
}

// Linker connects App Configuration instances to root keys and disconnects them, one change per instance at a time.
type Linker struct {
	directory    *Directory
	integrations IntegrationAPI
	authz        AuthorizationAPI

	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// NewLinker returns a Linker reading keys through directory.
func NewLinker(directory *Directory, integrations IntegrationAPI, authz AuthorizationAPI) *Linker {
	return &Linker{directory: directory, integrations: integrations, authz: authz, locks: map[string]*sync.Mutex{}}
}

// AppConfigOf returns the integrations API address of an App Configuration instance.
func AppConfigOf(inst resources.Instance) appconfig.Instance {
	return appconfig.Instance{GUID: inst.GUID, Region: inst.Region}
}

// Parties returns the source (the App Configuration instance) and target (the key management instance) of the service
// authorization an integration needs.
func Parties(accountID string, ac, target resources.Instance) (source, dest iam.Party) {
	return iam.Party{AccountID: accountID, Service: resources.ServiceAppConfig, InstanceGUID: ac.GUID, ResourceGroupID: ac.ResourceGroupID},
		iam.Party{AccountID: accountID, Service: target.Service, InstanceGUID: target.GUID, ResourceGroupID: target.ResourceGroupID}
}

// Authorization returns the authorization that lets the App Configuration instance read the key management instance
// (its root key keyID, when given: a policy scoped to another key does not count), or nil.
func (l *Linker) Authorization(ctx context.Context, tok ibmcloud.Token, accountID string, ac, target resources.Instance, keyID string) (*iam.Authorization, error) {
	source, dest := Parties(accountID, ac, target)
	source.Region, dest.Region, dest.Key = ac.Region, target.Region, keyID
	return l.authz.FindGranting(ctx, tok, source, dest, grantingRoles)
}

// lock serialises changes to one App Configuration instance's integrations, so a double submit connects once.
func (l *Linker) lock(guid string) func() {
	l.mu.Lock()
	m, ok := l.locks[guid]
	if !ok {
		m = &sync.Mutex{}
		l.locks[guid] = m
	}
	l.mu.Unlock()
	m.Lock()
	return m.Unlock
}

// Connect makes the KMS integration: it checks the plan, any existing integration, the root key and the authorization
// in parallel, creates the authorization when asked to, then the integration. If the integration fails, an authorization
// created here is removed again.
func (l *Linker) Connect(ctx context.Context, userID string, tok ibmcloud.Token, req ConnectRequest) (Connection, error) {
	if !req.AppConfig.IsEnterprise() {
		return Connection{}, &ConnectError{Problem: ProblemNotEnterprise}
	}
	defer l.lock(req.AppConfig.GUID)()
	target := At(req.KMS)
	var (
		wg                        sync.WaitGroup
		existing                  []appconfig.Integration
		grant                     *iam.Authorization
		key                       Key
		listErr, grantErr, keyErr error
	)
	wg.Go(func() { existing, listErr = l.integrations.ListIntegrations(ctx, tok, AppConfigOf(req.AppConfig)) })
	wg.Go(func() { grant, grantErr = l.Authorization(ctx, tok, req.AccountID, req.AppConfig, req.KMS, req.KeyID) })
	wg.Go(func() { key, keyErr = l.directory.Key(ctx, tok, target, req.KeyID) })
	wg.Wait()
	if listErr != nil {
		return Connection{}, &ConnectError{Step: "reading the instance's integrations", Err: listErr}
	}
	for _, in := range existing {
		if in.Type != appconfig.TypeKMS {
			continue
		}
		if in.KMSInstanceCRN == req.KMS.CRN && in.RootKeyID == req.KeyID {
			return Connection{Integration: in, AlreadyDone: true}, nil
		}
		return Connection{}, &ConnectError{Problem: ProblemAlreadyConnected, Existing: in}
	}
	if keyErr != nil {
		return Connection{}, &ConnectError{Step: "reading the root key", Err: keyErr}
	}
	if !key.Usable() {
		l.directory.ForgetKeys(userID, req.KMS.GUID)
		return Connection{}, &ConnectError{Problem: ProblemKeyNotUsable, Key: key}
	}
	if grantErr != nil {
		return Connection{}, &ConnectError{Step: "checking the service authorization", Err: grantErr}
	}
	var created *iam.Authorization
	if grant == nil {
		if !req.Authorize {
			return Connection{}, &ConnectError{Problem: ProblemNotAuthorized}
		}
		source, dest := Parties(req.AccountID, req.AppConfig, req.KMS)
		// The authorization names the instances only, not resource groups, as the console's wizard would.
		source.ResourceGroupID, dest.ResourceGroupID = "", ""
		a, err := l.authz.CreateAuthorization(ctx, tok, iam.Authorization{Source: source, Target: dest,
			Roles:       []iam.Role{{CRN: RoleReaderCRN}},
			Description: "App Configuration " + req.AppConfig.Name + " reads root keys of " + req.KMS.Name})
		if err != nil {
			return Connection{}, &ConnectError{Step: "creating the service authorization", Err: err}
		}
		created = &a
	}
	in, err := l.integrations.CreateKMSIntegration(ctx, tok, AppConfigOf(req.AppConfig), appconfig.KMSInput{
		InstanceCRN: req.KMS.CRN, Endpoint: target.Endpoint, RootKeyID: req.KeyID,
	})
	if err != nil {
		ce := &ConnectError{Step: "creating the integration", Err: err}
		if created != nil {
			ce.AuthorizationCreated = true
			// Undo with a fresh deadline: the request's own may be what just ran out.
			undoCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), undoTimeout)
			defer cancel()
			ce.AuthorizationKept = l.authz.DeleteAuthorization(undoCtx, tok, created.ID) != nil
		}
		return Connection{}, ce
	}
	return Connection{Integration: in, AuthorizationCreated: created != nil}, nil
}

// Disconnect removes a KMS integration of the App Configuration instance.
func (l *Linker) Disconnect(ctx context.Context, tok ibmcloud.Token, ac resources.Instance, integrationID string) error {
	defer l.lock(ac.GUID)()
	return l.integrations.DeleteIntegration(ctx, tok, AppConfigOf(ac), integrationID)
}
