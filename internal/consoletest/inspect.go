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

// Connector returns the Inspector's connector to cloudsim, for a call of the services no method here makes.
func (in *Inspector) Connector() *ibmcloud.Connector { return in.connector }

// Token returns the demo administrator's token the Inspector uses.
func (in *Inspector) Token() ibmcloud.Token { return in.tok }

// Integrations returns the integrations of the given type (appconfig.TypeKMS, ...) of an App Configuration instance.
func (in *Inspector) Integrations(guid, region, integrationType string) []appconfig.Integration {
	in.t.Helper()
	list, err := appconfig.NewService(in.connector).ListIntegrations(context.Background(), in.tok, appconfig.Instance{GUID: guid, Region: region})
	if err != nil {
		in.t.Fatal(err)
	}
	var out []appconfig.Integration
	for _, i := range list {
		if i.Type == integrationType {
			out = append(out, i)
		}
	}
	return out
}

// Integration returns app-config-enterprise's integration of the given type (appconfig.TypeKMS, ...), or nil.
func (in *Inspector) Integration(integrationType string) *appconfig.Integration {
	in.t.Helper()
	if list := in.Integrations(cloudsim.AppConfigEnterpriseGUID, "us-south", integrationType); len(list) > 0 {
		return &list[0]
	}
	return nil
}

// InstanceExists reports whether the service instance is still there.
func (in *Inspector) InstanceExists(guid string) bool {
	in.t.Helper()
	_, err := resources.NewService(in.connector).GetInstance(context.Background(), in.tok, guid)
	if err != nil && !ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
		in.t.Fatal(err)
	}
	return err == nil
}

// Registrations returns the registrations of resourceCRN on the key keyID of the key management instance kmsGUID.
func (in *Inspector) Registrations(kmsGUID, keyID, resourceCRN string) []kms.Registration {
	in.t.Helper()
	ctx := context.Background()
	inst, err := resources.NewService(in.connector).GetInstance(ctx, in.tok, kmsGUID)
	if err != nil {
		in.t.Fatal(err)
	}
	regs, err := kms.NewClient(in.connector).ListRegistrations(ctx, in.tok, inst, keyID, resourceCRN)
	if err != nil {
		in.t.Fatal(err)
	}
	return regs
}

// Registered reports whether the key keyID of the key management instance instanceGUID has a registration of
// app-config-enterprise.
func (in *Inspector) Registered(instanceGUID, keyID string) bool {
	in.t.Helper()
	return len(in.Registrations(instanceGUID, keyID, cloudsim.AppConfigEnterpriseCRN)) > 0
}

// RootKeyRegistrations counts the registrations of app-config-enterprise on app-config-root-key of key-protect-us-south.
func (in *Inspector) RootKeyRegistrations() int {
	in.t.Helper()
	return len(in.Registrations(cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, cloudsim.AppConfigEnterpriseCRN))
}

// Authorized reports whether an authorization in the demo account grants the App Configuration instance
// appConfigGUID the role roleCRN on the instance targetGUID of service.
func (in *Inspector) Authorized(appConfigGUID, service, targetGUID, roleCRN string) bool {
	in.t.Helper()
	granting, err := iam.NewService(in.connector).FindGranting(context.Background(), in.tok,
		iam.Party{AccountID: cloudsim.DemoAccountID, Service: resources.ServiceAppConfig, InstanceGUID: appConfigGUID},
		iam.Party{AccountID: cloudsim.DemoAccountID, Service: service, InstanceGUID: targetGUID},
		[]string{roleCRN})
	if err != nil {
		in.t.Fatal(err)
	}
	return granting != nil
}

// ENAuthorized reports whether app-config-enterprise is authorized as Event Source Manager of event-notifications-us-south.
func (in *Inspector) ENAuthorized() bool {
	in.t.Helper()
	return in.Authorized(cloudsim.AppConfigEnterpriseGUID, "event-notifications", cloudsim.EventNotificationsGUID, cloudsim.RoleEventSourceManagerCRN)
}

// Policies returns an IAM Policy Management client with the administrator's token, for a call no method here makes.
func (in *Inspector) Policies() *iampolicymanagementv1.IamPolicyManagementV1 {
	in.t.Helper()
	c, err := iampolicymanagementv1.NewIamPolicyManagementV1(&iampolicymanagementv1.IamPolicyManagementV1Options{
		URL: in.c.Sim.URL, Authenticator: &core.BearerTokenAuthenticator{BearerToken: in.tok.AccessToken},
	})
	if err != nil {
		in.t.Fatal(err)
	}
	return c
}

// AuthorizationIDs lists the IDs of the account's authorization policies, every page of them.
func (in *Inspector) AuthorizationIDs() []string {
	in.t.Helper()
	c := in.Policies()
	opts := c.NewListPoliciesOptions(cloudsim.DemoAccountID)
	opts.SetType("authorization")
	pager, err := c.NewPoliciesPager(opts)
	if err != nil {
		in.t.Fatal(err)
	}
	all, err := pager.GetAll()
	if err != nil {
		in.t.Fatal(err)
	}
	ids := make([]string, 0, len(all))
	for _, p := range all {
		ids = append(ids, *p.ID)
	}
	return ids
}

// CreateAuthorization creates an authorization policy through the IAM Policy Management SDK granting roleCRN, with
// subject and resource attributes given as name, value pairs (accountId, serviceName, serviceInstance), and returns
// its ID.
func (in *Inspector) CreateAuthorization(subject, resource []string, roleCRN string) string {
	in.t.Helper()
	var subjectAttrs []iampolicymanagementv1.SubjectAttribute
	for i := 0; i+1 < len(subject); i += 2 {
		subjectAttrs = append(subjectAttrs, iampolicymanagementv1.SubjectAttribute{Name: core.StringPtr(subject[i]), Value: core.StringPtr(subject[i+1])})
	}
	var resourceAttrs []iampolicymanagementv1.ResourceAttribute
	for i := 0; i+1 < len(resource); i += 2 {
		resourceAttrs = append(resourceAttrs, iampolicymanagementv1.ResourceAttribute{Name: core.StringPtr(resource[i]), Value: core.StringPtr(resource[i+1]),
			Operator: core.StringPtr("stringEquals")})
	}
	policies := in.Policies()
	p, _, err := policies.CreatePolicy(policies.NewCreatePolicyOptions("authorization",
		[]iampolicymanagementv1.PolicySubject{{Attributes: subjectAttrs}},
		[]iampolicymanagementv1.PolicyRole{{RoleID: core.StringPtr(roleCRN)}},
		[]iampolicymanagementv1.PolicyResource{{Attributes: resourceAttrs}}))
	if err != nil {
		in.t.Fatalf("creating the authorization: %v", err)
	}
	return *p.ID
}

// ConnectKeyProtect authorizes app-config-enterprise to read key-protect-us-south's keys and connects it to
// app-config-root-key, as the Key Management panel does; App Configuration then registers the instance with the key.
func (in *Inspector) ConnectKeyProtect() {
	in.t.Helper()
	in.CreateAuthorization(
		[]string{"accountId", cloudsim.DemoAccountID, "serviceName", "apprapp", "serviceInstance", cloudsim.AppConfigEnterpriseGUID},
		[]string{"accountId", cloudsim.DemoAccountID, "serviceName", "kms", "serviceInstance", cloudsim.KeyProtectUSSouthGUID},
		cloudsim.RoleReaderCRN)
	_, err := appconfig.NewService(in.connector).CreateKMSIntegration(context.Background(), in.tok,
		appconfig.Instance{GUID: cloudsim.AppConfigEnterpriseGUID, Region: "us-south"},
		appconfig.KMSInput{InstanceCRN: cloudsim.KeyProtectUSSouthCRN, Endpoint: in.c.Sim.URL, RootKeyID: cloudsim.AppConfigRootKeyID})
	if err != nil {
		in.t.Fatalf("connecting app-config-enterprise: %v", err)
	}
	if n := in.RootKeyRegistrations(); n != 1 {
		in.t.Fatalf("after connecting, app-config-root-key has %d registrations of app-config-enterprise, want 1", n)
	}
}
