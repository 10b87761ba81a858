package cloudsim_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/IBM/go-sdk-core/v5/core"
	ipm "github.com/IBM/platform-services-go-sdk/iampolicymanagementv1"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
)

func TestPolicyLifecycle(t *testing.T) {
	sim := simtest.Start(t, func(o *cloudsim.Options) { o.DeterministicIDs = true })
	svc := newIAMPolicy(t, sim, cloudsim.DemoAdminAPIKey)
	opts := authorization(svc,
		subjectAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "apprapp", "serviceInstance", cloudsim.AppConfigEnterpriseGUID),
		resourceAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "kms", "serviceInstance", cloudsim.KeyProtectUSSouthGUID),
		cloudsim.RoleReaderCRN)
	opts.SetDescription("apprapp -> kms")
	created, resp, err := svc.CreatePolicy(opts)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusCreated || *created.ID != "00000000-0000-4000-8000-000000000001" || *created.Type != "authorization" ||
		*created.State != "active" || *created.Roles[0].DisplayName != "Reader" || *created.Href != sim.URL+"/v1/policies/"+*created.ID ||
		*created.CreatedByID != cloudsim.AdminIAMID {
		t.Errorf("created %d %+v", resp.StatusCode, created)
	}
	got, _, err := svc.GetPolicy(svc.NewGetPolicyOptions(*created.ID))
	if err != nil || *got.Description != "apprapp -> kms" || *got.Resources[0].Attributes[2].Value != cloudsim.KeyProtectUSSouthGUID {
		t.Fatalf("get = %+v, %v", got, err)
	}
	_, _, err = svc.CreatePolicy(opts)
	wantStatus(t, err, http.StatusConflict)

	list, _, err := svc.ListPolicies(svc.NewListPoliciesOptions(cloudsim.DemoAccountID).SetType("authorization"))
	if err != nil || len(list.Policies) != 2 {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if _, err := svc.DeletePolicy(svc.NewDeletePolicyOptions(*created.ID)); err != nil {
		t.Fatal(err)
	}
	_, _, err = svc.GetPolicy(svc.NewGetPolicyOptions(*created.ID))
	wantStatus(t, err, http.StatusNotFound)
	_, err = svc.DeletePolicy(svc.NewDeletePolicyOptions(*created.ID))
	wantStatus(t, err, http.StatusNotFound)

	viewer := newIAMPolicy(t, sim, cloudsim.DemoViewerAPIKey)
	_, _, err = viewer.CreatePolicy(opts)
	wantStatus(t, err, http.StatusForbidden)
	_, err = viewer.DeletePolicy(viewer.NewDeletePolicyOptions(cloudsim.EUAuthorizationPolicyID))
	wantStatus(t, err, http.StatusForbidden)
	if _, _, err := viewer.ListPolicies(viewer.NewListPoliciesOptions(cloudsim.DemoAccountID)); err != nil {
		t.Errorf("viewer list: %v", err)
	}
}

func TestPolicyPager(t *testing.T) {
	sim := simtest.Start(t)
	svc := newIAMPolicy(t, sim, cloudsim.DemoAdminAPIKey)
	sources := []string{cloudsim.AppConfigEnterpriseGUID, cloudsim.AppConfigLiteGUID}
	targets := []string{cloudsim.KeyProtectUSSouthGUID, cloudsim.KeyProtectEUDEGUID}
	for _, src := range sources {
		for _, dst := range targets {
			mustAuthorize(t, sim,
				subjectAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "apprapp", "serviceInstance", src),
				resourceAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "kms", "serviceInstance", dst), cloudsim.RoleReaderCRN)
		}
	}
	pager, err := svc.NewPoliciesPager(svc.NewListPoliciesOptions(cloudsim.DemoAccountID).SetLimit(2).SetSort("-created_at"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := pager.GetAll()
	if err != nil {
		t.Fatal(err)
	}
	ids := collect(all, func(p ipm.PolicyTemplateMetaData) string { return *p.ID })
	slices.Sort(ids)
	if len(all) != 5 || len(slices.Compact(ids)) != 5 {
		t.Errorf("pager returned %d policies (%v), want 5 distinct", len(all), ids)
	}
	_, _, err = svc.ListPolicies(&ipm.ListPoliciesOptions{AccountID: core.StringPtr(cloudsim.OtherAccountID)})
	wantStatus(t, err, http.StatusForbidden)
	_, _, err = svc.ListPolicies(svc.NewListPoliciesOptions(cloudsim.DemoAccountID).SetSort("color"))
	wantStatus(t, err, http.StatusBadRequest)
}

func TestPolicyValidation(t *testing.T) {
	sim := simtest.Start(t)
	svc := newIAMPolicy(t, sim, cloudsim.DemoAdminAPIKey)
	acct := cloudsim.DemoAccountID
	kmsRes := resourceAttrs("accountId", acct, "serviceName", "kms")
	tests := []struct {
		name     string
		subject  []ipm.SubjectAttribute
		resource []ipm.ResourceAttribute
		roles    []string
		want     int
		msg      string
	}{
		{"ok: other account source", subjectAttrs("accountId", cloudsim.OtherAccountID, "serviceName", "apprapp"), kmsRes, []string{cloudsim.RoleReaderCRN}, http.StatusCreated, ""},
		{"ok: resource group source", subjectAttrs("accountId", acct, "resourceGroupId", cloudsim.ProductionResourceGroupID), kmsRes, []string{cloudsim.RoleReaderCRN, cloudsim.RoleKMSReaderPlusCRN}, http.StatusCreated, ""},
		{"no subject account", subjectAttrs("serviceName", "apprapp"), kmsRes, []string{cloudsim.RoleReaderCRN}, http.StatusBadRequest, "accountId"},
		{"no resource account", subjectAttrs("accountId", acct, "serviceName", "apprapp"), resourceAttrs("serviceName", "kms"), []string{cloudsim.RoleReaderCRN}, http.StatusBadRequest, "accountId"},
		{"no source service or group", subjectAttrs("accountId", acct, "region", "us-south"), kmsRes, []string{cloudsim.RoleReaderCRN}, http.StatusBadRequest, "serviceName or resourceGroupId"},
		{"target in other account", subjectAttrs("accountId", acct, "serviceName", "apprapp"), resourceAttrs("accountId", cloudsim.OtherAccountID, "serviceName", "kms"), []string{cloudsim.RoleReaderCRN}, http.StatusBadRequest, "must be the account"},
		{"unknown source instance", subjectAttrs("accountId", acct, "serviceName", "apprapp", "serviceInstance", "nope"), kmsRes, []string{cloudsim.RoleReaderCRN}, http.StatusBadRequest, "does not exist"},
		{"instance of another service", subjectAttrs("accountId", acct, "serviceName", "apprapp"), resourceAttrs("accountId", acct, "serviceName", "kms", "serviceInstance", cloudsim.HPCSUSSouthGUID), []string{cloudsim.RoleReaderCRN}, http.StatusBadRequest, "hs-crypto instance"},
		{"unknown attribute", subjectAttrs("accountId", acct, "serviceName", "apprapp", "color", "red"), kmsRes, []string{cloudsim.RoleReaderCRN}, http.StatusBadRequest, "color"},
		{"unknown role", subjectAttrs("accountId", acct, "serviceName", "apprapp"), kmsRes, []string{"crn:v1:bluemix:public:iam::::serviceRole:Nope"}, http.StatusBadRequest, "not valid"},
		{"platform role", subjectAttrs("accountId", acct, "serviceName", "apprapp"), kmsRes, []string{"crn:v1:bluemix:public:iam::::role:Administrator"}, http.StatusBadRequest, "not valid"},
		{"unknown target service", subjectAttrs("accountId", acct, "serviceName", "apprapp"), resourceAttrs("accountId", acct, "serviceName", "no-such-service"), []string{cloudsim.RoleReaderCRN}, http.StatusBadRequest, "no roles"},
		{"EN role on kms", subjectAttrs("accountId", acct, "serviceName", "apprapp"), kmsRes, []string{cloudsim.RoleEventSourceManagerCRN}, http.StatusBadRequest, "not valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, resp, err := svc.CreatePolicy(authorization(svc, tt.subject, tt.resource, tt.roles...))
			if tt.want == http.StatusCreated {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantStatus(t, err, tt.want)
			if !strings.Contains(err.Error(), tt.msg) || resp == nil {
				t.Errorf("error %q does not mention %q", err, tt.msg)
			}
		})
	}
	noRoles := svc.NewCreatePolicyOptions("authorization", []ipm.PolicySubject{{Attributes: subjectAttrs("accountId", acct, "serviceName", "apprapp")}},
		[]ipm.PolicyRole{}, []ipm.PolicyResource{{Attributes: kmsRes}})
	_, _, err := svc.CreatePolicy(noRoles)
	wantStatus(t, err, http.StatusBadRequest)
	access := authorization(svc, subjectAttrs("accountId", acct, "serviceName", "apprapp"), kmsRes, cloudsim.RoleReaderCRN)
	access.SetType("access")
	_, _, err = svc.CreatePolicy(access)
	wantStatus(t, err, http.StatusBadRequest)
}

func TestListRoles(t *testing.T) {
	sim := simtest.Start(t)
	svc := newIAMPolicy(t, sim, cloudsim.DemoViewerAPIKey)
	tests := []struct {
		target, source, policyType string
		want                       []string
		wantSystem                 int
	}{
		{"kms", "apprapp", "authorization", []string{"Reader", "ReaderPlus", "Writer", "Manager"}, 0},
		{"hs-crypto", "apprapp", "authorization", []string{"Reader", "ReaderPlus", "Writer", "Manager"}, 0},
		{"kms", "databases-for-postgresql", "authorization", []string{"Reader", "ReaderPlus", "Writer", "Manager", "Authorization Delegator"}, 0},
		{"event-notifications", "apprapp", "authorization", []string{"Event Source Manager"}, 0},
		{"kms", "", "", []string{"Reader", "ReaderPlus", "Writer", "Manager", "KeyPurge", "KmipAdapterManager"}, 4},
		{"hs-crypto", "", "", []string{"Reader", "ReaderPlus", "Writer", "Manager", "VMware KMIP Manager", "KMS Key Purge", "Certificate Manager"}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.target+"/"+tt.source+"/"+tt.policyType, func(t *testing.T) {
			opts := svc.NewListRolesOptions().SetServiceName(tt.target)
			if tt.source != "" {
				opts.SetSourceServiceName(tt.source)
			}
			if tt.policyType != "" {
				opts.SetPolicyType(tt.policyType)
			}
			roles, _, err := svc.ListRoles(opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range roles.ServiceRoles {
				got = append(got, *r.DisplayName)
				if r.CRN == nil || !strings.HasPrefix(*r.CRN, "crn:v1:bluemix:public:") {
					t.Errorf("role %s has CRN %v", *r.DisplayName, r.CRN)
				}
			}
			if !slices.Equal(got, tt.want) || len(roles.SystemRoles) != tt.wantSystem {
				t.Errorf("service roles %v (system %d), want %v (system %d)", got, len(roles.SystemRoles), tt.want, tt.wantSystem)
			}
		})
	}
}

// IAM Policy Management's errors carry the codes of platform-services-go-sdk iampolicymanagementv1's ErrorObject
// (ErrorObjectCode*Const), "insufficent_permissions" spelt as IBM spells it.
func TestPolicyErrorCodes(t *testing.T) {
	sim := simtest.Start(t)
	admin := newIAMPolicy(t, sim, cloudsim.DemoAdminAPIKey)
	viewer := newIAMPolicy(t, sim, cloudsim.DemoViewerAPIKey)
	acct := cloudsim.DemoAccountID
	subject := subjectAttrs("accountId", acct, "serviceName", "apprapp", "serviceInstance", cloudsim.AppConfigEUGUID)
	resource := resourceAttrs("accountId", acct, "serviceName", "kms", "serviceInstance", cloudsim.KeyProtectEUDEGUID)
	raw := func(svc *ipm.IamPolicyManagementV1, path string) (*core.DetailedResponse, error) {
		b := core.NewRequestBuilder(core.GET)
		if _, err := b.ResolveRequestURL(svc.Service.GetServiceURL(), path, nil); err != nil {
			return nil, err
		}
		req, err := b.Build()
		if err != nil {
			return nil, err
		}
		return svc.Service.Request(req, new(map[string]any))
	}
	badToken, err := ipm.NewIamPolicyManagementV1(&ipm.IamPolicyManagementV1Options{URL: sim.URL, Authenticator: &core.BearerTokenAuthenticator{BearerToken: "nope"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		call   func() (*core.DetailedResponse, error)
		status int
		code   string
	}{
		{"no account_id", func() (*core.DetailedResponse, error) { return raw(admin, "/v1/policies") }, http.StatusBadRequest, "missing_required_query_parameter"},
		{"another account's policies", func() (*core.DetailedResponse, error) {
			_, resp, err := admin.ListPolicies(admin.NewListPoliciesOptions(cloudsim.OtherAccountID))
			return resp, err
		}, http.StatusForbidden, "insufficent_permissions"},
		{"viewer creates", func() (*core.DetailedResponse, error) {
			_, resp, err := viewer.CreatePolicy(authorization(viewer, subject, resource, cloudsim.RoleReaderCRN))
			return resp, err
		}, http.StatusForbidden, "insufficent_permissions"},
		{"same subject and resource", func() (*core.DetailedResponse, error) {
			_, resp, err := admin.CreatePolicy(authorization(admin, subject, resource, cloudsim.RoleReaderCRN))
			return resp, err
		}, http.StatusConflict, "policy_conflict_error"},
		{"role of another service", func() (*core.DetailedResponse, error) {
			_, resp, err := admin.CreatePolicy(authorization(admin, subject, resourceAttrs("accountId", acct, "serviceName", "kms"), cloudsim.RoleEventSourceManagerCRN))
			return resp, err
		}, http.StatusBadRequest, "invalid_body"},
		{"unknown policy", func() (*core.DetailedResponse, error) {
			_, resp, err := admin.GetPolicy(admin.NewGetPolicyOptions("nope"))
			return resp, err
		}, http.StatusNotFound, "policy_not_found"},
		{"unknown sort", func() (*core.DetailedResponse, error) {
			_, resp, err := admin.ListPolicies(admin.NewListPoliciesOptions(acct).SetSort("color"))
			return resp, err
		}, http.StatusBadRequest, "invalid_body"},
		{"bad token", func() (*core.DetailedResponse, error) {
			_, resp, err := badToken.ListPolicies(badToken.NewListPoliciesOptions(acct))
			return resp, err
		}, http.StatusUnauthorized, "invalid_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := tt.call()
			if err == nil || resp == nil || resp.StatusCode != tt.status {
				t.Fatalf("got %v, %v, want HTTP %d", resp, err, tt.status)
			}
			if got := iamErrorCode(resp); got != tt.code {
				t.Errorf("code %q, want %q", got, tt.code)
			}
		})
	}
	sim.SetFaults(t, "iam-policy=error:1:429")
	_, resp, err := admin.ListPolicies(admin.NewListPoliciesOptions(acct))
	wantStatus(t, err, http.StatusTooManyRequests)
	if got := iamErrorCode(resp); got != "too_many_requests" {
		t.Errorf("injected 429 code %q, want too_many_requests", got)
	}
}

// iamErrorCode returns errors[0].code of an IAM Policy Management error response.
func iamErrorCode(resp *core.DetailedResponse) string {
	if resp == nil {
		return ""
	}
	body, _ := resp.Result.(map[string]any)
	errs, _ := body["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	code, _ := errs[0].(map[string]any)["code"].(string)
	return code
}

// resourceAttr is one resource attribute with an operator.
func resourceAttr(name, value, operator string) ipm.ResourceAttribute {
	return ipm.ResourceAttribute{Name: core.StringPtr(name), Value: core.StringPtr(value), Operator: core.StringPtr(operator)}
}

// Whether a policy lets App Configuration use a root key is decided from all its attributes (ibm-strictness.md
// section 9): terraform-ibm-modules/terraform-ibm-app-configuration main.tf scopes its kms_policy to one key with
// resourceType=key and resource=<root key id>; stringMatch takes "*" and "?" (ibm-cloud-docs/account iam-wildcard.md);
// stringExists "true" takes any value (Terraform's "*").
func TestPolicyAttributesDecideAccessToAKey(t *testing.T) {
	acct := cloudsim.DemoAccountID
	subject := subjectAttrs("accountId", acct, "serviceName", "apprapp", "serviceInstance", cloudsim.AppConfigEnterpriseGUID)
	kp := func(extra ...ipm.ResourceAttribute) []ipm.ResourceAttribute {
		return append(resourceAttrs("accountId", acct, "serviceName", "kms", "serviceInstance", cloudsim.KeyProtectUSSouthGUID), extra...)
	}
	eq := func(name, value string) ipm.ResourceAttribute { return resourceAttr(name, value, "stringEquals") }
	tests := []struct {
		name     string
		resource []ipm.ResourceAttribute
		key      string
		want     int
	}{
		{"key policy, that key", kp(eq("resourceType", "key"), eq("resource", cloudsim.AppConfigRootKeyID)), cloudsim.AppConfigRootKeyID, http.StatusCreated},
		{"key policy, another key", kp(eq("resourceType", "key"), eq("resource", cloudsim.AppConfigRootKeyID)), cloudsim.BackupRootKeyID, http.StatusForbidden},
		{"key wildcard", kp(eq("resourceType", "key"), resourceAttr("resource", cloudsim.BackupRootKeyID[:8]+"*", "stringMatch")), cloudsim.BackupRootKeyID, http.StatusCreated},
		{"key wildcard of another key", kp(resourceAttr("resource", cloudsim.BackupRootKeyID[:8]+"*", "stringMatch")), cloudsim.AppConfigRootKeyID, http.StatusForbidden},
		{"single-character wildcards", kp(resourceAttr("resource", "?"+cloudsim.AppConfigRootKeyID[1:], "stringMatch")), cloudsim.AppConfigRootKeyID, http.StatusCreated},
		{"any key (stringExists)", kp(eq("resourceType", "key"), resourceAttr("resource", "true", "stringExists")), cloudsim.BackupRootKeyID, http.StatusCreated},
		{"any instance (stringExists)", append(resourceAttrs("accountId", acct, "serviceName", "kms"), resourceAttr("serviceInstance", "true", "stringExists")),
			cloudsim.AppConfigRootKeyID, http.StatusCreated},
		{"instance wildcard", append(resourceAttrs("accountId", acct, "serviceName", "kms"), resourceAttr("serviceInstance", "*", "stringMatch")),
			cloudsim.AppConfigRootKeyID, http.StatusCreated},
		{"key ring", kp(eq("keyRing", "default")), cloudsim.AppConfigRootKeyID, http.StatusCreated},
		{"another key ring", kp(eq("keyRing", "payments")), cloudsim.AppConfigRootKeyID, http.StatusForbidden},
		{"the region", kp(eq("region", "us-south")), cloudsim.AppConfigRootKeyID, http.StatusCreated},
		{"another region", kp(eq("region", "eu-de")), cloudsim.AppConfigRootKeyID, http.StatusForbidden},
		{"no key (resource does not exist)", kp(resourceAttr("resource", "false", "stringExists")), cloudsim.AppConfigRootKeyID, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := simtest.Start(t)
			mustAuthorize(t, sim, subject, tt.resource, cloudsim.RoleReaderCRN)
			ac := newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigEnterpriseGUID)
			_, resp, err := acDo(ac, http.MethodPost, "/integrations", kmsIntegration("kms-1", cloudsim.KeyProtectUSSouthCRN, sim.URL, tt.key))
			if tt.want == http.StatusCreated {
				if err != nil {
					t.Fatalf("integration refused: %v", err)
				}
				return
			}
			if resp == nil || resp.StatusCode != tt.want {
				t.Fatalf("got %v, %v; want HTTP %d", resp, err, tt.want)
			}
			list, _, err := acDo(ac, http.MethodGet, "/integrations", nil)
			if err != nil || len(list["integrations"].([]any)) != 0 {
				t.Errorf("refused integration created: %v, %v", list, err)
			}
		})
	}
}

// IAM accepts the operators stringEquals, stringMatch and stringExists on resource attributes and refuses others with
// invalid_body (platform-services-go-sdk iampolicymanagementv1 ResourceAttribute.Operator, ErrorObjectCodeInvalidBodyConst);
// a wildcard or stringExists instance names no instance, so it is not looked up.
func TestPolicyOperatorValidation(t *testing.T) {
	sim := simtest.Start(t)
	svc := newIAMPolicy(t, sim, cloudsim.DemoAdminAPIKey)
	acct := cloudsim.DemoAccountID
	subject := subjectAttrs("accountId", acct, "serviceName", "apprapp")
	kms := func(extra ...ipm.ResourceAttribute) []ipm.ResourceAttribute {
		return append(resourceAttrs("accountId", acct, "serviceName", "kms"), extra...)
	}
	tests := []struct {
		name     string
		resource []ipm.ResourceAttribute
		want     int
	}{
		{"key scope", kms(resourceAttr("resourceType", "key", "stringEquals"), resourceAttr("resource", cloudsim.AppConfigRootKeyID, "stringEquals")), http.StatusCreated},
		{"instance wildcard", kms(resourceAttr("serviceInstance", "4a*", "stringMatch")), http.StatusCreated},
		{"any instance", kms(resourceAttr("serviceInstance", "true", "stringExists")), http.StatusCreated},
		{"key ring and region", kms(resourceAttr("keyRing", "default", "stringEquals"), resourceAttr("region", "us-south", "stringEquals")), http.StatusCreated},
		{"unknown operator", kms(resourceAttr("resource", cloudsim.AppConfigRootKeyID, "stringContains")), http.StatusBadRequest},
		{"stringExists with a value", kms(resourceAttr("resource", cloudsim.AppConfigRootKeyID, "stringExists")), http.StatusBadRequest},
		{"unknown attribute", kms(resourceAttr("keyName", "x", "stringEquals")), http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _, err := svc.ListPolicies(svc.NewListPoliciesOptions(acct))
			if err != nil {
				t.Fatal(err)
			}
			_, resp, err := svc.CreatePolicy(authorization(svc, subject, tt.resource, cloudsim.RoleReaderCRN))
			if resp == nil || resp.StatusCode != tt.want {
				t.Fatalf("got %v, %v; want HTTP %d", resp, err, tt.want)
			}
			if tt.want == http.StatusCreated {
				return
			}
			if code := iamErrorCode(resp); code != "invalid_body" {
				t.Errorf("code %q, want invalid_body", code)
			}
			after, _, err := svc.ListPolicies(svc.NewListPoliciesOptions(acct))
			if err != nil || len(after.Policies) != len(before.Policies) {
				t.Errorf("a refused policy was stored: %d -> %d, %v", len(before.Policies), len(after.Policies), err)
			}
		})
	}
}
