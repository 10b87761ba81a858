package cloudsim

import (
	"time"
)

// seedTime returns a fixed date of the demo data.
func seedTime(month time.Month, day, hour int) time.Time {
	return time.Date(2025, month, day, hour, 0, 0, 0, time.UTC)
}

// demoState returns the demo data of DESIGN.md with fixed IDs and dates; secret signs tokens.
func demoState(secret []byte) *state {
	st := &state{
		Meta:          &meta{TokenSecret: secret},
		Users:         map[string]*user{},
		Groups:        map[string]*resourceGroup{},
		Instances:     map[string]*instance{},
		Keys:          map[string]*key{},
		Registrations: map[string]*registration{},
		Policies:      map[string]*policy{},
		Integrations:  map[string]*integration{},
	}
	for _, u := range []*user{
		{IAMID: AdminIAMID, Email: AdminEmail, Name: AdminName, APIKey: DemoAdminAPIKey, AccountID: DemoAccountID, AccountName: DemoAccountName, Role: roleAdministrator},
		{IAMID: ViewerIAMID, Email: ViewerEmail, Name: ViewerName, APIKey: DemoViewerAPIKey, AccountID: DemoAccountID, AccountName: DemoAccountName, Role: roleViewer},
	} {
		st.Users[u.IAMID] = u
	}
	for _, g := range []*resourceGroup{
		{ID: DefaultResourceGroupID, Name: "Default", Default: true, CreatedAt: seedTime(1, 6, 9)},
		{ID: ProductionResourceGroupID, Name: "production", CreatedAt: seedTime(1, 6, 10)},
	} {
		g.AccountID, g.UpdatedAt = DemoAccountID, g.CreatedAt
		st.Groups[g.ID] = g
	}
	for _, in := range []*instance{
		{GUID: AppConfigEnterpriseGUID, Name: "app-config-enterprise", Service: ServiceAppConfig, Region: "us-south", PlanID: AppConfigEnterprisePlanID, ResourceGroupID: DefaultResourceGroupID, CreatedAt: seedTime(2, 3, 9)},
		{GUID: AppConfigLiteGUID, Name: "app-config-lite", Service: ServiceAppConfig, Region: "us-south", PlanID: AppConfigLitePlanID, ResourceGroupID: DefaultResourceGroupID, CreatedAt: seedTime(2, 3, 10)},
		{GUID: AppConfigEUGUID, Name: "app-config-eu", Service: ServiceAppConfig, Region: "eu-de", PlanID: AppConfigEnterprisePlanID, ResourceGroupID: ProductionResourceGroupID, CreatedAt: seedTime(2, 4, 9)},
		{GUID: KeyProtectUSSouthGUID, Name: "key-protect-us-south", Service: ServiceKeyProtect, Region: "us-south", PlanID: KeyProtectPlanID, ResourceGroupID: DefaultResourceGroupID, CreatedAt: seedTime(1, 20, 9)},
		{GUID: KeyProtectEUDEGUID, Name: "key-protect-eu-de", Service: ServiceKeyProtect, Region: "eu-de", PlanID: KeyProtectPlanID, ResourceGroupID: ProductionResourceGroupID, CreatedAt: seedTime(1, 20, 10)},
		{GUID: HPCSUSSouthGUID, Name: "hpcs-us-south", Service: ServiceHPCS, Region: "us-south", PlanID: HPCSStandardPlanID, ResourceGroupID: DefaultResourceGroupID, CreatedAt: seedTime(1, 21, 9)},
		{GUID: EventNotificationsGUID, Name: "event-notifications-us-south", Service: ServiceEventNotifications, Region: "us-south", PlanID: EventNotificationsStandardPlanID, ResourceGroupID: DefaultResourceGroupID, CreatedAt: seedTime(1, 22, 9)},
	} {
		in.AccountID, in.State, in.CreatedBy, in.UpdatedAt = DemoAccountID, "active", AdminIAMID, in.CreatedAt
		st.Instances[in.GUID] = in
	}
	for _, k := range []*key{
		{ID: AppConfigRootKeyID, InstanceGUID: KeyProtectUSSouthGUID, Name: "app-config-root-key", State: keyActive, CreationDate: seedTime(3, 1, 9)},
		{ID: BackupRootKeyID, InstanceGUID: KeyProtectUSSouthGUID, Name: "backup-root-key", State: keyActive, CreationDate: seedTime(3, 1, 10)},
		{ID: SuspendedRootKeyID, InstanceGUID: KeyProtectUSSouthGUID, Name: "suspended-root-key", State: keySuspended, CreationDate: seedTime(3, 1, 11)},
		{ID: StandardDataKeyID, InstanceGUID: KeyProtectUSSouthGUID, Name: "standard-data-key", Extractable: true, State: keyActive, CreationDate: seedTime(3, 1, 12)},
		{ID: EURootKeyID, InstanceGUID: KeyProtectEUDEGUID, Name: "eu-root-key", State: keyActive, CreationDate: seedTime(3, 2, 9)},
		{ID: KYOKRootKeyID, InstanceGUID: HPCSUSSouthGUID, Name: "kyok-root-key", State: keyActive, CreationDate: seedTime(3, 3, 9)},
	} {
		k.CreatedBy, k.LastUpdateDate = AdminIAMID, k.CreationDate
		st.Keys[k.ID] = k
	}
	connected := seedTime(4, 10, 9)
	st.Policies[EUAuthorizationPolicyID] = &policy{
		ID: EUAuthorizationPolicyID, Type: policyTypeAuthorization, AccountID: DemoAccountID, State: "active",
		Description: "Allow app-config-eu to read keys of key-protect-eu-de",
		Subjects: [][]attribute{{
			{Name: "accountId", Value: DemoAccountID},
			{Name: "serviceName", Value: ServiceAppConfig},
			{Name: "serviceInstance", Value: AppConfigEUGUID},
		}},
		Resources: [][]attribute{{
			{Name: "accountId", Value: DemoAccountID, Operator: "stringEquals"},
			{Name: "serviceName", Value: ServiceKeyProtect, Operator: "stringEquals"},
			{Name: "serviceInstance", Value: KeyProtectEUDEGUID, Operator: "stringEquals"},
		}},
		Roles:       []policyRole{{RoleID: RoleReaderCRN}},
		CreatedByID: AdminIAMID, LastModifiedByID: AdminIAMID,
		CreatedAt: seedTime(4, 10, 8), LastModifiedAt: seedTime(4, 10, 8),
	}
	st.Integrations[integrationID(AppConfigEUGUID, EUKMSIntegrationID)] = &integration{
		InstanceGUID: AppConfigEUGUID, ID: EUKMSIntegrationID, Type: integrationKMS,
		KMSInstanceCRN: KeyProtectEUDECRN, RootKeyID: EURootKeyID,
		CreatedTime: connected, UpdatedTime: connected,
	}
	st.Registrations[registrationID(EURootKeyID, AppConfigEUCRN)] = &registration{
		KeyID: EURootKeyID, ResourceCRN: AppConfigEUCRN, Description: appConfigRegistrationDescription("app-config-eu"),
		CreatedBy: appConfigServiceID, UpdatedBy: appConfigServiceID, CreationDate: connected, LastUpdated: connected,
	}
	return st
}
