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
	// Region and Key describe an actual resource in an access decision (FindGranting, Grants): its region, and one key
	// of a key management instance by ID. Authorizations are created and read by the four fields above only.
	Region string
	Key    string
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
	// SubjectAttributes and ResourceAttributes are every attribute of the policy with its operator, as IAM returned
	// them (resourceType, resource, keyRing and region included); nil for an authorization not read from IAM.
	SubjectAttributes  []Attribute
	ResourceAttributes []Attribute
}

// Attribute is one subject or resource attribute of a policy: a name, a value and an operator (stringEquals when empty,
// stringMatch or stringExists).
type Attribute struct {
	Name     string
	Value    string
	Operator string
}

// Subject attribute and resource attribute names of authorization policies.
const (
	attrAccountID       = "accountId"
	attrServiceName     = "serviceName"
	attrServiceInstance = "serviceInstance"
	attrResourceGroupID = "resourceGroupId"
	attrRegion          = "region"
	attrResourceType    = "resourceType"
	attrResource        = "resource"
	attrKeyRing         = "keyRing"
)

// Service reads and changes authorization policies through IAM Policy Management.
type Service struct {
	connector *ibmcloud.Connector
	// services is the catalog's service list, read once for every user.
	services serviceList
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
	subject, resource := asAttributes(attributesOf(a))
	return s.CreatePolicy(ctx, tok, subject, resource, a.Roles, a.Description)
}

// CreatePolicy creates an authorization policy with exactly the given subject and resource attributes (a resource
// attribute without an operator is sent without one, for IAM to apply its default), roles and description, as a
// policy file of the CLI describes it.
func (s *Service) CreatePolicy(ctx context.Context, tok ibmcloud.Token, subjectAttrs, resourceAttrs []Attribute, roleList []Role, description string) (Authorization, error) {
	client, err := s.connector.IAMPolicy(tok)
	if err != nil {
		return Authorization{}, err
	}
	subject := make([]iampolicymanagementv1.SubjectAttribute, 0, len(subjectAttrs))
	for _, attr := range subjectAttrs {
		subject = append(subject, iampolicymanagementv1.SubjectAttribute{Name: new(attr.Name), Value: new(attr.Value)})
	}
	resource := make([]iampolicymanagementv1.ResourceAttribute, 0, len(resourceAttrs))
	for _, attr := range resourceAttrs {
		ra := iampolicymanagementv1.ResourceAttribute{Name: new(attr.Name), Value: new(attr.Value)}
		if attr.Operator != "" {
			ra.Operator = new(attr.Operator)
		}
		resource = append(resource, ra)
	}
	roles := make([]iampolicymanagementv1.PolicyRole, 0, len(roleList))
	for _, r := range roleList {
		roles = append(roles, iampolicymanagementv1.PolicyRole{RoleID: new(r.CRN)})
	}
	opts := &iampolicymanagementv1.CreatePolicyOptions{
		Type:      new("authorization"),
		Subjects:  []iampolicymanagementv1.PolicySubject{{Attributes: subject}},
		Roles:     roles,
		Resources: []iampolicymanagementv1.PolicyResource{{Attributes: resource}},
	}
	if description != "" {
		opts.Description = &description
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
// Source and target name exact instances and groups (and, for the target, its region and one key when given); see Grants.
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

// Grants reports whether the authorization lets source use target with one of the acceptable roles. Every attribute
// of the policy must hold for the actual source or target, with its operator: stringEquals, stringMatch (wildcards
// "*" and "?") or stringExists ("true": the attribute has a value; Terraform writes "*" so). A policy scoped to one
// key (resourceType "key", resource the key ID) grants that key only, never the whole instance; a keyRing condition
// is never met, since the console does not know a key's ring. An unknown operator grants nothing.
func (a Authorization) Grants(source, target Party, acceptableRoleCRNs []string) bool {
	subject, resource := a.SubjectAttributes, a.ResourceAttributes
	if subject == nil && resource == nil {
		subject, resource = asAttributes(attributesOf(a))
	}
	if !attributesHold(subject, source.actual(false)) || !attributesHold(resource, target.actual(true)) {
		return false
	}
	return slices.ContainsFunc(a.Roles, func(r Role) bool { return slices.Contains(acceptableRoleCRNs, r.CRN) })
}

// asAttributes converts the attributes a policy is created with.
func asAttributes(subject, resource []policyAttribute) ([]Attribute, []Attribute) {
	conv := func(list []policyAttribute) []Attribute {
		out := make([]Attribute, 0, len(list))
		for _, at := range list {
			out = append(out, Attribute(at))
		}
		return out
	}
	return conv(subject), conv(resource)
}

// actual returns the attribute values of a party that policies are matched against; a resource party that names a key
// is that key (resourceType "key", resource its ID).
func (p Party) actual(asResource bool) map[string]string {
	out := map[string]string{attrAccountID: p.AccountID, attrServiceName: p.Service, attrServiceInstance: p.InstanceGUID,
		attrResourceGroupID: p.ResourceGroupID, attrRegion: p.Region}
	if asResource && p.Key != "" {
		out[attrResourceType], out[attrResource] = "key", p.Key
	}
	return out
}

// attributesHold reports whether every attribute holds for the actual values.
func attributesHold(attrs []Attribute, actual map[string]string) bool {
	return !slices.ContainsFunc(attrs, func(at Attribute) bool { return !at.holds(actual[at.Name]) })
}

// holds applies the attribute's operator to an actual value ("" when the resource has no such attribute).
func (at Attribute) holds(actual string) bool {
	switch at.Operator {
	case "", "stringEquals":
		return actual != "" && at.Value == actual
	case "stringMatch":
		return actual != "" && wildcardMatch(at.Value, actual)
	case "stringExists":
		return (actual != "") == (at.Value == "true")
	}
	return false
}

// wildcardMatch reports whether s matches pattern, where "*" stands for any run of characters (none included) and "?"
// for exactly one; every other character stands for itself.
func wildcardMatch(pattern, s string) bool {
	p, r := []rune(pattern), []rune(s)
	pi, ri, star, mark := 0, 0, -1, 0
	for ri < len(r) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ri
			pi++
		case pi < len(p) && (p[pi] == '?' || p[pi] == r[ri]):
			pi, ri = pi+1, ri+1
		case star >= 0:
			mark++
			pi, ri = star+1, mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
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
	a.SubjectAttributes, a.ResourceAttributes = []Attribute{}, []Attribute{}
	for _, s := range subjects {
		for _, attr := range s.Attributes {
			setParty(&a.Source, core.StringNilMapper(attr.Name), core.StringNilMapper(attr.Value))
			a.SubjectAttributes = append(a.SubjectAttributes, Attribute{Name: core.StringNilMapper(attr.Name), Value: core.StringNilMapper(attr.Value)})
		}
	}
	for _, r := range resources {
		for _, attr := range r.Attributes {
			// A wildcard or stringExists names no one instance or group: it is kept in ResourceAttributes only.
			if op := core.StringNilMapper(attr.Operator); op == "" || op == "stringEquals" {
				setParty(&a.Target, core.StringNilMapper(attr.Name), core.StringNilMapper(attr.Value))
			}
			a.ResourceAttributes = append(a.ResourceAttributes, Attribute{Name: core.StringNilMapper(attr.Name),
				Value: core.StringNilMapper(attr.Value), Operator: core.StringNilMapper(attr.Operator)})
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
