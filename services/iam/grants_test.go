package iam_test

import (
	"context"
	"strings"
	"testing"

	"github.com/IBM/go-sdk-core/v5/core"
	"github.com/IBM/platform-services-go-sdk/iampolicymanagementv1"

	"appconfig-console/cloudsim"
	"appconfig-console/services/iam"
)

// Whether a policy grants access is decided from all its attributes with their operators (ibm-strictness.md section 9):
// resourceType/resource scope it to one key, region and keyRing narrow it, stringMatch takes wildcards, stringExists
// (Terraform's "*") takes any value.
func TestGrantsFromEveryAttribute(t *testing.T) {
	const acct, ac, kp, rg, key = "acct", "ac-guid", "kp-guid", "rg-1", "key-1"
	source := iam.Party{AccountID: acct, Service: "apprapp", InstanceGUID: ac, ResourceGroupID: rg, Region: "us-south"}
	instance := iam.Party{AccountID: acct, Service: "kms", InstanceGUID: kp, ResourceGroupID: rg, Region: "us-south"}
	theKey, otherKey := instance, instance
	theKey.Key, otherKey.Key = key, "key-2"
	eq := func(name, value string) iam.Attribute {
		return iam.Attribute{Name: name, Value: value, Operator: "stringEquals"}
	}
	subject := []iam.Attribute{{Name: "accountId", Value: acct}, {Name: "serviceName", Value: "apprapp"}, {Name: "serviceInstance", Value: ac}}
	kmsIn := func(extra ...iam.Attribute) []iam.Attribute {
		return append([]iam.Attribute{eq("accountId", acct), eq("serviceName", "kms"), eq("serviceInstance", kp)}, extra...)
	}
	tests := []struct {
		name     string
		subject  []iam.Attribute
		resource []iam.Attribute
		target   iam.Party
		want     bool
	}{
		{"instance policy, instance", subject, kmsIn(), instance, true},
		{"instance policy, a key of it", subject, kmsIn(), theKey, true},
		{"key policy, that key", subject, kmsIn(eq("resourceType", "key"), eq("resource", key)), theKey, true},
		{"key policy, another key", subject, kmsIn(eq("resourceType", "key"), eq("resource", key)), otherKey, false},
		{"key policy, the whole instance", subject, kmsIn(eq("resourceType", "key"), eq("resource", key)), instance, false},
		{"key wildcard", subject, kmsIn(eq("resourceType", "key"), iam.Attribute{Name: "resource", Value: "key-*", Operator: "stringMatch"}), otherKey, true},
		{"key single-character wildcard", subject, kmsIn(iam.Attribute{Name: "resource", Value: "key-?", Operator: "stringMatch"}), theKey, true},
		{"wildcard that does not match", subject, kmsIn(iam.Attribute{Name: "resource", Value: "other-*", Operator: "stringMatch"}), theKey, false},
		{"wildcard is not a regular expression", subject, kmsIn(iam.Attribute{Name: "resource", Value: "key-[12]", Operator: "stringMatch"}), theKey, false},
		{"any key (stringExists)", subject, kmsIn(iam.Attribute{Name: "resource", Value: "true", Operator: "stringExists"}), theKey, true},
		{"any key is not the instance", subject, kmsIn(iam.Attribute{Name: "resource", Value: "true", Operator: "stringExists"}), instance, false},
		{"any instance (stringExists)", subject, []iam.Attribute{eq("accountId", acct), eq("serviceName", "kms"),
			{Name: "serviceInstance", Value: "true", Operator: "stringExists"}}, instance, true},
		{"instance wildcard", subject, []iam.Attribute{eq("accountId", acct), eq("serviceName", "kms"),
			{Name: "serviceInstance", Value: "kp-*", Operator: "stringMatch"}}, instance, true},
		{"region that matches", subject, kmsIn(eq("region", "us-south")), instance, true},
		{"another region", subject, kmsIn(eq("region", "eu-de")), instance, false},
		{"key ring (the console does not know a key's ring)", subject, kmsIn(eq("keyRing", "default")), theKey, false},
		{"resource group of the target", subject, []iam.Attribute{eq("accountId", acct), eq("serviceName", "kms"), eq("resourceGroupId", rg)}, instance, true},
		{"another resource group", subject, []iam.Attribute{eq("accountId", acct), eq("serviceName", "kms"), eq("resourceGroupId", "rg-2")}, instance, false},
		{"unknown operator", subject, kmsIn(iam.Attribute{Name: "resource", Value: key, Operator: "stringContains"}), theKey, false},
		{"another source instance", []iam.Attribute{{Name: "accountId", Value: acct}, {Name: "serviceName", Value: "apprapp"}, {Name: "serviceInstance", Value: "other"}},
			kmsIn(), instance, false},
		{"source resource group, any service in it", []iam.Attribute{{Name: "accountId", Value: acct}, {Name: "resourceGroupId", Value: rg}}, kmsIn(), instance, true},
		{"another target service", subject, []iam.Attribute{eq("accountId", acct), eq("serviceName", "hs-crypto")}, instance, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := iam.Authorization{Roles: reader(), SubjectAttributes: tt.subject, ResourceAttributes: tt.resource}
			if got := a.Grants(source, tt.target, []string{cloudsim.RoleReaderCRN}); got != tt.want {
				t.Errorf("Grants = %v, want %v", got, tt.want)
			}
			if a.Grants(source, tt.target, []string{cloudsim.RoleManagerCRN}) {
				t.Error("granted a role the policy does not have")
			}
		})
	}
}

// FindGranting reads the attributes back from IAM: a policy scoped to one root key (as terraform-ibm-modules'
// App Configuration module writes it) is found for that key only.
func TestFindGrantingKeyScoped(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	client := policyClient(t, env.Sim)
	acct := cloudsim.DemoAccountID
	attr := func(name, value string) iampolicymanagementv1.ResourceAttribute {
		return iampolicymanagementv1.ResourceAttribute{Name: core.StringPtr(name), Value: core.StringPtr(value), Operator: core.StringPtr("stringEquals")}
	}
	_, _, err := client.CreatePolicy(client.NewCreatePolicyOptions("authorization",
		[]iampolicymanagementv1.PolicySubject{{Attributes: []iampolicymanagementv1.SubjectAttribute{
			{Name: core.StringPtr("accountId"), Value: core.StringPtr(acct)}, {Name: core.StringPtr("serviceName"), Value: core.StringPtr("apprapp")},
			{Name: core.StringPtr("serviceInstance"), Value: core.StringPtr(cloudsim.AppConfigEnterpriseGUID)}}}},
		[]iampolicymanagementv1.PolicyRole{{RoleID: core.StringPtr(cloudsim.RoleReaderCRN)}},
		[]iampolicymanagementv1.PolicyResource{{Attributes: []iampolicymanagementv1.ResourceAttribute{attr("accountId", acct), attr("serviceName", "kms"),
			attr("serviceInstance", cloudsim.KeyProtectUSSouthGUID), attr("resourceType", "key"), attr("resource", cloudsim.AppConfigRootKeyID)}}}))
	if err != nil {
		t.Fatal(err)
	}
	source := iam.Party{AccountID: acct, Service: "apprapp", InstanceGUID: cloudsim.AppConfigEnterpriseGUID, ResourceGroupID: cloudsim.DefaultResourceGroupID}
	target := iam.Party{AccountID: acct, Service: "kms", InstanceGUID: cloudsim.KeyProtectUSSouthGUID, ResourceGroupID: cloudsim.DefaultResourceGroupID}
	for _, tt := range []struct {
		key  string
		want bool
	}{{cloudsim.AppConfigRootKeyID, true}, {cloudsim.BackupRootKeyID, false}, {"", false}} {
		target.Key = tt.key
		a, err := env.IAM.FindGranting(ctx, env.Admin, source, target, []string{cloudsim.RoleReaderCRN})
		if err != nil {
			t.Fatal(err)
		}
		if (a != nil) != tt.want {
			t.Errorf("key %q: granting = %+v, want %v", tt.key, a, tt.want)
		}
	}
}

func TestTargetConditions(t *testing.T) {
	attr := func(name, value, op string) iam.Attribute {
		return iam.Attribute{Name: name, Value: value, Operator: op}
	}
	base := []iam.Attribute{attr("accountId", "a", "stringEquals"), attr("serviceName", "kms", "stringEquals"), attr("serviceInstance", "kp", "stringEquals")}
	tests := []struct {
		name  string
		extra []iam.Attribute
		want  string
	}{
		{"instance only", nil, ""},
		{"one key", []iam.Attribute{attr("resourceType", "key", "stringEquals"), attr("resource", "k1", "stringEquals")}, "Key k1"},
		{"keys by wildcard", []iam.Attribute{attr("resourceType", "key", "stringEquals"), attr("resource", "k*", "stringMatch")}, "Keys matching k*"},
		{"any key", []iam.Attribute{attr("resourceType", "key", "stringEquals"), attr("resource", "true", "stringExists")}, "Any key"},
		{"resource without a type", []iam.Attribute{attr("resource", "r1", "")}, "Resource r1"},
		{"region and key ring", []iam.Attribute{attr("region", "us-south", "stringEquals"), attr("keyRing", "ring", "stringEquals")}, "Region us-south; Key ring ring"},
		{"any instance", []iam.Attribute{attr("serviceInstance", "true", "stringExists")}, "Any instance"},
		{"instances by wildcard", []iam.Attribute{attr("resourceGroupId", "rg-*", "stringMatch")}, "Resource groups matching rg-*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := iam.Authorization{ResourceAttributes: append(append([]iam.Attribute{}, base...), tt.extra...)}
			if got := strings.Join(a.TargetConditions(), "; "); got != tt.want {
				t.Errorf("conditions = %q, want %q", got, tt.want)
			}
		})
	}
}
