package iam

import (
	"context"

	"github.com/IBM/go-sdk-core/v5/core"
	"github.com/IBM/platform-services-go-sdk/iampolicymanagementv1"

	"appconfig-console/services/ibmcloud"
)

// ListAuthorizationRoles returns the service roles that source may be granted on target in an authorization, in IAM's order.
func (s *Service) ListAuthorizationRoles(ctx context.Context, tok ibmcloud.Token, targetService, sourceService string) ([]Role, error) {
	client, err := s.connector.IAMPolicy(tok)
	if err != nil {
		return nil, err
	}
	list, _, err := client.ListRolesWithContext(ctx, &iampolicymanagementv1.ListRolesOptions{
		ServiceName: &targetService, SourceServiceName: &sourceService, PolicyType: new("authorization"),
	})
	if err != nil {
		return nil, ibmcloud.Classify("IAM", err)
	}
	out := make([]Role, 0, len(list.ServiceRoles))
	for _, r := range list.ServiceRoles {
		out = append(out, Role{CRN: core.StringNilMapper(r.CRN), DisplayName: core.StringNilMapper(r.DisplayName), Description: core.StringNilMapper(r.Description)})
	}
	return out, nil
}
