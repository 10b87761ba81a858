package docshots

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"appconfig-console/cloudsim"
	"appconfig-console/routes"
)

// Screen is one documented screen state: every state of the console has a URL, so a screen is a URL and, optionally,
// the element to photograph instead of the whole viewport.
type Screen struct {
	// Name is the image's file name without ".png"; it follows the documentation's image name where there is one.
	Name  string
	Title string
	// Path is the console URL's path and query.
	Path string
	// Clip, when set, is the CSS selector of the element to photograph.
	Clip string
	// Golden marks the few screens the visual regression test keeps reference images of.
	Golden bool
	// SignedOut screens are photographed in a tab that has not signed in (the sign-in page).
	SignedOut bool
	// Highlight lists CSS selectors of controls framed in Carbon's focus blue in the picture (screenshots --highlight).
	Highlight []string
}

// Catalogue lists every documented screen state, in the order of the documentation.
func Catalogue() []Screen {
	ent := cloudsim.AppConfigEnterpriseGUID
	kp := url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}, "key": {cloudsim.AppConfigRootKeyID}}
	// Hyper Protect Crypto Services takes no new App Configuration integrations (release notes, 17 March 2026): its
	// screen shows the refusal, whatever instance or key an old address names.
	hpcs := url.Values{"service": {"hs-crypto"}, "mode": {"existing"}}
	wizard := routes.Path(routes.AuthorizationWizard)
	filled := url.Values{
		"source_account": {"this"}, "source_service": {"apprapp"}, "source_scope": {"attributes"},
		"source_instance": {cloudsim.AppConfigEnterpriseGUID},
		"target_service":  {"kms"}, "target_scope": {"instance"}, "target_instance": {cloudsim.KeyProtectUSSouthGUID},
		"role": {"Reader"},
	}
	other := url.Values{"source_account": {"other"}, "source_account_id": {cloudsim.OtherAccountID}, "source_service": {"apprapp"}}
	return []Screen{
		{Name: "ac-signin", Title: "Sign in with an API key (the demo keys shown in sim mode)", Path: routes.Path(routes.SignInPage), SignedOut: true},
		{Name: "ac-integrations-default", Title: "Integrations, nothing connected", Path: routes.Path(routes.Integrations, ent), Golden: true},
		{Name: "ac-integrations-connected", Title: "Integrations, Key Protect connected (app-config-eu)",
			Path: routes.Path(routes.Integrations, cloudsim.AppConfigEUGUID), Golden: true},
		{Name: "ac-integrations-lite", Title: "Integrations on the Lite plan", Path: routes.Path(routes.Integrations, cloudsim.AppConfigLiteGUID)},
		{Name: "ac-integrations-kms-create", Title: "Key Management panel, empty", Path: routes.Path(routes.KMSPanel, ent), Golden: true},
		{Name: "ac-integrations-kms-key-protect", Title: "Key Management panel, Key Protect instance and root key chosen", Path: routes.Path(routes.KMSPanel, ent) + "?" + kp.Encode()},
		{Name: "ac-integrations-kms-authorization", Title: "Key Management panel, the service authorization box",
			Path: routes.Path(routes.KMSPanel, ent) + "?" + kp.Encode(), Clip: "#kms-authorization"},
		{Name: "ac-integrations-kms-hpcs", Title: "Key Management panel, Hyper Protect Crypto Services refused (closed to new integrations)", Path: routes.Path(routes.KMSPanel, ent) + "?" + hpcs.Encode()},
		{Name: "ac-integrations-kms-new-instance", Title: "Key Management panel, Create a new instance", Path: routes.Path(routes.KMSPanel, ent) + "?service=kms&mode=new"},
		{Name: "ac-integrations-en-create", Title: "Event Notifications panel", Path: routes.Path(routes.ENPanel, ent), Golden: true},
		{Name: "ac-iam-authorizations", Title: "Access (IAM) Authorizations list", Path: routes.Path(routes.Authorizations), Golden: true},
		{Name: "ac-iam-authorization-create", Title: "Create authorization, empty", Path: wizard},
		{Name: "ac-iam-authorization-create-other-account", Title: "Create authorization, source in another account",
			Path: wizard + "?" + other.Encode(), Clip: "#wizard-source"},
		{Name: "ac-iam-authorization-create-source", Title: "Create authorization, 1. Source", Path: wizard + "?" + filled.Encode(), Clip: "#wizard-source"},
		{Name: "ac-iam-authorization-create-target", Title: "Create authorization, 2. Target", Path: wizard + "?" + filled.Encode(), Clip: "#wizard-target"},
		{Name: "ac-iam-authorization-create-roles", Title: "Create authorization, 3. Roles", Path: wizard + "?" + filled.Encode(), Clip: "#wizard-roles"},
		{Name: "ac-iam-authorization-create-review", Title: "Create authorization, 4. Review", Path: wizard + "?" + filled.Encode(), Clip: "#wizard-review"},
		{Name: "ac-iam-authorization-remove", Title: "Remove authorization, confirmation",
			Path: routes.Path(routes.AuthorizationRemoval, cloudsim.EUAuthorizationPolicyID)},
		{Name: "ac-kms-keys", Title: "Key Protect instance, keys", Path: routes.Path(routes.KMSInstance, cloudsim.KeyProtectEUDEGUID)},
		{Name: "ac-kms-key-associated-resources", Title: "Root key with its associated resources",
			Path: routes.Path(routes.KMSKey, cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID), Golden: true},
		{Name: "ac-instance-delete", Title: "Delete an App Configuration instance", Path: routes.Path(routes.InstanceDeleteConfirm, cloudsim.AppConfigEUGUID)},
	}
}

// Select returns the screens named in names (all when names is empty), or an error naming the unknown ones.
func Select(all []Screen, names []string) ([]Screen, error) {
	if len(names) == 0 {
		return all, nil
	}
	var out []Screen
	var unknown []string
	for _, n := range names {
		n = strings.TrimSuffix(strings.TrimSpace(n), ".png")
		i := slices.IndexFunc(all, func(s Screen) bool { return s.Name == n })
		if i < 0 {
			unknown = append(unknown, n)
			continue
		}
		out = append(out, all[i])
	}
	if len(unknown) > 0 {
		var known []string
		for _, s := range all {
			known = append(known, s.Name)
		}
		return nil, fmt.Errorf("unknown screen %s; screens: %s", strings.Join(unknown, ", "), strings.Join(known, ", "))
	}
	return out, nil
}
