package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/routes"
)

// wizardURL is the wizard's URL for the query given as name=value pairs.
func wizardURL(pairs ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		q.Add(pairs[i], pairs[i+1])
	}
	return routes.Path(routes.AuthorizationWizard) + "?" + q.Encode()
}

func TestAuthorizationsList(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	checkPages(t, tc, []pageCase{
		{path: routes.Path(routes.Authorizations), wants: []string{`aria-current="page"`, `data-nav="authorizations"`, "Authorizations", "authorization-" + cloudsim.EUAuthorizationPolicyID,
			"App Configuration", "Instance app-config-eu", "Key Protect", "Instance key-protect-eu-de", "Reader", "This account",
			`href="` + routes.Path(routes.AuthorizationWizard) + `"`, routes.Path(routes.AuthorizationRemoval, cloudsim.EUAuthorizationPolicyID)}},
		{path: routes.Path(routes.Authorizations) + "?service=kms", wants: []string{"authorization-" + cloudsim.EUAuthorizationPolicyID}},
		{path: routes.Path(routes.Authorizations) + "?service=hs-crypto", wants: []string{"No authorizations match", "Clear filters"}, donts: []string{"authorization-" + cloudsim.EUAuthorizationPolicyID}},
		{path: routes.Path(routes.Authorizations) + "?q=key-protect-eu", wants: []string{"authorization-" + cloudsim.EUAuthorizationPolicyID}},
		{path: routes.Path(routes.Authorizations) + "?q=no-such-thing", wants: []string{"No authorizations match"}},
	})
}

func TestAuthorizationsListPagesAndOtherAccounts(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	inspect := tc.Inspect(t)
	for n := range 25 {
		inspect.CreateAuthorization([]string{"accountId", fmt.Sprintf("%032x", n+1), "serviceName", "apprapp"},
			[]string{"accountId", cloudsim.DemoAccountID, "serviceName", "kms"}, cloudsim.RoleReaderCRN)
	}
	_, body := tc.get(routes.Path(routes.Authorizations))
	if got := strings.Count(body, `id="authorization-`); got != 20 {
		t.Errorf("page 1 shows %d rows, want 20", got)
	}
	assertContains(t, body, []string{"1–20 of 26 items", routes.Path(routes.Authorizations) + "?page=2", fmt.Sprintf("%032x", 25)}, nil)
	_, body = tc.get(routes.Path(routes.Authorizations) + "?page=2")
	if got := strings.Count(body, `id="authorization-`); got != 6 {
		t.Errorf("page 2 shows %d rows, want 6", got)
	}
	assertContains(t, body, []string{"21–26 of 26 items", routes.Path(routes.Authorizations) + "?page=1"}, nil)
}

func TestAuthorizationWizardShows(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	checkPages(t, tc, []pageCase{
		{name: "empty", path: routes.Path(routes.AuthorizationWizard), wants: []string{"This account", "Other account", "Source service", "All resources",
			"Resources based on selected attributes", "Target service", "Key Protect", "Hyper Protect Crypto Services", "Authorize",
			"Select the source and the target service"}, donts: []string{"data-review>", `name="source_account_id"`}},
		{name: "from integrations", path: wizardURL("return", routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID)), wants: []string{`<option value="apprapp" selected`, `name="return" value="` + routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID) + `"`}},
		{name: "other account", path: wizardURL("source_account", "other", "source_scope", "attributes"), wants: []string{"Account ID", `name="source_account_id"`, "Source resource group ID", "Source service instance ID"}},
		{name: "attributes", path: wizardURL("source_service", "apprapp", "source_scope", "attributes"), wants: []string{"Add attributes", "Source resource group", "production", "app-config-enterprise", "app-config-lite"}},
		{name: "review with Reader preselected", path: wizardURL("source_service", "apprapp", "target_service", "kms", "target_scope", "instance",
			"target_instance", cloudsim.KeyProtectUSSouthGUID), wants: []string{`value="Reader" checked`, "ReaderPlus", "data-review>", "App Configuration (all resources) has Reader access to Key Protect (instance key-protect-us-south).",
			"ibmcloud iam authorization-policy-create apprapp kms Reader", "--target-service-instance-id " + cloudsim.KeyProtectUSSouthGUID,
			`resource &#34;ibm_iam_authorization_policy&#34;`, `data-copy="authorization-cli-code"`, `data-copy="authorization-terraform-code"`,
			"role=Reader"}, donts: []string{"Enable authorization to be delegated"}},
		{name: "no delegation for App Configuration", path: wizardURL("source_service", "apprapp", "target_service", "kms", "role", "Reader"), donts: []string{"Enable authorization to be delegated"}},
		{name: "explicitly no role", path: wizardURL("source_service", "apprapp", "target_service", "kms", "role", ""), wants: []string{"Complete the source, the target and the roles"}, donts: []string{`value="Reader" checked`}},
		{name: "format error shown at once", path: wizardURL("source_account", "other", "source_account_id", "12345"), wants: []string{"32 hexadecimal characters (0-9, a-f); this one is not"}},
		{name: "existing", path: wizardURL("source_service", "apprapp", "source_scope", "attributes", "source_instance", cloudsim.AppConfigEUGUID,
			"target_service", "kms", "target_scope", "instance", "target_instance", cloudsim.KeyProtectEUDEGUID), wants: []string{"This authorization already exists", routes.Path(routes.Authorizations) + "?q=" + cloudsim.EUAuthorizationPolicyID}},
	})
}

func TestAuthorizationFragments(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	for path, id := range map[string]string{
		wizardURL("source_service", "apprapp"):              `id="authorization-wizard"`,
		routes.Path(routes.Authorizations) + "?service=kms": `id="authorizations"`,
	} {
		resp, body := tc.getHX(path)
		if resp.StatusCode != http.StatusOK || strings.Contains(body, "<html") || !strings.Contains(body, id) {
			t.Errorf("%s as htmx fragment: status %d, full page %v, has %s %v", path, resp.StatusCode, strings.Contains(body, "<html"), id, strings.Contains(body, id))
		}
	}
}

func TestAuthorizationWizardFieldRules(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	before := tc.Inspect(t).AuthorizationIDs()
	kp := []string{"target_service", "kms"}
	ac := []string{"source_service", "apprapp"}
	join := func(parts ...[]string) []string { return slices.Concat(parts...) }
	tests := []struct {
		name  string
		query []string
		want  string
	}{
		{"account ID missing", join([]string{"source_account", "other"}, ac, kp), "Enter the account ID of the source account: 32 hexadecimal characters."},
		{"account ID not hex", join([]string{"source_account", "other", "source_account_id", "not-an-account-id-not-an-account"}, ac, kp), "An account ID is 32 hexadecimal characters"},
		{"account ID too short", join([]string{"source_account", "other", "source_account_id", "4f0c9a2e"}, ac, kp), "An account ID is 32 hexadecimal characters"},
		{"own account as other", join([]string{"source_account", "other", "source_account_id", cloudsim.DemoAccountID}, ac, kp), "This is the ID of this account"},
		{"source service missing", kp, "Select the source service."},
		{"source service unknown", join([]string{"source_service", "no-such-service"}, kp), "is not a service of the catalog"},
		{"no attribute", join(ac, []string{"source_scope", "attributes"}, kp), "Add at least one attribute"},
		{"source instance of another service", join(ac, []string{"source_scope", "attributes", "source_instance", cloudsim.KeyProtectUSSouthGUID}, kp), "Select an instance of App Configuration in this account."},
		{"source group unknown", join(ac, []string{"source_scope", "attributes", "source_group", "ffffffffffffffffffffffffffffffff"}, kp), "Select a resource group of this account."},
		{"other account instance not a GUID", join([]string{"source_account", "other", "source_account_id", cloudsim.OtherAccountID}, ac,
			[]string{"source_scope", "attributes", "source_instance", "app-config-eu"}, kp), "An instance ID is a GUID"},
		{"other account group not an ID", join([]string{"source_account", "other", "source_account_id", cloudsim.OtherAccountID}, ac,
			[]string{"source_scope", "attributes", "source_group", "production"}, kp), "A resource group ID is 32 hexadecimal characters"},
		{"target service missing", ac, "Select the target service."},
		{"target instance missing", join(ac, kp, []string{"target_scope", "instance"}), "Select the instance of the target service."},
		{"target instance of another service", join(ac, kp, []string{"target_scope", "instance", "target_instance", cloudsim.HPCSUSSouthGUID}), "Select an instance of Key Protect in this account."},
		{"target group missing", join(ac, kp, []string{"target_scope", "group"}), "Select the resource group of the target instances."},
		{"target group unknown", join(ac, kp, []string{"target_scope", "group", "target_group", "0000"}), "Select a resource group of this account."},
		{"no role", join(ac, kp, []string{"role", ""}), "Select at least one role."},
		{"unknown role", join(ac, kp, []string{"role", "Owner"}), "“Owner” is not a role this target offers to this source."},
		{"delegation not offered", join(ac, kp, []string{"role", "Reader", "delegate", "1"}), "do not offer delegation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := tc.post(wizardURL(tt.query...), nil)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%s", resp.StatusCode, body)
			}
			assertContains(t, body, []string{tt.want, "Nothing was created"}, nil)
		})
	}
	if after := tc.Inspect(t).AuthorizationIDs(); len(after) != len(before) {
		t.Errorf("invalid input created policies: %d before, %d after", len(before), len(after))
	}
}

// TestAuthorizeCreatesDocumentedPolicy checks through GetPolicy that each scope combination of the wizard yields exactly the documented attributes.
func TestAuthorizeCreatesDocumentedPolicy(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	acct := cloudsim.DemoAccountID
	tests := []struct {
		name         string
		query        []string
		wantSubject  []string
		wantResource []string
		wantRoles    []string
	}{
		{"all to all", []string{"source_service", "apprapp", "target_service", "kms"},
			[]string{"accountId=" + acct, "serviceName=apprapp"},
			[]string{"accountId=" + acct, "serviceName=kms"}, []string{cloudsim.RoleReaderCRN}},
		{"instance to instance", []string{"source_service", "apprapp", "source_scope", "attributes", "source_instance", cloudsim.AppConfigEnterpriseGUID,
			"target_service", "kms", "target_scope", "instance", "target_instance", cloudsim.KeyProtectUSSouthGUID},
			[]string{"accountId=" + acct, "serviceName=apprapp", "serviceInstance=" + cloudsim.AppConfigEnterpriseGUID},
			[]string{"accountId=" + acct, "serviceName=kms", "serviceInstance=" + cloudsim.KeyProtectUSSouthGUID}, []string{cloudsim.RoleReaderCRN}},
		{"group to group, two roles", []string{"source_service", "apprapp", "source_scope", "attributes", "source_group", cloudsim.ProductionResourceGroupID,
			"target_service", "hs-crypto", "target_scope", "group", "target_group", cloudsim.DefaultResourceGroupID, "role", "Reader", "role", cloudsim.RoleHPCSReaderPlusCRN},
			[]string{"accountId=" + acct, "serviceName=apprapp", "resourceGroupId=" + cloudsim.ProductionResourceGroupID},
			[]string{"accountId=" + acct, "serviceName=hs-crypto", "resourceGroupId=" + cloudsim.DefaultResourceGroupID},
			[]string{cloudsim.RoleReaderCRN, cloudsim.RoleHPCSReaderPlusCRN}},
		{"group and instance to all", []string{"source_service", "apprapp", "source_scope", "attributes", "source_group", cloudsim.DefaultResourceGroupID,
			"source_instance", cloudsim.AppConfigLiteGUID, "target_service", "hs-crypto"},
			[]string{"accountId=" + acct, "serviceName=apprapp", "resourceGroupId=" + cloudsim.DefaultResourceGroupID, "serviceInstance=" + cloudsim.AppConfigLiteGUID},
			[]string{"accountId=" + acct, "serviceName=hs-crypto"}, []string{cloudsim.RoleReaderCRN}},
		{"other account to an instance", []string{"source_account", "other", "source_account_id", strings.ToUpper(cloudsim.OtherAccountID), "source_service", "apprapp",
			"target_service", "kms", "target_scope", "instance", "target_instance", cloudsim.KeyProtectEUDEGUID},
			[]string{"accountId=" + cloudsim.OtherAccountID, "serviceName=apprapp"},
			[]string{"accountId=" + acct, "serviceName=kms", "serviceInstance=" + cloudsim.KeyProtectEUDEGUID}, []string{cloudsim.RoleReaderCRN}},
		{"other account instance ID", []string{"source_account", "other", "source_account_id", cloudsim.OtherAccountID, "source_service", "apprapp",
			"source_scope", "attributes", "source_instance", "00000000-1111-4222-8333-444444444444", "target_service", "kms", "role", "Writer"},
			[]string{"accountId=" + cloudsim.OtherAccountID, "serviceName=apprapp", "serviceInstance=00000000-1111-4222-8333-444444444444"},
			[]string{"accountId=" + acct, "serviceName=kms"}, []string{cloudsim.RoleWriterCRN}},
		{"delegated to dependent services", []string{"source_service", "databases-for-postgresql", "target_service", "kms", "role", "Reader", "delegate", "1"},
			[]string{"accountId=" + acct, "serviceName=databases-for-postgresql"},
			[]string{"accountId=" + acct, "serviceName=kms"}, []string{cloudsim.RoleReaderCRN, cloudsim.RoleAuthorizationDelegatorCRN}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tc.Inspect(t).AuthorizationIDs()
			resp, body := tc.post(wizardURL(tt.query...), nil)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != routes.Path(routes.Authorizations) {
				t.Fatalf("status %d, location %q\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
			}
			var created []string
			for _, id := range tc.Inspect(t).AuthorizationIDs() {
				if !slices.Contains(before, id) {
					created = append(created, id)
				}
			}
			if len(created) != 1 {
				t.Fatalf("created %d policies, want 1", len(created))
			}
			c := tc.Inspect(t).Policies()
			p, _, err := c.GetPolicy(c.NewGetPolicyOptions(created[0]))
			if err != nil {
				t.Fatal(err)
			}
			var subject, resource, roles []string
			for _, a := range p.Subjects[0].Attributes {
				subject = append(subject, *a.Name+"="+*a.Value)
			}
			for _, a := range p.Resources[0].Attributes {
				resource = append(resource, *a.Name+"="+*a.Value)
				if a.Operator == nil || *a.Operator != "stringEquals" {
					t.Errorf("resource attribute %s has operator %v, want stringEquals", *a.Name, a.Operator)
				}
			}
			for _, r := range p.Roles {
				roles = append(roles, *r.RoleID)
			}
			for _, cmp := range []struct {
				what      string
				got, want []string
			}{{"subject", subject, tt.wantSubject}, {"resource", resource, tt.wantResource}, {"roles", roles, tt.wantRoles}} {
				slices.Sort(cmp.got)
				want := slices.Sorted(slices.Values(cmp.want))
				if !slices.Equal(cmp.got, want) {
					t.Errorf("%s = %v, want %v", cmp.what, cmp.got, want)
				}
			}
			_, list := tc.get(routes.Path(routes.Authorizations))
			assertContains(t, list, []string{"Authorization created", "authorization-" + created[0]}, nil)
		})
	}
}

func TestAuthorizeRefusals(t *testing.T) {
	t.Parallel()
	valid := []string{"source_service", "apprapp", "target_service", "kms", "target_scope", "instance", "target_instance", cloudsim.KeyProtectUSSouthGUID}
	tests := []struct {
		name       string
		apiKey     string
		query      []string
		wantStatus int
		want       []string
	}{
		{"read-only user", cloudsim.DemoViewerAPIKey, valid, http.StatusForbidden, []string{"Authorization not created", "IAM refused", "Nothing was created"}},
		{"already exists", cloudsim.DemoAdminAPIKey, []string{"source_service", "apprapp", "source_scope", "attributes", "source_instance", cloudsim.AppConfigEUGUID,
			"target_service", "kms", "target_scope", "instance", "target_instance", cloudsim.KeyProtectEUDEGUID},
			http.StatusConflict, []string{"This authorization already exists", routes.Path(routes.Authorizations) + "?q=" + cloudsim.EUAuthorizationPolicyID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, tt.apiKey)
			before := tc.Inspect(t).AuthorizationIDs()
			resp, body := tc.post(wizardURL(tt.query...), nil)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tt.wantStatus, body)
			}
			assertContains(t, body, tt.want, nil)
			if after := tc.Inspect(t).AuthorizationIDs(); len(after) != len(before) {
				t.Errorf("policies %d -> %d, want nothing created", len(before), len(after))
			}
		})
	}
}

func TestAuthorizeReturns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ret, want string
	}{
		{routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseGUID) + "?service=kms", routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseGUID) + "?service=kms"},
		{"https://evil.example/", routes.Path(routes.Authorizations)},
		{"//evil.example/", routes.Path(routes.Authorizations)},
	}
	for _, tt := range tests {
		t.Run(tt.ret, func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
			resp, body := tc.post(wizardURL("source_service", "apprapp", "target_service", "kms", "return", tt.ret), nil)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tt.want {
				t.Fatalf("status %d, location %q, want %q\n%s", resp.StatusCode, resp.Header.Get("Location"), tt.want, body)
			}
		})
	}
}

func TestAuthorizationRemoval(t *testing.T) {
	t.Parallel()
	removeURL := routes.Path(routes.AuthorizationRemoval, cloudsim.EUAuthorizationPolicyID)
	t.Run("admin", func(t *testing.T) {
		t.Parallel()
		tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
		resp, body := tc.get(removeURL)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d\n%s", resp.StatusCode, body)
		}
		assertContains(t, body, []string{"Remove authorization", "App Configuration (instance app-config-eu) will lose this access to Key Protect (instance key-protect-eu-de)",
			`action="` + removeURL + `"`, "Check before you remove it"}, nil)
		resp, body = tc.post(removeURL, nil)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != routes.Path(routes.Authorizations) {
			t.Fatalf("remove: status %d, location %q\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
		}
		if slices.Contains(tc.Inspect(t).AuthorizationIDs(), cloudsim.EUAuthorizationPolicyID) {
			t.Error("policy still exists after removal")
		}
		_, body = tc.get(routes.Path(routes.Authorizations))
		assertContains(t, body, []string{"Authorization removed"}, nil)
		if strings.Contains(body, "authorization-"+cloudsim.EUAuthorizationPolicyID) {
			t.Error("removed authorization still listed")
		}
		if resp, _ := tc.get(removeURL); resp.StatusCode != http.StatusNotFound {
			t.Errorf("confirmation of a removed authorization: status %d, want 404", resp.StatusCode)
		}
	})
	t.Run("read-only user", func(t *testing.T) {
		t.Parallel()
		tc := signedInConsole(t, cloudsim.DemoViewerAPIKey)
		resp, body := tc.post(removeURL, nil)
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403\n%s", resp.StatusCode, body)
		}
		assertContains(t, body, []string{"Not removed", "Administrator role on the target service"}, nil)
		if !slices.Contains(tc.Inspect(t).AuthorizationIDs(), cloudsim.EUAuthorizationPolicyID) {
			t.Error("policy removed by a read-only user")
		}
	})
	t.Run("bad id", func(t *testing.T) {
		t.Parallel()
		tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
		if resp, _ := tc.get(routes.Path(routes.AuthorizationRemoval, "not an id")); resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
	})
	t.Run("without CSRF token", func(t *testing.T) {
		t.Parallel()
		tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
		if resp, _ := tc.post(removeURL, url.Values{"csrf": {"forged"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", resp.StatusCode)
		}
		if !slices.Contains(tc.Inspect(t).AuthorizationIDs(), cloudsim.EUAuthorizationPolicyID) {
			t.Error("policy removed without a valid CSRF token")
		}
	})
}

func TestAuthorizationWizardOffersDelegationOnlyWhenRolesDo(t *testing.T) {
	t.Parallel()
	delegate := []string{`name="delegate"`}
	checkPages(t, signedInConsole(t, cloudsim.DemoAdminAPIKey), []pageCase{
		{name: "databases-for-postgresql", path: wizardURL("source_service", "databases-for-postgresql", "target_service", "kms"), wants: delegate},
		{name: "apprapp", path: wizardURL("source_service", "apprapp", "target_service", "kms"), donts: delegate},
	})
}
