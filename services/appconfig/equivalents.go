package appconfig

import (
	"fmt"
	"strings"

	"appconfig-console/services/equivalent"
	"appconfig-console/services/iam"
)

// Terraform resource types of the integrations (terraform-provider-ibm, website/docs/r/app_config_integration_kms and
// app_config_integration_en.html.markdown).
const (
	TerraformKMS = "ibm_app_config_integration_kms"
	TerraformEN  = "ibm_app_config_integration_en"
)

// Notes around an authorization the console makes before an integration; %s is the console's button.
const (
	noteUnchecked            = "The console could not check whether an authorization already grants this access: %s makes this one only if none does."
	noteNotInEffect          = "App Configuration can refuse the integration (403) until the new authorization takes effect: if it does, wait a few seconds and run it again (%s retries by itself)."
	noteNotInEffectTerraform = "App Configuration can refuse the integration (403) until the new authorization takes effect: if it does, run terraform apply again a few seconds later."
)

// AuthorizeFirst adds to script what creates a before an integration (when unchecked, the note that button makes a
// only if none grants the access; then the command and the Terraform block, each with the note that the integration
// can be refused until a takes effect) and returns a's Terraform address, for the integration's depends_on.
func AuthorizeFirst(script *equivalent.Script, a iam.Authorization, button string, unchecked bool) string {
	if unchecked {
		script.Note(fmt.Sprintf(noteUnchecked, button))
	}
	script.Add(iam.CLICommand(a), iam.TerraformBlock(a))
	script.Add(equivalent.Comment(fmt.Sprintf(noteNotInEffect, button)), equivalent.Comment(noteNotInEffectTerraform))
	return iam.TerraformAddress(a)
}

// IntegrationID returns an integration ID for a command or a Terraform block: prefix followed by the first letters and
// digits of from (an ID of the other side), so that the same choice gives the same ID. The console's own Create picks a
// random suffix instead; both fit the API's rule (letters, digits, dot, hyphen, underscore).
func IntegrationID(prefix, from string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, r := range strings.ToLower(from) {
		if b.Len() == len(prefix)+integrationIDSize {
			break
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// KMSCommand returns the `ibmcloud app-configuration integration-create` command that creates the KMS integration id
// of inst (ibm-cloud-docs/app-configuration ac-updated-cli.md: --guid, --integration-id, --integration-type and the
// --metadata-kms-* options; --region is the plug-in's global option naming the instance's region).
func KMSCommand(inst Instance, id string, in KMSInput) string {
	return integrationCreate(inst, id, TypeKMS,
		equivalent.Flag{Name: "--metadata-kms-instance-crn", Value: in.InstanceCRN},
		equivalent.Flag{Name: "--metadata-kms-endpoint", Value: in.Endpoint},
		equivalent.Flag{Name: "--metadata-root-key-id", Value: in.RootKeyID},
	)
}

// ENCommand returns the `ibmcloud app-configuration integration-create` command that creates the Event Notifications
// integration id of inst (ac-updated-cli.md: the --metadata-event-notifications-* options; the description only when
// there is one, as Create sends it).
func ENCommand(inst Instance, id string, in ENInput) string {
	return integrationCreate(inst, id, TypeEventNotifications,
		equivalent.Flag{Name: "--metadata-event-notifications-instance-crn", Value: in.InstanceCRN},
		equivalent.Flag{Name: "--metadata-event-notifications-endpoint", Value: in.Endpoint},
		equivalent.Flag{Name: "--metadata-event-notifications-source-name", Value: in.SourceName},
		equivalent.Flag{Name: "--metadata-event-notifications-source-description", Value: in.SourceDescription},
	)
}

// KMSTerraform returns the ibm_app_config_integration_kms resource that creates the KMS integration id of inst; dependsOn,
// when not empty, is the address of a resource it must wait for (the authorization).
func KMSTerraform(inst Instance, id string, in KMSInput, dependsOn string) string {
	return integrationResource(TerraformKMS, inst, id, dependsOn,
		equivalent.Arg{Name: "kms_instance_crn", Expr: equivalent.String(in.InstanceCRN)},
		equivalent.Arg{Name: "kms_endpoint", Expr: equivalent.String(in.Endpoint)},
		equivalent.Arg{Name: "root_key_id", Expr: equivalent.String(in.RootKeyID)},
	)
}

// ENTerraform returns the ibm_app_config_integration_en resource that creates the Event Notifications integration id of
// inst; the provider sends its `description` as the source description.
func ENTerraform(inst Instance, id string, in ENInput, dependsOn string) string {
	description := ""
	if in.SourceDescription != "" {
		description = equivalent.String(in.SourceDescription)
	}
	return integrationResource(TerraformEN, inst, id, dependsOn,
		equivalent.Arg{Name: "en_instance_crn", Expr: equivalent.String(in.InstanceCRN)},
		equivalent.Arg{Name: "en_endpoint", Expr: equivalent.String(in.Endpoint)},
		equivalent.Arg{Name: "en_source_name", Expr: equivalent.String(in.SourceName)},
		equivalent.Arg{Name: "description", Expr: description},
	)
}

// TerraformRegion is the comment that says which region the provider must target: the App Configuration resources
// reach https://REGION.apprapp.cloud.ibm.com with the provider's region (terraform-provider-ibm,
// ibm/service/appconfiguration/utils.go).
func TerraformRegion(inst Instance) string {
	return equivalent.Comment(`The provider "ibm" must target the App Configuration instance's region:`) +
		"\n#   region = " + equivalent.String(inst.Region)
}

func dependsOnArg(address string) equivalent.Arg {
	if address == "" {
		return equivalent.Arg{Name: "depends_on"}
	}
	return equivalent.Arg{Name: "depends_on", Expr: "[" + address + "]"}
}

// terraformName is a resource name made of the integration ID.
func terraformName(id string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		return '_'
	}, id)
}

// integrationResource returns the resource of type kind that creates the integration id in inst, with the arguments
// of that type after the ones every integration has, and depends_on last.
func integrationResource(kind string, inst Instance, id, dependsOn string, metadata ...equivalent.Arg) string {
	args := append([]equivalent.Arg{
		{Name: "guid", Expr: equivalent.String(inst.GUID)},
		{Name: "integration_id", Expr: equivalent.String(id)},
	}, metadata...)
	return equivalent.Resource(kind, terraformName(id), append(args, dependsOnArg(dependsOn))...)
}

// integrationCreate returns the `ibmcloud app-configuration integration-create` command that creates the integration id
// of type typ in inst, with the options of that type after the ones every integration has.
func integrationCreate(inst Instance, id, typ string, metadata ...equivalent.Flag) string {
	flags := append([]equivalent.Flag{
		{Name: "--region", Value: inst.Region},
		{Name: "--guid", Value: inst.GUID},
		{Name: "--integration-id", Value: id},
		{Name: "--integration-type", Value: typ},
	}, metadata...)
	return equivalent.Command("ibmcloud app-configuration integration-create", flags...)
}
