// Package iam reads and changes IAM service-to-service authorizations and the roles they grant.
package iam

import (
	"context"
	"slices"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"
	"github.com/IBM/platform-services-go-sdk/iampolicymanagementv1"
	"github.com/go-openapi/strfmt"

	"appconfig-console/services/ibmcloud"
)

// Role is an IAM role an authorization can grant.
type Role struct {
	CRN         string
	DisplayName string
	Description string
}

// Party is one side of an authorization: an account's service, narrowed to one instance or one resource group, or neither for all.
type Party struct {
	AccountID       string
	Service         string
	InstanceGUID    string
	ResourceGroupID string
}

// Authorization is a service-to-service authorization policy: the source may use the target with the roles.
type Authorization struct {
	ID          string
	Source      Party
	Target      Party
	Roles       []Role
	Description string
	CreatedByID string
	CreatedAt   time.Time
}

// Subject attribute and resource attribute names of authorization policies.
const (
	attrAccountID       = "accountId"
	attrServiceName     = "serviceName"
	attrServiceInstance = "serviceInstance"
	attrResourceGroupID = "resourceGroupId"
)

// Service reads and changes authorization policies through IAM Policy Management.
type Service struct {
	connector *ibmcloud.Connector
}

// NewService returns a Service using connector's clients.
func NewService(connector *ibmcloud.Connector) *Service {
	return &Service{connector: connector}
}

// ListAuthorizations returns every authorization policy of the account, following the pager to the end.
func (s *Service) ListAuthorizations(ctx context.Context, tok ibmcloud.Token, accountID string) ([]Authorization, error) {
	client, err := s.connector.IAMPolicy(tok)
	if err != nil {
		return nil, err
	}
	pager, err := client.NewPoliciesPager(&iampolicymanagementv1.ListPoliciesOptions{
		AccountID: &accountID, Type: new("authorization"), Limit: new(int64(100)), Format: new("include_last_permit"),
	})
	if err != nil {
		return nil, err
	}
	var out []Authorization
	for pager.HasNext() {
		page, err := pager.GetNextWithContext(ctx)
		if err != nil {
			return nil, ibmcloud.Classify("IAM", err)
		}
		for _, p := range page {
			out = append(out, fromPolicy(p.ID, p.Subjects, p.Resources, p.Roles, p.Description, p.CreatedByID, p.CreatedAt))
		}
	}
	return out, nil
}

// GetAuthorization returns one authorization policy.
func (s *Service) GetAuthorization(ctx context.Context, tok ibmcloud.Token, id string) (Authorization, error) {
	client, err := s.connector.IAMPolicy(tok)
	if err != nil {
		return Authorization{}, err
	}
	p, _, err := client.GetPolicyWithContext(ctx, &iampolicymanagementv1.GetPolicyOptions{PolicyID: &id})
	if err != nil {
		return Authorization{}, ibmcloud.Classify("IAM", err)
	}
	return fromPolicy(p.ID, p.Subjects, p.Resources, p.Roles, p.Description, p.CreatedByID, p.CreatedAt), nil
}

// CreateAuthorization creates an authorization policy with the attributes IBM documents for it.
func (s *Service) CreateAuthorization(ctx context.Context, tok ibmcloud.Token, a Authorization) (Authorization, error) {
	client, err := s.connector.IAMPolicy(tok)
	if err != nil {
		return Authorization{}, err
	}
	subjectAttrs, resourceAttrs := attributesOf(a)
	subject := make([]iampolicymanagementv1.SubjectAttribute, 0, len(subjectAttrs))
	for _, attr := range subjectAttrs {
		subject = append(subject, iampolicymanagementv1.SubjectAttribute{Name: new(attr.Name), Value: new(attr.Value)})
	}
	resource := make([]iampolicymanagementv1.ResourceAttribute, 0, len(resourceAttrs))
	for _, attr := range resourceAttrs {
		resource = append(resource, iampolicymanagementv1.ResourceAttribute{Name: new(attr.Name), Value: new(attr.Value), Operator: new(attr.Operator)})
	}
	roles := make([]iampolicymanagementv1.PolicyRole, 0, len(a.Roles))
	for _, r := range a.Roles {
		roles = append(roles, iampolicymanagementv1.PolicyRole{RoleID: new(r.CRN)})
	}
	opts := &iampolicymanagementv1.CreatePolicyOptions{
		Type:      new("authorization"),
		Subjects:  []iampolicymanagementv1.PolicySubject{{Attributes: subject}},
		Roles:     roles,
		Resources: []iampolicymanagementv1.PolicyResource{{Attributes: resource}},
	}
	if a.Description != "" {
		opts.Description = &a.Description
	}
	p, _, err := client.CreatePolicyWithContext(ctx, opts)
	if err != nil {
		return Authorization{}, ibmcloud.Classify("IAM", err)
	}
	return fromPolicy(p.ID, p.Subjects, p.Resources, p.Roles, p.Description, p.CreatedByID, p.CreatedAt), nil
}

// DeleteAuthorization removes an authorization policy.
func (s *Service) DeleteAuthorization(ctx context.Context, tok ibmcloud.Token, id string) error {
	client, err := s.connector.IAMPolicy(tok)
	if err != nil {
		return err
	}
	if _, err := client.DeletePolicyWithContext(ctx, &iampolicymanagementv1.DeletePolicyOptions{PolicyID: &id}); err != nil {
		return ibmcloud.Classify("IAM", err)
	}
	return nil
}

// FindGranting returns an authorization of the account that lets source use target with one of the acceptable roles, or nil when none does.
// Source and target name exact instances and groups; a policy matches when each of its attributes is absent or equal.
func (s *Service) FindGranting(ctx context.Context, tok ibmcloud.Token, source, target Party, acceptableRoleCRNs []string) (*Authorization, error) {
	all, err := s.ListAuthorizations(ctx, tok, target.AccountID)
	if err != nil {
		return nil, err
	}
	for _, a := range all {
		if a.Grants(source, target, acceptableRoleCRNs) {
			return &a, nil
		}
	}
	return nil, nil
}

// Grants reports whether the authorization lets source use target with one of the acceptable roles.
func (a Authorization) Grants(source, target Party, acceptableRoleCRNs []string) bool {
	covers := func(scope, actual Party) bool {
		return scope.AccountID == actual.AccountID && scope.Service == actual.Service &&
			(scope.InstanceGUID == "" || scope.InstanceGUID == actual.InstanceGUID) &&
			(scope.ResourceGroupID == "" || scope.ResourceGroupID == actual.ResourceGroupID)
	}
	if !covers(a.Source, source) || !covers(a.Target, target) {
		return false
	}
	return slices.ContainsFunc(a.Roles, func(r Role) bool { return slices.Contains(acceptableRoleCRNs, r.CRN) })
}

// Same reports whether two authorizations grant from the same source to the same target, whatever their roles.
func (a Authorization) Same(b Authorization) bool {
	return a.Source == b.Source && a.Target == b.Target
}

func fromPolicy(id *string, subjects []iampolicymanagementv1.PolicySubject, resources []iampolicymanagementv1.PolicyResource,
	roles []iampolicymanagementv1.PolicyRole, description, createdBy *string, createdAt *strfmt.DateTime) Authorization {
	a := Authorization{ID: core.StringNilMapper(id), Description: core.StringNilMapper(description), CreatedByID: core.StringNilMapper(createdBy)}
	if createdAt != nil {
		a.CreatedAt = time.Time(*createdAt)
	}
	for _, s := range subjects {
		for _, attr := range s.Attributes {
			setParty(&a.Source, core.StringNilMapper(attr.Name), core.StringNilMapper(attr.Value))
		}
	}
	for _, r := range resources {
		for _, attr := range r.Attributes {
			setParty(&a.Target, core.StringNilMapper(attr.Name), core.StringNilMapper(attr.Value))
		}
	}
	for _, r := range roles {
		a.Roles = append(a.Roles, Role{CRN: core.StringNilMapper(r.RoleID), DisplayName: core.StringNilMapper(r.DisplayName), Description: core.StringNilMapper(r.Description)})
	}
	return a
}

func setParty(p *Party, name, value string) {
	switch name {
	case attrAccountID:
		p.AccountID = value
	case attrServiceName:
		p.Service = value
	case attrServiceInstance:
		p.InstanceGUID = value
	case attrResourceGroupID:
		p.ResourceGroupID = value
	}
}
