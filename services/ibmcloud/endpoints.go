// Package ibmcloud builds the IBM Cloud SDK clients the console uses and turns their errors into plain kinds.
package ibmcloud

import (
	"strings"
)

// Endpoints holds the base URLs of the IBM Cloud APIs the console calls.
type Endpoints struct {
	IAM                string
	ResourceController string
	ResourceManager    string
	GlobalCatalog      string
	IAMPolicy          string
	// AppConfigPattern is the App Configuration base URL with "{region}" standing for the instance's region.
	AppConfigPattern string
	// KeyProtectPattern is the Key Protect API base URL with "{region}" standing for the instance's region.
	KeyProtectPattern string
}

// SimEndpoints returns the endpoints of a cloudsim emulator that serves every API on one base URL.
func SimEndpoints(base string) Endpoints {
	base = strings.TrimRight(base, "/")
	return Endpoints{
		IAM:                base,
		ResourceController: base,
		ResourceManager:    base,
		GlobalCatalog:      base + "/api/v1",
		IAMPolicy:          base,
		AppConfigPattern:   base,
		KeyProtectPattern:  base,
	}
}

// IBMEndpoints returns the public IBM Cloud endpoints, overridden by the SDKs' usual environment variables when getenv has them.
func IBMEndpoints(getenv func(string) string) Endpoints {
	pick := func(value, fallback string) string {
		if value = strings.TrimSpace(value); value != "" {
			return strings.TrimRight(value, "/")
		}
		return fallback
	}
	return Endpoints{
		IAM:                pick(getenv("IBMCLOUD_IAM_API_ENDPOINT"), "https://iam.cloud.ibm.com"),
		ResourceController: pick(getenv("RESOURCE_CONTROLLER_URL"), "https://resource-controller.cloud.ibm.com"),
		ResourceManager:    pick(getenv("RESOURCE_MANAGER_URL"), "https://resource-controller.cloud.ibm.com"),
		GlobalCatalog:      pick(getenv("GLOBAL_CATALOG_URL"), "https://globalcatalog.cloud.ibm.com/api/v1"),
		IAMPolicy:          pick(getenv("IAM_POLICY_MANAGEMENT_URL"), "https://iam.cloud.ibm.com"),
		AppConfigPattern:   pick(getenv("IBMCLOUD_APP_CONFIG_API_ENDPOINT"), "https://{region}.apprapp.cloud.ibm.com"),
		KeyProtectPattern:  KeyProtectEndpoint("{region}", false),
	}
}

// AppConfig returns the App Configuration integrations base URL of the instance with the given region and GUID.
func (e Endpoints) AppConfig(region, instanceGUID string) string {
	return strings.ReplaceAll(e.AppConfigPattern, "{region}", region) + "/apprapp/feature/v1/instances/" + instanceGUID
}

// KeyProtect returns the Key Protect API endpoint of region, the one Resource Controller publishes for every Key
// Protect instance there (regions.md), for an instance known only by its CRN.
func (e Endpoints) KeyProtect(region string) string {
	return strings.ReplaceAll(e.KeyProtectPattern, "{region}", region)
}

// KeyProtectRegions are the regions Key Protect runs in (ibm-cloud-docs/key-protect regions.md).
var KeyProtectRegions = []string{"us-south", "us-east", "eu-gb", "eu-de", "eu-es", "au-syd", "jp-tok", "jp-osa", "ca-tor", "ca-mon",
	"br-sao", "in-che", "in-mum"}

// KeyProtectEndpoint returns the Key Protect API endpoint of a region, https://{region}.kms.cloud.ibm.com, or its
// private counterpart https://private.{region}.kms.cloud.ibm.com reached over IBM Cloud's private network (regions.md).
func KeyProtectEndpoint(region string, private bool) string {
	if private {
		return "https://private." + region + ".kms.cloud.ibm.com"
	}
	return "https://" + region + ".kms.cloud.ibm.com"
}

// KeyManagementEndpoint returns the key management API endpoint of an instance of service ("kms" or "hs-crypto") in
// region: the public endpoint the instance publishes, else for Key Protect the regional one. It returns "" for a Hyper
// Protect Crypto Services instance that publishes none: its endpoint names the instance itself, by a port of its own or
// as <instance_ID>.api.<region>.hs-crypto.appdomain.cloud (ibm-cloud-docs/hs-crypto set-up-kms-api.md), so no
// regional address can stand in for it.
func KeyManagementEndpoint(service, region, published string) string {
	if published != "" || service != "kms" || region == "" {
		return published
	}
	return KeyProtectEndpoint(region, false)
}

// EventNotificationsEndpoint returns the public API endpoint of an Event Notifications instance in region: the one the
// resource controller reports (published), else the regional https://{region}.event-notifications.cloud.ibm.com.
func EventNotificationsEndpoint(region, published string) string {
	if published != "" {
		return published
	}
	return "https://" + region + ".event-notifications.cloud.ibm.com"
}
