// Package eventnotifications connects App Configuration instances to Event Notifications: the integration and the service authorization it needs.
package eventnotifications

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/connect"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// Limits of the source details App Configuration registers in Event Notifications.
const (
	SourceNameMax        = 100
	SourceDescriptionMax = 500
	// RoleName is the Event Notifications service role App Configuration needs to send events.
	RoleName = "Event Source Manager"
)

// Refusals of Connect that need no upstream call to explain.
var (
	ErrNotENInstance   = errors.New("the chosen instance is not an Event Notifications instance")
	ErrRoleUnavailable = errors.New("IAM does not offer the Event Source Manager role for App Configuration on Event Notifications")
)

// Integrations is the part of the App Configuration integrations API the service uses.
type Integrations interface {
	ListIntegrations(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance) ([]appconfig.Integration, error)
	GetIntegration(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance, id string) (appconfig.Integration, error)
	CreateENIntegration(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance, in appconfig.ENInput) (appconfig.Integration, error)
	DeleteIntegration(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance, id string) error
}

// Authorizations is the part of IAM the service uses.
type Authorizations interface {
	ListAuthorizationRoles(ctx context.Context, tok ibmcloud.Token, targetService, sourceService string) ([]iam.Role, error)
	FindGranting(ctx context.Context, tok ibmcloud.Token, source, target iam.Party, acceptableRoleCRNs []string) (*iam.Authorization, error)
}

// Instances reads service instances and the account's resource groups.
type Instances interface {
	GetInstance(ctx context.Context, tok ibmcloud.Token, id string) (resources.Instance, error)
	ListInstances(ctx context.Context, tok ibmcloud.Token, services ...string) ([]resources.Instance, error)
	ListResourceGroups(ctx context.Context, tok ibmcloud.Token, accountID string) ([]resources.ResourceGroup, error)
}

// Service connects, refreshes and disconnects Event Notifications integrations.
type Service struct {
	integrations   Integrations
	authorizations Authorizations
	instances      Instances
	connector      *connect.Connector
}

// NewService returns a Service over the integrations API, IAM and the resource controller, connecting through connector.
func NewService(integrations Integrations, authorizations Authorizations, instances Instances, connector *connect.Connector) *Service {
	return &Service{integrations: integrations, authorizations: authorizations, instances: instances, connector: connector}
}

// Connection is an App Configuration instance's Event Notifications integration and the instance it sends events to.
type Connection struct {
	Integration appconfig.Integration
	// Instance is the Event Notifications instance; zero when InstanceGone.
	Instance resources.Instance
	// InstanceGone is true when the integration names an instance that no longer exists.
	InstanceGone bool
}

// Source is what App Configuration registers in Event Notifications: its name there and an optional description.
type Source struct {
	Name        string
	Description string
}

// SourceErrors says what is wrong with a Source, field by field; empty strings mean the field is fine.
type SourceErrors struct {
	Name        string
	Description string
}

// OK reports whether the source had no errors.
func (e SourceErrors) OK() bool { return e.Name == "" && e.Description == "" }

// Error lists the messages.
func (e SourceErrors) Error() string {
	return strings.TrimSpace(strings.Join([]string{e.Name, e.Description}, " "))
}

// Normalize returns the source with surrounding spaces removed.
func (s Source) Normalize() Source {
	return Source{Name: strings.TrimSpace(s.Name), Description: strings.TrimSpace(s.Description)}
}

// Validate checks a normalized source: a name of 1 to SourceNameMax characters, a description of at most
// SourceDescriptionMax characters, and no markup or control characters in either.
func (s Source) Validate() SourceErrors {
	var errs SourceErrors
	switch n := utf8.RuneCountInString(s.Name); {
	case n == 0:
		errs.Name = "Enter a name for App Configuration as an Event Notifications source."
	case n > SourceNameMax:
		errs.Name = fmt.Sprintf("Use at most %d characters (this name has %d).", SourceNameMax, n)
	case !plainText(s.Name, false):
		errs.Name = "Use plain text: the characters < and > and control characters are not allowed."
	}
	switch n := utf8.RuneCountInString(s.Description); {
	case n > SourceDescriptionMax:
		errs.Description = fmt.Sprintf("Use at most %d characters (this description has %d).", SourceDescriptionMax, n)
	case !plainText(s.Description, true):
		errs.Description = "Use plain text: the characters < and > and control characters are not allowed."
	}
	return errs
}

func plainText(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '<' || r == '>' {
			return false
		}
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t')) {
			return false
		}
	}
	return true
}

// Find returns the Event Notifications connection among an instance's integrations, with its instance resolved, or nil
// when there is none; when the instance cannot be read it returns the connection without it, and the error.
func (s *Service) Find(ctx context.Context, tok ibmcloud.Token, list []appconfig.Integration) (*Connection, error) {
	for _, in := range list {
		if in.Type == appconfig.TypeEventNotifications {
			return s.resolve(ctx, tok, in)
		}
	}
	return nil, nil
}

// Refresh re-reads the integration and its Event Notifications instance; it returns nil when the integration is gone.
func (s *Service) Refresh(ctx context.Context, tok ibmcloud.Token, ac resources.Instance, integrationID string) (*Connection, error) {
	in, err := s.integrations.GetIntegration(ctx, tok, appconfig.InstanceOf(ac), integrationID)
	if ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.resolve(ctx, tok, in)
}

// Current lists the instance's integrations and returns its Event Notifications connection, or nil.
func (s *Service) Current(ctx context.Context, tok ibmcloud.Token, ac resources.Instance) (*Connection, error) {
	list, err := s.integrations.ListIntegrations(ctx, tok, appconfig.InstanceOf(ac))
	if err != nil {
		return nil, err
	}
	return s.Find(ctx, tok, list)
}

// resolve reads the integration's Event Notifications instance; when that read fails it returns the connection
// without its instance, and the error.
func (s *Service) resolve(ctx context.Context, tok ibmcloud.Token, in appconfig.Integration) (*Connection, error) {
	conn := &Connection{Integration: in}
	inst, err := s.instances.GetInstance(ctx, tok, in.ENInstanceCRN)
	switch {
	case ibmcloud.IsKind(err, ibmcloud.KindNotFound):
		conn.InstanceGone = true
	case err != nil:
		return conn, err
	default:
		conn.Instance = inst
	}
	return conn, nil
}

// Grant is the service authorization a connection needs: its role, and the authorization that already grants it, if any.
type Grant struct {
	Role     iam.Role
	Existing *iam.Authorization
}

// Grant looks up the Event Source Manager role and any authorization that already lets ac use en with it.
func (s *Service) Grant(ctx context.Context, tok ibmcloud.Token, accountID string, ac, en resources.Instance) (Grant, error) {
	role, err := s.role(ctx, tok)
	if err != nil {
		return Grant{}, err
	}
	source, target := parties(accountID, ac, en)
	existing, err := s.authorizations.FindGranting(ctx, tok, source, target, []string{role.CRN})
	if err != nil {
		return Grant{Role: role}, err
	}
	return Grant{Role: role, Existing: existing}, nil
}

func (s *Service) role(ctx context.Context, tok ibmcloud.Token) (iam.Role, error) {
	roles, err := s.authorizations.ListAuthorizationRoles(ctx, tok, resources.ServiceEventNotifications, resources.ServiceAppConfig)
	if err != nil {
		return iam.Role{}, err
	}
	for _, r := range roles {
		if r.DisplayName == RoleName {
			return r, nil
		}
	}
	return iam.Role{}, ErrRoleUnavailable
}

func parties(accountID string, ac, en resources.Instance) (source, target iam.Party) {
	return iam.Party{AccountID: accountID, Service: resources.ServiceAppConfig, InstanceGUID: ac.GUID},
		iam.Party{AccountID: accountID, Service: resources.ServiceEventNotifications, InstanceGUID: en.GUID}
}

// ConnectInput is what Connect needs: the account, both instances and the source details.
type ConnectInput struct {
	AccountID          string
	AppConfig          resources.Instance
	EventNotifications resources.Instance
	Source             Source
}

// Connect connects through the connect use case, creating the service authorization when none grants the Event Source
// Manager role yet; a refusal or failure is a *connect.Error.
func (s *Service) Connect(ctx context.Context, tok ibmcloud.Token, in ConnectInput) (connect.Result, error) {
	src := in.Source.Normalize()
	if errs := src.Validate(); !errs.OK() {
		return connect.Result{}, connect.Refused(errs)
	}
	if in.EventNotifications.Service != resources.ServiceEventNotifications {
		return connect.Result{}, connect.Refused(ErrNotENInstance)
	}
	in.Source = src
	return s.connector.Connect(ctx, tok, connect.Request{AppConfig: in.AppConfig, Authorize: true, Integration: &enIntegration{service: s, in: in}})
}

// enIntegration is the Event Notifications kind of integration for the connect use case.
type enIntegration struct {
	service *Service
	in      ConnectInput
}

// Type is appconfig.TypeEventNotifications.
func (e *enIntegration) Type() string { return appconfig.TypeEventNotifications }

// Prepare finds the Event Source Manager role and any authorization that already grants it.
func (e *enIntegration) Prepare(ctx context.Context, tok ibmcloud.Token) (connect.Grant, error) {
	grant, err := e.service.Grant(ctx, tok, e.in.AccountID, e.in.AppConfig, e.in.EventNotifications)
	if errors.Is(err, ErrRoleUnavailable) {
		return connect.Grant{}, connect.Refused(err)
	}
	if err != nil {
		return connect.Grant{}, connect.Failed("checking the service authorization", err)
	}
	return connect.Grant{Existing: grant.Existing, New: NewAuthorization(e.in, grant.Role)}, nil
}

// NewAuthorization returns the service authorization Connect creates when none grants the access yet: the App
// Configuration instance may send events to the Event Notifications instance, with role.
func NewAuthorization(in ConnectInput, role iam.Role) iam.Authorization {
	source, target := parties(in.AccountID, in.AppConfig, in.EventNotifications)
	return iam.Authorization{Source: source, Target: target, Roles: []iam.Role{role},
		Description: "Lets App Configuration " + in.AppConfig.Name + " send events to Event Notifications " + in.EventNotifications.Name + "."}
}

// integrationInput is what Connect sends to create the Event Notifications integration.
func integrationInput(in ConnectInput) appconfig.ENInput {
	return appconfig.ENInput{InstanceCRN: in.EventNotifications.CRN, Endpoint: ibmcloud.EventNotificationsEndpoint(in.EventNotifications.Region, in.EventNotifications.Endpoint),
		SourceName: in.Source.Name, SourceDescription: in.Source.Description}
}

// Same reports whether the integration sends to the same Event Notifications instance.
func (e *enIntegration) Same(in appconfig.Integration) bool {
	return in.ENInstanceCRN == e.in.EventNotifications.CRN
}

// Create creates the Event Notifications integration.
func (e *enIntegration) Create(ctx context.Context, tok ibmcloud.Token) (appconfig.Integration, error) {
	return e.service.integrations.CreateENIntegration(ctx, tok, appconfig.InstanceOf(e.in.AppConfig), integrationInput(e.in))
}

// Disconnect removes the integration; the service authorization stays, as in the IBM Cloud console.
func (s *Service) Disconnect(ctx context.Context, tok ibmcloud.Token, ac resources.Instance, integrationID string) error {
	return s.integrations.DeleteIntegration(ctx, tok, appconfig.InstanceOf(ac), integrationID)
}
