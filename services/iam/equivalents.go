package iam

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"appconfig-console/services/equivalent"
)

// CLICommand returns the `ibmcloud iam authorization-policy-create` command that creates a, with flags where the CLI has them
// and a JSON policy file where it has none (a source instance in another account, or a source narrowed by both group and instance).
func CLICommand(a Authorization) string {
	roles := make([]string, 0, len(a.Roles))
	for _, r := range a.Roles {
		roles = append(roles, RoleName(r))
	}
	otherAccount := a.Source.AccountID != "" && a.Source.AccountID != a.Target.AccountID
	// The CLI refuses --source-service-account with a source instance, and a source group with a source instance.
	if a.Source.Service == "" || a.Source.InstanceGUID != "" && (otherAccount || a.Source.ResourceGroupID != "") {
		body, _ := json.MarshalIndent(PolicyDocument(a), "", "  ")
		return "cat > authorization-policy.json <<'EOF'\n" + string(body) + "\nEOF\n" +
			"ibmcloud iam authorization-policy-create --file authorization-policy.json"
	}
	parts := []string{"ibmcloud iam authorization-policy-create " + a.Source.Service + " " + a.Target.Service + " " + equivalent.Quote(strings.Join(roles, ","))}
	if otherAccount {
		parts = append(parts, "--source-service-account "+a.Source.AccountID)
	}
	if a.Source.InstanceGUID != "" {
		parts = append(parts, "--source-service-instance-id "+a.Source.InstanceGUID)
	}
	if a.Source.ResourceGroupID != "" {
		parts = append(parts, "--source-resource-group-id "+a.Source.ResourceGroupID)
	}
	if a.Target.InstanceGUID != "" {
		parts = append(parts, "--target-service-instance-id "+a.Target.InstanceGUID)
	}
	if a.Target.ResourceGroupID != "" {
		parts = append(parts, "--target-resource-group-id "+a.Target.ResourceGroupID)
	}
	return strings.Join(parts, " \\\n  ")
}

// TerraformBlock returns the Terraform `ibm_iam_authorization_policy` resource that creates a.
func TerraformBlock(a Authorization) string {
	type arg struct{ name, value string }
	args := []arg{{"source_service_name", strconv.Quote(a.Source.Service)}}
	if a.Source.AccountID != "" && a.Source.AccountID != a.Target.AccountID {
		args = append(args, arg{"source_service_account", strconv.Quote(a.Source.AccountID)})
	}
	if a.Source.InstanceGUID != "" {
		args = append(args, arg{"source_resource_instance_id", strconv.Quote(a.Source.InstanceGUID)})
	}
	if a.Source.ResourceGroupID != "" {
		args = append(args, arg{"source_resource_group_id", strconv.Quote(a.Source.ResourceGroupID)})
	}
	args = append(args, arg{"target_service_name", strconv.Quote(a.Target.Service)})
	if a.Target.InstanceGUID != "" {
		args = append(args, arg{"target_resource_instance_id", strconv.Quote(a.Target.InstanceGUID)})
	}
	if a.Target.ResourceGroupID != "" {
		args = append(args, arg{"target_resource_group_id", strconv.Quote(a.Target.ResourceGroupID)})
	}
	roles := make([]string, 0, len(a.Roles))
	for _, r := range a.Roles {
		roles = append(roles, strconv.Quote(RoleName(r)))
	}
	args = append(args, arg{"roles", "[" + strings.Join(roles, ", ") + "]"})
	if a.Description != "" {
		args = append(args, arg{"description", strconv.Quote(a.Description)})
	}
	width := 0
	for _, x := range args {
		width = max(width, len(x.name))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"ibm_iam_authorization_policy\" %q {\n", terraformName(a))
	for _, x := range args {
		fmt.Fprintf(&b, "  %-*s = %s\n", width, x.name, x.value)
	}
	b.WriteString("}")
	return b.String()
}

// TerraformAddress returns the address of the resource TerraformBlock writes for a, for a depends_on.
func TerraformAddress(a Authorization) string {
	return "ibm_iam_authorization_policy." + terraformName(a)
}

// policyAttribute is a name-value pair of a policy subject or resource, with the resource's operator.
type policyAttribute struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Operator string `json:"operator,omitempty"`
}

// policyAttributes is the attribute list of a policy subject or resource.
type policyAttributes struct {
	Attributes []policyAttribute `json:"attributes"`
}

// policyRoleID names a role of a policy by CRN.
type policyRoleID struct {
	RoleID string `json:"role_id"`
}

// policyJSON is the body of an IAM v1 authorization policy, as the API and `--file` take it.
type policyJSON struct {
	Type        string             `json:"type"`
	Subjects    []policyAttributes `json:"subjects"`
	Roles       []policyRoleID     `json:"roles"`
	Resources   []policyAttributes `json:"resources"`
	Description string             `json:"description,omitempty"`
}

// PolicyDocument returns the v1 policy body that creates a, with the same attributes CreateAuthorization sends.
func PolicyDocument(a Authorization) any {
	subject, resource := attributesOf(a)
	p := policyJSON{Type: "authorization", Description: a.Description,
		Subjects: []policyAttributes{{subject}}, Resources: []policyAttributes{{resource}}}
	for _, r := range a.Roles {
		p.Roles = append(p.Roles, policyRoleID{r.CRN})
	}
	return p
}

// attributesOf returns the subject and resource attributes of a, in the order IBM documents them.
func attributesOf(a Authorization) (subject, resource []policyAttribute) {
	subject = []policyAttribute{{Name: attrAccountID, Value: a.Source.AccountID}}
	if a.Source.Service != "" {
		subject = append(subject, policyAttribute{Name: attrServiceName, Value: a.Source.Service})
	}
	if a.Source.InstanceGUID != "" {
		subject = append(subject, policyAttribute{Name: attrServiceInstance, Value: a.Source.InstanceGUID})
	}
	if a.Source.ResourceGroupID != "" {
		subject = append(subject, policyAttribute{Name: attrResourceGroupID, Value: a.Source.ResourceGroupID})
	}
	resource = []policyAttribute{
		{Name: attrAccountID, Value: a.Target.AccountID, Operator: "stringEquals"},
		{Name: attrServiceName, Value: a.Target.Service, Operator: "stringEquals"},
	}
	if a.Target.InstanceGUID != "" {
		resource = append(resource, policyAttribute{Name: attrServiceInstance, Value: a.Target.InstanceGUID, Operator: "stringEquals"})
	}
	if a.Target.ResourceGroupID != "" {
		resource = append(resource, policyAttribute{Name: attrResourceGroupID, Value: a.Target.ResourceGroupID, Operator: "stringEquals"})
	}
	return subject, resource
}

// terraformName is a resource name for the block, made of the two service names.
func terraformName(a Authorization) string {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
				return r
			}
			if r >= 'A' && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return '_'
		}, s)
	}
	return clean(a.Source.Service) + "_to_" + clean(a.Target.Service)
}
