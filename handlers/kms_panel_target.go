package handlers

import (
	"github.com/labstack/echo/v4"

	"appconfig-console/services/iam"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
)

// fillKeys lists the root keys of the chosen instance: usable ones selectable, the others disabled with the reason.
func fillKeys(c echo.Context, p *views.KMSPanel, ac, target resources.Instance, read kms.Panel) {
	p.Key = read.Key
	if read.KeysErr != nil {
		p.Notice = errorNotice(c, "kms-error", "The root keys of "+target.Name+" could not be listed", read.KeysErr)
		p.KeysNote = "The list could not be read. Try again in a moment."
		return
	}
	for _, k := range read.Keys {
		p.Keys = append(p.Keys, components.SelectOption{Value: k.ID, Label: k.Name, Selected: k.ID == read.Key,
			Disabled: k.Unusable != "", Reason: k.Unusable})
	}
	if read.UsableKeys == 0 {
		p.KeysNote = target.Name + " has no active root key."
		p.NewKey = &views.KMSNewKey{URL: kmsRootKeyCreateURL(instanceAddress(ac))}
	}
}

// kmsAuthorizationBox describes the authorization App Configuration needs on the target, and whether it exists.
func kmsAuthorizationBox(c echo.Context, ac, target resources.Instance, ch kmsChoice, grant *iam.Authorization, err error) *views.KMSAuthorization {
	box := &views.KMSAuthorization{
		Exists: grant != nil, SourceInstance: ac.Name, Target: target.Name, TargetService: resources.ServiceDisplayName(target.Service),
		Role: "Reader", WizardURL: authorizationWizardURL(ac, target, ch),
	}
	if err != nil {
		box.Note = "The console could not check whether this authorization exists (" + failureOf(c, err).Message + ") Create checks again; " +
			"tick the box below to create it if it is missing."
	}
	return box
}

// authorizationWizardURL opens the Authorizations wizard pre-filled with the authorization the integration needs,
// returning to the panel in its current state.
func authorizationWizardURL(ac, target resources.Instance, ch kmsChoice) string {
	back := ch
	back.Authorize = false
	return withQuery(authorizationCreateURL(), wizardState{AuthorizationRequest: kms.AuthorizationRequest(ac, target), Return: back.url(instanceAddress(ac))}.query())
}
