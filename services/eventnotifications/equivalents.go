package eventnotifications

import (
	"errors"
	"fmt"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/equivalent"
	"appconfig-console/services/resources"
)

// Reasons the Event Notifications panel shows instead of commands.
const (
	PendingChoice = "Choose an Event Notifications instance to see the commands Save runs."
	PendingSource = "Enter a valid source name to see the commands Save runs."
	PendingPlan   = "Event Notifications can be connected only to an App Configuration instance on the Enterprise plan, so there is no command that would work."
	noteExisting  = "App Configuration is already authorized to send events to this instance (policy %s): Save makes no new authorization."
	PendingRole   = "IAM does not offer the Event Source Manager role for App Configuration on Event Notifications, so Save stops and there is no command that would work."
)

// Equivalents returns the `ibmcloud` commands and the Terraform that do what Save does for in, given the authorization
// Grant found (or grantErr): the authorization when none grants the access yet, then the integration. When Save would
// not run (nothing chosen, an invalid source, a refusal), it returns only the reason.
func Equivalents(in ConnectInput, grant Grant, grantErr error) equivalent.Equivalent {
	in.Source = in.Source.Normalize()
	switch {
	case !in.AppConfig.IsEnterprise():
		return equivalent.Wait(PendingPlan)
	case in.EventNotifications.GUID == "" || in.EventNotifications.Service != resources.ServiceEventNotifications:
		return equivalent.Wait(PendingChoice)
	case !in.Source.Validate().OK():
		return equivalent.Wait(PendingSource)
	case errors.Is(grantErr, ErrRoleUnavailable):
		return equivalent.Wait(PendingRole)
	}
	inst := appconfig.InstanceOf(in.AppConfig)
	enIn := integrationInput(in)
	id := appconfig.IntegrationID("en-", in.EventNotifications.GUID)
	var script equivalent.Script
	script.Add("", appconfig.TerraformRegion(inst))
	dependsOn := ""
	if grant.Existing != nil {
		script.Note(fmt.Sprintf(noteExisting, grant.Existing.ID))
	} else {
		role := grant.Role
		if role.DisplayName == "" {
			role.DisplayName = RoleName
		}
		dependsOn = appconfig.AuthorizeFirst(&script, NewAuthorization(in, role), "Save", grantErr != nil)
	}
	script.Add(appconfig.ENCommand(inst, id, enIn), appconfig.ENTerraform(inst, id, enIn, dependsOn))
	return script.Equivalent()
}
