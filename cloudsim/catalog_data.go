package cloudsim

import "time"

// catalogPlan is a plan of a catalog service.
type catalogPlan struct {
	ID, Name, DisplayName, Description string
}

// pricing is the pricing type of a plan: "free" for Lite plans, "paid" otherwise.
func (p catalogPlan) pricing() string {
	if p.Name == "lite" {
		return "free"
	}
	return "paid"
}

// catalogService is a Global Catalog service entry with its plans.
type catalogService struct {
	ID, Name, DisplayName, Description, LongDescription string
	Tags                                                []string
	Plans                                               []catalogPlan
	// Regions are where the service can be provisioned, when they differ from regions.
	Regions []string
}

// provisioningRegions returns the regions where svc can be provisioned.
func (svc *catalogService) provisioningRegions() []string {
	if svc.Regions != nil {
		return svc.Regions
	}
	return regions
}

// catalogDate is the fixed creation date of the catalog entries.
var catalogDate = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)

// regions are the regions where a catalog service can be provisioned unless it names its own.
var regions = []string{"us-south", "us-east", "eu-gb", "eu-de", "eu-es", "au-syd", "jp-tok", "jp-osa", "ca-tor", "br-sao"}

// catalog is the fixed Global Catalog content cloudsim serves.
var catalog = []catalogService{
	{
		ID: AppConfigServiceID, Name: ServiceAppConfig, DisplayName: "App Configuration",
		Description:     "Manage feature flags and properties of your applications.",
		LongDescription: "IBM Cloud App Configuration is a centralized feature management and configuration service.",
		Tags:            []string{"developer_tools", "ibm_created", "rc_compatible"},
		Plans: []catalogPlan{
			{ID: AppConfigLitePlanID, Name: "lite", DisplayName: "Lite", Description: "Evaluate App Configuration at no cost."},
			{ID: AppConfigStandardPlanID, Name: "standardv2", DisplayName: "Standard", Description: "Feature flags and properties."},
			{ID: AppConfigEnterprisePlanID, Name: "enterprise", DisplayName: "Enterprise", Description: "Segments, snapshots, private endpoints and customer-managed encryption (BYOK/KYOK)."},
		},
	},
	{
		ID: KeyProtectServiceID, Name: ServiceKeyProtect, DisplayName: "Key Protect",
		Description:     "Manage the lifecycle of encryption keys used by IBM Cloud services and applications.",
		LongDescription: "IBM Key Protect for IBM Cloud is a FIPS 140-2 Level 3 key management service.",
		Tags:            []string{"security", "ibm_created", "rc_compatible", "kms"},
		// Key Protect also runs in Montreal, Chennai and Mumbai (ibm-cloud-docs/key-protect regions.md).
		Regions: []string{"us-south", "us-east", "eu-gb", "eu-de", "eu-es", "au-syd", "jp-tok", "jp-osa", "ca-tor", "ca-mon", "br-sao", "in-che", "in-mum"},
		Plans: []catalogPlan{
			{ID: KeyProtectPlanID, Name: "tiered-pricing", DisplayName: "Standard", Description: "Pay per key version."},
		},
	},
	{
		ID: HPCSServiceID, Name: ServiceHPCS, DisplayName: "Hyper Protect Crypto Services",
		Description:     "Keep your own keys (KYOK) with a dedicated hardware security module.",
		LongDescription: "IBM Cloud Hyper Protect Crypto Services is a dedicated key management service and HSM.",
		Tags:            []string{"security", "ibm_created", "rc_compatible", "kms"},
		Plans: []catalogPlan{
			{ID: HPCSStandardPlanID, Name: "standard", DisplayName: "Standard", Description: "Dedicated crypto units."},
		},
	},
	{
		ID: EventNotificationsServiceID, Name: ServiceEventNotifications, DisplayName: "Event Notifications",
		Description:     "Route notifications about events of IBM Cloud services and your applications.",
		LongDescription: "IBM Cloud Event Notifications routes events to email, SMS, webhooks and more.",
		Tags:            []string{"developer_tools", "ibm_created", "rc_compatible"},
		Plans: []catalogPlan{
			{ID: EventNotificationsLitePlanID, Name: "lite", DisplayName: "Lite", Description: "Free plan."},
			{ID: EventNotificationsStandardPlanID, Name: "standard", DisplayName: "Standard", Description: "Pay as you go."},
		},
	},
	{
		// Databases for PostgreSQL is in the catalog as a source service with dependent services, so that the
		// Authorization Delegator role of authorizations can be offered and tested.
		ID: DatabasesForPostgreSQLServiceID, Name: "databases-for-postgresql", DisplayName: "Databases for PostgreSQL",
		Description:     "Managed PostgreSQL databases.",
		LongDescription: "IBM Cloud Databases for PostgreSQL is a managed relational database service.",
		Tags:            []string{"databases", "ibm_created", "rc_compatible"},
		Plans: []catalogPlan{
			{ID: DatabasesForPostgreSQLPlanID, Name: "standard", DisplayName: "Standard", Description: "Pay as you go."},
		},
	},
}

// Catalog IDs of Databases for PostgreSQL, cloudsim's own.
const (
	DatabasesForPostgreSQLServiceID = "d9e0f1a2-6b4c-4d3e-8f5a-8c7d6e5f4a30"
	DatabasesForPostgreSQLPlanID    = "d9e0f1a2-6b4c-4d3e-8f5a-8c7d6e5f4a31"
)

// catalogServiceByName returns the catalog service with the given name, or nil.
func catalogServiceByName(name string) *catalogService {
	for i := range catalog {
		if catalog[i].Name == name {
			return &catalog[i]
		}
	}
	return nil
}

// catalogPlanByID returns the plan with the given ID and its service, or nils.
func catalogPlanByID(id string) (*catalogService, *catalogPlan) {
	for i := range catalog {
		for j := range catalog[i].Plans {
			if catalog[i].Plans[j].ID == id {
				return &catalog[i], &catalog[i].Plans[j]
			}
		}
	}
	return nil, nil
}
