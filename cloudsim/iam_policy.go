package cloudsim

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Attribute names allowed in authorization subjects and resources.
var (
	subjectAttributeNames  = []string{"accountId", "serviceName", "serviceInstance", "region", "resourceType", "resource", "resourceGroupId"}
	resourceAttributeNames = []string{"accountId", "serviceName", "serviceInstance", "region", "resourceType", "resource", "resourceGroupId", "keyRing"}
	attributeOperators     = []string{"", "stringEquals", "stringMatch", "stringExists"}
)

// policyJSON renders a policy as IAM does.
func (s *Server) policyJSON(r *http.Request, p *policy) map[string]any {
	attrs := func(sets [][]attribute, withOperator bool) []map[string]any {
		out := []map[string]any{}
		for _, set := range sets {
			list := []map[string]any{}
			for _, a := range set {
				m := map[string]any{"name": a.Name, "value": a.Value}
				if withOperator {
					m["operator"] = cmp.Or(a.Operator, "stringEquals")
				}
				list = append(list, m)
			}
			entry := map[string]any{"attributes": list}
			if withOperator {
				entry["tags"] = []any{}
			}
			out = append(out, entry)
		}
		return out
	}
	roles := []map[string]any{}
	for _, role := range p.Roles {
		roles = append(roles, map[string]any{"role_id": role.RoleID, "display_name": role.DisplayName, "description": role.Description})
	}
	return map[string]any{
		"id":                  p.ID,
		"type":                p.Type,
		"description":         p.Description,
		"subjects":            attrs(p.Subjects, false),
		"roles":               roles,
		"resources":           attrs(p.Resources, true),
		"href":                s.baseURL(r) + "/v1/policies/" + p.ID,
		"created_at":          rcTime(p.CreatedAt),
		"created_by_id":       p.CreatedByID,
		"last_modified_at":    rcTime(p.LastModifiedAt),
		"last_modified_by_id": p.LastModifiedByID,
		"state":               p.State,
	}
}

// policyRequest is the body of POST /v1/policies.
type policyRequest struct {
	Type        string `json:"type"`
	Description string `json:"description"`
	Subjects    []struct {
		Attributes []attribute `json:"attributes"`
	} `json:"subjects"`
	Roles []struct {
		RoleID string `json:"role_id"`
	} `json:"roles"`
	Resources []struct {
		Attributes []attribute `json:"attributes"`
	} `json:"resources"`
}

// attrValue returns the value of the named attribute.
func attrValue(attrs []attribute, name string) string {
	for _, a := range attrs {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

// invalidPolicy is a 400 answer to a policy create.
func invalidPolicy(format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, "invalid_body", "Invalid body format: "+fmt.Sprintf(format, args...))
}

// checkAttributes validates one attribute set of a policy.
func checkAttributes(kind string, attrs []attribute, allowed []string) error {
	seen := map[string]bool{}
	for _, a := range attrs {
		switch {
		case !slices.Contains(allowed, a.Name):
			return invalidPolicy("%s attribute %q is not supported for authorizations (supported: %s).", kind, a.Name, strings.Join(allowed, ", "))
		case seen[a.Name]:
			return invalidPolicy("%s attribute %q is given more than once.", kind, a.Name)
		case len(a.Value) < 1 || len(a.Value) > 1000:
			return invalidPolicy("%s attribute %q must have a value of 1 to 1000 characters.", kind, a.Name)
		case !slices.Contains(attributeOperators, a.Operator):
			return invalidPolicy("%s attribute %q has unknown operator %q.", kind, a.Name, a.Operator)
		case a.Operator == "stringExists" && a.Value != "true" && a.Value != "false":
			// *unconfirmed*: IAM's wording; its v2 policies take a boolean for stringExists.
			return invalidPolicy("%s attribute %q: the stringExists operator takes the value true or false, not %q.", kind, a.Name, a.Value)
		}
		seen[a.Name] = true
	}
	if attrValue(attrs, "accountId") == "" {
		return invalidPolicy("the %s must include the accountId attribute.", kind)
	}
	return nil
}

// exact reports whether the named attribute compares with stringEquals (so names one thing that must exist).
func exact(attrs []attribute, name string) bool {
	i := slices.IndexFunc(attrs, func(a attribute) bool { return a.Name == name })
	return i >= 0 && (attrs[i].Operator == "" || attrs[i].Operator == "stringEquals")
}

// checkInstanceRefs checks that the instance and resource group an attribute set names exist in account.
func checkInstanceRefs(st *state, kind, account string, attrs []attribute) error {
	if attrValue(attrs, "accountId") != account {
		return nil // another account: IAM cannot see its resources
	}
	if guid := attrValue(attrs, "serviceInstance"); guid != "" && exact(attrs, "serviceInstance") {
		in := st.Instances[guid]
		if in == nil || in.AccountID != account {
			return invalidPolicy("%s service instance %s does not exist in account %s.", kind, guid, account)
		}
		if svc := attrValue(attrs, "serviceName"); svc != "" && svc != in.Service {
			return invalidPolicy("%s service instance %s is a %s instance, not %s.", kind, guid, in.Service, svc)
		}
	}
	if rg := attrValue(attrs, "resourceGroupId"); rg != "" && exact(attrs, "resourceGroupId") {
		if g := st.Groups[rg]; g == nil || g.AccountID != account {
			return invalidPolicy("%s resource group %s does not exist in account %s.", kind, rg, account)
		}
	}
	return nil
}

// buildPolicy validates a create request the way IAM does and returns the policy to store (without ID and dates).
func buildPolicy(st *state, u *user, req policyRequest) (*policy, error) {
	switch {
	case req.Type == policyTypeAccess:
		return nil, invalidPolicy("cloudsim serves only authorization policies; access policies are not emulated.")
	case req.Type != policyTypeAuthorization:
		return nil, invalidPolicy("type must be 'authorization' or 'access'.")
	case len(req.Subjects) != 1:
		return nil, invalidPolicy("exactly one subject is required.")
	case len(req.Resources) != 1:
		return nil, invalidPolicy("only one resource is allowed in a policy.")
	case len(req.Roles) == 0:
		return nil, invalidPolicy("at least one role is required.")
	}
	subject, resource := req.Subjects[0].Attributes, req.Resources[0].Attributes
	if err := checkAttributes("subject", subject, subjectAttributeNames); err != nil {
		return nil, err
	}
	if err := checkAttributes("resource", resource, resourceAttributeNames); err != nil {
		return nil, err
	}
	if attrValue(subject, "serviceName") == "" && attrValue(subject, "resourceGroupId") == "" {
		return nil, invalidPolicy("the subject must include serviceName or resourceGroupId (or both).")
	}
	if acct := attrValue(resource, "accountId"); acct != u.AccountID {
		return nil, invalidPolicy("the resource accountId %s must be the account the authorization is created in (%s).", acct, u.AccountID)
	}
	target, source := attrValue(resource, "serviceName"), attrValue(subject, "serviceName")
	if target == "" {
		return nil, invalidPolicy("the resource must include serviceName.")
	}
	if source == target && attrValue(subject, "serviceInstance") == attrValue(resource, "serviceInstance") &&
		attrValue(subject, "accountId") == u.AccountID {
		return nil, invalidPolicy("the source and the target of an authorization must differ.")
	}
	for kind, attrs := range map[string][]attribute{"subject": subject, "resource": resource} {
		if err := checkInstanceRefs(st, kind, u.AccountID, attrs); err != nil {
			return nil, err
		}
	}
	valid := serviceRoles(target, source, true)
	if len(valid) == 0 {
		return nil, invalidPolicy("service %q has no roles that can be granted to another service.", target)
	}
	p := &policy{Type: policyTypeAuthorization, AccountID: u.AccountID, Description: req.Description, State: "active",
		Subjects: [][]attribute{subject}, Resources: [][]attribute{resource}, CreatedByID: u.IAMID, LastModifiedByID: u.IAMID}
	for _, role := range req.Roles {
		i := slices.IndexFunc(valid, func(d roleDef) bool { return d.CRN == role.RoleID })
		if i < 0 {
			return nil, errorf(http.StatusBadRequest, "invalid_body",
				fmt.Sprintf("Role %q is not valid for an authorization from %q to %q.", role.RoleID, cmp.Or(source, "resource group"), target))
		}
		p.Roles = append(p.Roles, policyRole{RoleID: valid[i].CRN, DisplayName: valid[i].DisplayName, Description: valid[i].Description})
	}
	return p, nil
}

// sameAttributes reports whether two attribute sets are equal regardless of order and default operators.
func sameAttributes(a, b []attribute) bool {
	key := func(set []attribute) []string {
		out := make([]string, 0, len(set))
		for _, x := range set {
			out = append(out, x.Name+"\x00"+x.Value+"\x00"+cmp.Or(x.Operator, "stringEquals"))
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}

// createPolicy serves POST /v1/policies.
func (s *Server) createPolicy(w http.ResponseWriter, r *http.Request, u *user) error {
	var req policyRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return invalidPolicy("the body is not valid JSON: %v", err)
	}
	var created *policy
	err := s.store.update(func(st *state) error {
		p, err := buildPolicy(st, u, req)
		if err != nil {
			return err
		}
		for _, other := range st.Policies {
			if other.AccountID == p.AccountID && sameAttributes(other.Subjects[0], p.Subjects[0]) && sameAttributes(other.Resources[0], p.Resources[0]) {
				return errorf(http.StatusConflict, "policy_conflict_error",
					"Failed to create policy: a policy with the same subject and resource already exists: "+other.ID+".")
			}
		}
		p.ID = s.newID(st)
		p.CreatedAt = s.now()
		p.LastModifiedAt = p.CreatedAt
		st.Policies[p.ID] = p
		created = p
		return nil
	})
	if err != nil {
		return err
	}
	s.faults.policyCreated(created.ID)
	writeJSON(w, http.StatusCreated, s.policyJSON(r, created))
	return nil
}

// listPolicies serves GET /v1/policies with account_id, type, state, sort, limit and start.
func (s *Server) listPolicies(w http.ResponseWriter, r *http.Request, u *user) error {
	q := r.URL.Query()
	acct := q.Get("account_id")
	if acct == "" {
		return errorf(http.StatusBadRequest, "missing_required_query_parameter", "The query parameter 'account_id' is required.")
	}
	if acct != u.AccountID {
		return errorf(http.StatusForbidden, "insufficent_permissions", "You are not allowed to list the policies of account "+acct+".")
	}
	limit, offset, aerr := listPage(r, 50, 100, startToken("invalid_body"))
	if aerr != nil {
		return aerr
	}
	var matched []*policy
	for _, p := range s.store.read().Policies {
		if p.AccountID != acct || q.Get("type") != "" && q.Get("type") != p.Type || cmp.Or(q.Get("state"), "active") != p.State {
			continue
		}
		matched = append(matched, p)
	}
	if err := sortPolicies(matched, q.Get("sort")); err != nil {
		return err
	}
	page := pageOf(matched, offset, limit)
	policies := make([]map[string]any, 0, len(page))
	for _, p := range page {
		policies = append(policies, s.policyJSON(r, p))
	}
	pageURL := func(start string) string {
		return s.baseURL(r) + "/v1/policies?" + pageQuery(q, start).Encode()
	}
	body := map[string]any{"limit": limit, "first": map[string]any{"href": pageURL("")}, "policies": policies}
	if offset+len(page) < len(matched) {
		start := encodePageToken(offset + len(page))
		body["next"] = map[string]any{"href": pageURL(start), "start": start}
	}
	if offset > 0 {
		start := encodePageToken(max(0, offset-limit))
		body["previous"] = map[string]any{"href": pageURL(start), "start": start}
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// sortPolicies orders policies by the sort parameter (a field, "-" for descending); default created_at.
func sortPolicies(ps []*policy, sortParam string) error {
	field, desc := strings.CutPrefix(cmp.Or(sortParam, "created_at"), "-")
	keyOf := map[string]func(*policy) string{
		"id":                  func(p *policy) string { return p.ID },
		"type":                func(p *policy) string { return p.Type },
		"href":                func(p *policy) string { return p.ID },
		"state":               func(p *policy) string { return p.State },
		"created_at":          func(p *policy) string { return rcTime(p.CreatedAt) },
		"created_by_id":       func(p *policy) string { return p.CreatedByID },
		"last_modified_at":    func(p *policy) string { return rcTime(p.LastModifiedAt) },
		"last_modified_by_id": func(p *policy) string { return p.LastModifiedByID },
	}[field]
	if keyOf == nil {
		return errorf(http.StatusBadRequest, "invalid_body", "Cannot sort by "+strconv.Quote(field)+".")
	}
	slices.SortFunc(ps, func(a, b *policy) int {
		c := cmp.Or(strings.Compare(keyOf(a), keyOf(b)), strings.Compare(a.ID, b.ID))
		if desc {
			return -c
		}
		return c
	})
	return nil
}

// accountPolicy returns policy id of the caller's account.
func accountPolicy(st *state, u *user, id string) (*policy, error) {
	p := st.Policies[id]
	if p == nil || p.AccountID != u.AccountID {
		return nil, errorf(http.StatusNotFound, "policy_not_found", "Policy with ID "+id+" not found.")
	}
	return p, nil
}

// getPolicy serves GET /v1/policies/{id}. While a new policy propagates (the propagation fault) it answers 404 as for
// an unknown policy, as IBM Cloud does right after creation (terraform-provider-ibm issue 4413).
func (s *Server) getPolicy(w http.ResponseWriter, r *http.Request, u *user) error {
	p, err := accountPolicy(s.store.read(), u, r.PathValue("id"))
	if err == nil && s.faults.policyPending(p.ID) {
		_, err = accountPolicy(&state{}, u, p.ID)
	}
	if err != nil {
		return err
	}
	w.Header().Set("ETag", `W/"`+rcTime(p.LastModifiedAt)+`"`)
	writeJSON(w, http.StatusOK, s.policyJSON(r, p))
	return nil
}

// deletePolicy serves DELETE /v1/policies/{id}.
func (s *Server) deletePolicy(w http.ResponseWriter, r *http.Request, u *user) error {
	return s.updateThenStatus(w, http.StatusNoContent, func(st *state) error {
		p, err := accountPolicy(st, u, r.PathValue("id"))
		if err != nil {
			return err
		}
		delete(st.Policies, p.ID)
		return nil
	})
}

// attributeMatches applies a policy attribute's operator to an actual value ("" when the resource has no such
// attribute). The operators are IAM's (platform-services-go-sdk iampolicymanagementv1 ResourceAttribute.Operator;
// ibm-cloud-docs/account iam-wildcard.md): stringEquals, stringMatch with the wildcards
// "*" (any run of characters) and "?" (one character), stringExists ("true": the attribute has any value; Terraform
// writes a "*" value so, ibm-strictness.md section 9).
func attributeMatches(a attribute, actual string) bool {
	switch a.Operator {
	case "stringExists":
		return (a.Value == "true") == (actual != "")
	case "stringMatch":
		return actual != "" && globMatch(a.Value, actual)
	default:
		return a.Value == actual
	}
}

// globMatch reports whether s matches pattern, "*" standing for any run of characters and "?" for one; no other
// character is special (unlike path.Match, "/", "[" and "\\" are plain).
func globMatch(pattern, s string) bool {
	re := strings.NewReplacer(`\*`, `.*`, `\?`, `.`).Replace(regexp.QuoteMeta(pattern))
	return regexp.MustCompile(`^(?s:` + re + `)$`).MatchString(s)
}

// attributesMatch reports whether every attribute of a policy set matches the actual values.
func attributesMatch(attrs []attribute, actual map[string]string) bool {
	for _, a := range attrs {
		if !attributeMatches(a, actual[a.Name]) {
			return false
		}
	}
	return true
}

// authorizedFor reports whether an active authorization lets source reach target (or its key keyID, when set)
// with a role accepted by roleOK. Every attribute of a policy must match (attributeMatches), so a policy scoped to one
// key (resourceType "key", resource its ID: terraform-ibm-modules/terraform-ibm-app-configuration main.tf kms_policy)
// covers that key only, and one scoped to a region or key ring covers only what is there. cloudsim's keys are all in
// Key Protect's "default" key ring.
func authorizedFor(st *state, source, target *instance, keyID string, roleOK func(string) bool) bool {
	subject := map[string]string{
		"accountId": source.AccountID, "serviceName": source.Service, "serviceInstance": source.GUID,
		"resourceGroupId": source.ResourceGroupID, "region": source.Region,
	}
	resource := map[string]string{
		"accountId": target.AccountID, "serviceName": target.Service, "serviceInstance": target.GUID,
		"resourceGroupId": target.ResourceGroupID, "region": target.Region,
	}
	if keyID != "" {
		resource["resourceType"], resource["resource"], resource["keyRing"] = "key", keyID, "default"
	}
	for _, p := range st.Policies {
		if p.Type != policyTypeAuthorization || p.State != "active" || p.AccountID != target.AccountID {
			continue
		}
		if !attributesMatch(p.Subjects[0], subject) || !attributesMatch(p.Resources[0], resource) {
			continue
		}
		if slices.ContainsFunc(p.Roles, func(r policyRole) bool { return roleOK(r.RoleID) }) {
			return true
		}
	}
	return false
}
