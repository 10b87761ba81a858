package consoletest

import (
	"context"
	"testing"

	"github.com/IBM/go-sdk-core/v5/core"
	"github.com/IBM/platform-services-go-sdk/iampolicymanagementv1"

	"appconfig-console/cloudsim"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
)

// Inspector reads and prepares what cloudsim holds through the real SDK clients, as the demo administrator, beside the
// console a test drives.
type Inspector struct {
	t         testing.TB
	c         *Console
	connector *ibmcloud.Connector
	tok       ibmcloud.Token
}

// Inspect signs in to the console's cloudsim as the demo administrator and returns an Inspector.
func (c *Console) Inspect(t testing.TB) *Inspector {
	t.Helper()
	connector := servicetest.Connector(c.Sim)
	return &Inspector{t: t, c: c, connector: connector, tok: servicetest.Token(t, connector, cloudsim.DemoAdminAPIKey)}
}

// Integration returns app-config-enterprise's integration of the given type (appconfig.TypeKMS, ...), or nil.
func (in *Inspector) Integration(integrationType string) *appconfig.Integration {
	in.t.Helper()
	list, err := appconfig.NewService(in.connector).ListIntegrations(context.Background(), in.tok,
		appconfig.Instance{GUID: cloudsim.AppConfigEnterpriseGUID, Region: "us-south"})
	if err != nil {
		in.t.Fatal(err)
	}
	for _, i := range list {
		if i.Type == integrationType {
			return &i
		}
	}
	return nil
}

// Registered reports whether the key keyID of the key management instance instanceGUID has a registration of
// app-config-enterprise.
func (in *Inspector) Registered(instanceGUID, keyID string) bool {
	in.t.Helper()
	regs, err := kms.NewClient(in.connector).ListRegistrations(context.Background(), in.tok, resources.Instance{GUID: instanceGUID, Endpoint: in.c.Sim.URL}, keyID, "")
	if err != nil {
		in.t.Fatal(err)
	}
	for _, r := range regs {
		if r.ResourceCRN == cloudsim.AppConfigEnterpriseCRN {
			return true
		}
	}
	return false
}

// RootKeyRegistrations counts the registrations of app-config-enterprise on app-config-root-key of key-protect-us-south.
func (in *Inspector) RootKeyRegistrations() int {
	in.t.Helper()
	ctx := context.Background()
	kp, err := resources.NewService(in.connector).GetInstance(ctx, in.tok, cloudsim.KeyProtectUSSouthGUID)
	if err != nil {
		in.t.Fatal(err)
	}
	regs, err := kms.NewClient(in.connector).ListRegistrations(ctx, in.tok, kp, cloudsim.AppConfigRootKeyID, cloudsim.AppConfigEnterpriseCRN)
	if err != nil {
		in.t.Fatal(err)
	}
	return len(regs)
}

// ENAuthorized reports whether app-config-enterprise is authorized as Event Source Manager of event-notifications-us-south.
func (in *Inspector) ENAuthorized() bool {
	in.t.Helper()
	granting, err := iam.NewService(in.connector).FindGranting(context.Background(), in.tok,
		iam.Party{AccountID: cloudsim.DemoAccountID, Service: "apprapp", InstanceGUID: cloudsim.AppConfigEnterpriseGUID},
		iam.Party{AccountID: cloudsim.DemoAccountID, Service: "event-notifications", InstanceGUID: cloudsim.EventNotificationsGUID},
		[]string{cloudsim.RoleEventSourceManagerCRN})
	if err != nil {
		in.t.Fatal(err)
	}
	return granting != nil
}

// policies returns an IAM Policy Management client with the administrator's token.
func (in *Inspector) policies() *iampolicymanagementv1.IamPolicyManagementV1 {
	in.t.Helper()
	c, err := iampolicymanagementv1.NewIamPolicyManagementV1(&iampolicymanagementv1.IamPolicyManagementV1Options{
		URL: in.c.Sim.URL, Authenticator: &core.BearerTokenAuthenticator{BearerToken: in.tok.AccessToken},
	})
	if err != nil {
		in.t.Fatal(err)
	}
	return c
}

// AuthorizationIDs lists the IDs of the account's authorization policies.
func (in *Inspector) AuthorizationIDs() []string {
	in.t.Helper()
	c := in.policies()
	opts := c.NewListPoliciesOptions(cloudsim.DemoAccountID)
	opts.SetType("authorization")
	list, _, err := c.ListPolicies(opts)
	if err != nil {
		in.t.Fatal(err)
	}
	var ids []string
	for _, p := range list.Policies {
		ids = append(ids, *p.ID)
	}
	return ids
}

// ConnectKeyProtect authorizes app-config-enterprise to read key-protect-us-south's keys and connects it to
// app-config-root-key, as the Key Management panel does; App Configuration then registers the instance with the key.
func (in *Inspector) ConnectKeyProtect() {
	in.t.Helper()
	policies := in.policies()
	attr := func(name, value string) iampolicymanagementv1.SubjectAttribute {
		return iampolicymanagementv1.SubjectAttribute{Name: core.StringPtr(name), Value: core.StringPtr(value)}
	}
	resAttr := func(name, value string) iampolicymanagementv1.ResourceAttribute {
		return iampolicymanagementv1.ResourceAttribute{Name: core.StringPtr(name), Value: core.StringPtr(value), Operator: core.StringPtr("stringEquals")}
	}
	_, _, err := policies.CreatePolicy(policies.NewCreatePolicyOptions("authorization",
		[]iampolicymanagementv1.PolicySubject{{Attributes: []iampolicymanagementv1.SubjectAttribute{
			attr("accountId", cloudsim.DemoAccountID), attr("serviceName", "apprapp"), attr("serviceInstance", cloudsim.AppConfigEnterpriseGUID),
		}}},
		[]iampolicymanagementv1.PolicyRole{{RoleID: core.StringPtr(cloudsim.RoleReaderCRN)}},
		[]iampolicymanagementv1.PolicyResource{{Attributes: []iampolicymanagementv1.ResourceAttribute{
			resAttr("accountId", cloudsim.DemoAccountID), resAttr("serviceName", "kms"), resAttr("serviceInstance", cloudsim.KeyProtectUSSouthGUID),
		}}}))
	if err != nil {
		in.t.Fatalf("creating the authorization: %v", err)
	}
	_, err = appconfig.NewService(in.connector).CreateKMSIntegration(context.Background(), in.tok,
		appconfig.Instance{GUID: cloudsim.AppConfigEnterpriseGUID, Region: "us-south"},
		appconfig.KMSInput{InstanceCRN: cloudsim.KeyProtectUSSouthCRN, Endpoint: in.c.Sim.URL, RootKeyID: cloudsim.AppConfigRootKeyID})
	if err != nil {
		in.t.Fatalf("connecting app-config-enterprise: %v", err)
	}
	if n := in.RootKeyRegistrations(); n != 1 {
		in.t.Fatalf("after connecting, app-config-root-key has %d registrations of app-config-enterprise, want 1", n)
	}
}
