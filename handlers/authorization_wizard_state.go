package handlers

import (
	"net/url"
	"slices"
	"strings"

	"appconfig-console/routes"
	"appconfig-console/services/iam"
)

// wizardState is every choice of the Create authorization wizard, as its URL carries them.
type wizardState struct {
	iam.AuthorizationRequest
	Return string
}

// parseWizardState reads the wizard's choices from query, filling what a link may leave out.
func parseWizardState(q url.Values) wizardState {
	get := func(name string) string { return strings.TrimSpace(q.Get(name)) }
	st := wizardState{AuthorizationRequest: iam.AuthorizationRequest{
		SourceAccount:   get("source_account"),
		SourceAccountID: strings.ToLower(get("source_account_id")),
		SourceService:   get("source_service"),
		SourceScope:     get("source_scope"),
		SourceGroup:     get("source_group"),
		SourceInstance:  get("source_instance"),
		TargetService:   get("target_service"),
		TargetScope:     get("target_scope"),
		TargetInstance:  get("target_instance"),
		TargetGroup:     get("target_group"),
		RolesChosen:     q.Has("role"),
		Delegate:        get("delegate") == "1",
	}}
	for _, r := range q["role"] {
		if r = strings.TrimSpace(r); r != "" && !slices.Contains(st.Roles, r) {
			st.Roles = append(st.Roles, r)
		}
	}
	if ret := get("return"); ret != "" && safeReturn(ret) == ret {
		st.Return = ret
	}
	st.FromAppConfigInstance = routes.Under(st.Return, routes.Instance)
	st.Normalize()
	return st
}

// query returns the wizard's URL query for the state, with only the names that matter for it.
func (st wizardState) query() url.Values {
	q := url.Values{}
	set := func(name, value string) {
		if value != "" {
			q.Set(name, value)
		}
	}
	set("source_account", st.SourceAccount)
	if st.SourceAccount == "other" {
		set("source_account_id", st.SourceAccountID)
	}
	set("source_service", st.SourceService)
	set("source_scope", st.SourceScope)
	set("source_group", st.SourceGroup)
	set("source_instance", st.SourceInstance)
	set("target_service", st.TargetService)
	set("target_scope", st.TargetScope)
	set("target_instance", st.TargetInstance)
	set("target_group", st.TargetGroup)
	if st.RolesChosen && len(st.Roles) == 0 {
		q["role"] = []string{""}
	}
	for _, r := range st.Roles {
		q.Add("role", r)
	}
	if st.Delegate {
		q.Set("delegate", "1")
	}
	set("return", st.Return)
	return q
}
