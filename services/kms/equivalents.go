package kms

import (
	"fmt"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/equivalent"
	"appconfig-console/services/resources"
)

// Reasons the Key Management panel shows instead of commands.
const (
	PendingChoice      = "Choose an instance and a root key to see the commands Create runs."
	PendingAuthorize   = "Create needs a service authorization that does not exist yet, and stops without it. Tick “Authorize App Configuration as part of Create” to see both commands, or create the authorization in Access (IAM) first."
	PendingHPCS        = "App Configuration no longer accepts new integrations with Hyper Protect Crypto Services (since March 2026), so there is no command that would work. Use Key Protect instead."
	PendingPlan        = "Integrations need the App Configuration Enterprise plan, so Create is not available and there is no command that would work."
	PendingConnected   = "This instance already uses a root key, so Create is not available: App Configuration keeps its Key Management integration for the life of the instance."
	noteExisting       = "App Configuration is already authorized to read the keys of this instance (policy %s): Create makes no new authorization."
	noteUncheckedNeeds = "Create needs an authorization that lets App Configuration read the keys of this instance; the console could not check whether one exists, and Create stops if none does."
)

// Equivalents returns the `ibmcloud` commands and the Terraform that do what Create does for req, in the panel's
// state read: the authorization when Create makes one, then the integration. When Create would not run (nothing chosen,
// an authorization missing and not to be made, a refusal), it returns only the reason.
func Equivalents(req ConnectRequest, read Panel) equivalent.Equivalent {
	switch {
	case req.KMS.Service == resources.ServiceHPCS || read.Refusal == RefusalServiceClosed:
		return equivalent.Wait(PendingHPCS)
	case read.Refusal == RefusalPlan:
		return equivalent.Wait(PendingPlan)
	case read.Refusal == RefusalConnected:
		return equivalent.Wait(PendingConnected)
	case req.KMS.GUID == "" || req.KeyID == "":
		return equivalent.Wait(PendingChoice)
	case read.Authorization == nil && read.AuthorizationErr == nil && !req.Authorize:
		return equivalent.Wait(PendingAuthorize)
	}
	inst := appconfig.InstanceOf(req.AppConfig)
	in := IntegrationInput(req)
	id := appconfig.IntegrationID("kms-", req.KeyID)
	var script equivalent.Script
	script.Add("", appconfig.TerraformRegion(inst))
	dependsOn := ""
	switch {
	case read.Authorization != nil:
		script.Note(fmt.Sprintf(noteExisting, read.Authorization.ID))
	case !req.Authorize:
		script.Note(noteUncheckedNeeds)
	default:
		a := NewAuthorization(req.AccountID, req.AppConfig, req.KMS)
		dependsOn = appconfig.AuthorizeFirst(&script, a, "Create", read.AuthorizationErr != nil)
	}
	script.Add(appconfig.KMSCommand(inst, id, in), appconfig.KMSTerraform(inst, id, in, dependsOn))
	return script.Equivalent()
}
