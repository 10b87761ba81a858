package cloudsim

// Demo data identifiers. They are a contract: tests, screenshots and docs of every package use them.
const (
	// DemoAccountID is the ID of the seeded "Demo Account".
	DemoAccountID = "4f0c9a2e6b7d4e1a9c3b5d7f8e2a1c60"
	// DemoAccountName is the display name of the seeded account.
	DemoAccountName = "Demo Account"
	// OtherAccountID is a second account ID, usable as a source account of authorizations.
	OtherAccountID = "7a1e3c5b9d2f4a6c8e0b1d3f5a7c9e2b"

	// AdminEmail is the email of the seeded administrator user.
	AdminEmail = "demo@example.com"
	// AdminIAMID is the IAM ID of the seeded administrator user.
	AdminIAMID = "IBMid-6900DEMO01"
	// AdminName is the display name of the seeded administrator user.
	AdminName = "Demo Admin"
	// DemoAdminAPIKey is the API key of the administrator user.
	DemoAdminAPIKey = "cloudsim-admin-DEMO-4f9c2a7e51b8d3c6a0e9f7b2"

	// ViewerEmail is the email of the seeded read-only user.
	ViewerEmail = "viewer@example.com"
	// ViewerIAMID is the IAM ID of the seeded read-only user.
	ViewerIAMID = "IBMid-6900VIEW02"
	// ViewerName is the display name of the seeded read-only user.
	ViewerName = "Demo Viewer"
	// DemoViewerAPIKey is the API key of the read-only user.
	DemoViewerAPIKey = "cloudsim-viewer-DEMO-8e1d5b3a7c9f2e4d6b0a1c3e"

	// DefaultResourceGroupID is the ID of the resource group "Default".
	DefaultResourceGroupID = "0f1e2d3c4b5a49788796a5b4c3d2e1f0"
	// ProductionResourceGroupID is the ID of the resource group "production".
	ProductionResourceGroupID = "9a8b7c6d5e4f40312a1b2c3d4e5f6a7b"

	// AppConfigEnterpriseGUID is the GUID of "app-config-enterprise" (Enterprise, us-south, nothing connected).
	AppConfigEnterpriseGUID = "3f7a9c2e-1b4d-4e8f-a6c5-0d9e8f7a6b51"
	// AppConfigLiteGUID is the GUID of "app-config-lite" (Lite, us-south).
	AppConfigLiteGUID = "5c2e8a1f-7d3b-4c9e-b1a6-2f4e6d8c0a93"
	// AppConfigEUGUID is the GUID of "app-config-eu" (Enterprise, eu-de, connected to key-protect-eu-de).
	AppConfigEUGUID = "8e4b1d7a-2c6f-4a3e-9d5b-7f1c3e5a9b26"
	// KeyProtectUSSouthGUID is the GUID of "key-protect-us-south".
	KeyProtectUSSouthGUID = "a1c3e5f7-9b2d-4f6a-8c0e-1d3f5b7a9c42"
	// KeyProtectEUDEGUID is the GUID of "key-protect-eu-de".
	KeyProtectEUDEGUID = "b2d4f6a8-0c1e-4a3b-9d5f-7e9a1c3b5d64"
	// HPCSUSSouthGUID is the GUID of "hpcs-us-south".
	HPCSUSSouthGUID = "c3e5a7b9-1d2f-4b4c-8e6a-9f0b2d4c6e85"
	// EventNotificationsGUID is the GUID of "event-notifications-us-south".
	EventNotificationsGUID = "d4f6b8c0-2e3a-4c5d-9f7b-0a1c3e5d7f16"

	// AppConfigEnterpriseCRN is the CRN of "app-config-enterprise".
	AppConfigEnterpriseCRN = "crn:v1:bluemix:public:apprapp:us-south:a/" + DemoAccountID + ":" + AppConfigEnterpriseGUID + "::"
	// AppConfigLiteCRN is the CRN of "app-config-lite".
	AppConfigLiteCRN = "crn:v1:bluemix:public:apprapp:us-south:a/" + DemoAccountID + ":" + AppConfigLiteGUID + "::"
	// AppConfigEUCRN is the CRN of "app-config-eu".
	AppConfigEUCRN = "crn:v1:bluemix:public:apprapp:eu-de:a/" + DemoAccountID + ":" + AppConfigEUGUID + "::"
	// KeyProtectUSSouthCRN is the CRN of "key-protect-us-south".
	KeyProtectUSSouthCRN = "crn:v1:bluemix:public:kms:us-south:a/" + DemoAccountID + ":" + KeyProtectUSSouthGUID + "::"
	// KeyProtectEUDECRN is the CRN of "key-protect-eu-de".
	KeyProtectEUDECRN = "crn:v1:bluemix:public:kms:eu-de:a/" + DemoAccountID + ":" + KeyProtectEUDEGUID + "::"
	// HPCSUSSouthCRN is the CRN of "hpcs-us-south".
	HPCSUSSouthCRN = "crn:v1:bluemix:public:hs-crypto:us-south:a/" + DemoAccountID + ":" + HPCSUSSouthGUID + "::"
	// EventNotificationsCRN is the CRN of "event-notifications-us-south".
	EventNotificationsCRN = "crn:v1:bluemix:public:event-notifications:us-south:a/" + DemoAccountID + ":" + EventNotificationsGUID + "::"

	// AppConfigRootKeyID is the ID of root key "app-config-root-key" in key-protect-us-south.
	AppConfigRootKeyID = "e5a7c9d1-3f4b-4d6e-8a0c-2b4d6f8a0c27"
	// BackupRootKeyID is the ID of root key "backup-root-key" in key-protect-us-south.
	BackupRootKeyID = "f6b8d0e2-4a5c-4e7f-9b1d-3c5e7a9b1d38"
	// SuspendedRootKeyID is the ID of the suspended root key "suspended-root-key" in key-protect-us-south.
	SuspendedRootKeyID = "0a7c9e1f-5b6d-4f8a-8c2e-4d6f8b0c2e49"
	// StandardDataKeyID is the ID of the standard key "standard-data-key" in key-protect-us-south.
	StandardDataKeyID = "1b8d0f2a-6c7e-4a9b-9d3f-5e7a9c1d3f50"
	// EURootKeyID is the ID of root key "eu-root-key" in key-protect-eu-de.
	EURootKeyID = "2c9e1a3b-7d8f-4bac-8e4a-6f8b0d2e4a61"
	// KYOKRootKeyID is the ID of root key "kyok-root-key" in hpcs-us-south.
	KYOKRootKeyID = "3d0f2b4c-8e9a-4cbd-9f5b-7a9c1e3f5b72"

	// EUKMSIntegrationID is the ID of the KMS integration of app-config-eu.
	EUKMSIntegrationID = "kms-eu4h7k2m9p"
	// EUAuthorizationPolicyID is the ID of the seeded authorization apprapp (app-config-eu) -> kms (key-protect-eu-de), Reader.
	EUAuthorizationPolicyID = "6e1f3a5c-9b0d-4e2f-8a4c-1b3d5f7a9c83"
)

// Service names (CRN segment 4, IAM serviceName) of the services cloudsim knows.
const (
	ServiceAppConfig          = "apprapp"
	ServiceKeyProtect         = "kms"
	ServiceHPCS               = "hs-crypto"
	ServiceEventNotifications = "event-notifications"
)

// Global Catalog IDs of services and plans. Only KeyProtectServiceID is known to be IBM's real catalog ID; the others are
// cloudsim's own (IBM's are not documented), so resolve them through the Global Catalog rather than hard-coding them.
const (
	AppConfigServiceID          = "a6a9c7d2-3e1b-4f0c-9d8e-7b6a5c4d3e21"
	KeyProtectServiceID         = "ee41347f-b18e-4ca6-bf80-b5467c63f9a6"
	HPCSServiceID               = "b7c8d9e0-4f2a-4b1c-8e3d-6a5b4c3d2e10"
	EventNotificationsServiceID = "c8d9e0f1-5a3b-4c2d-9f4e-7b6c5d4e3f20"

	AppConfigLitePlanID              = "d1e2f3a4-6b4c-4d3e-8a5f-1c2d3e4f5a61"
	AppConfigStandardPlanID          = "d1e2f3a4-6b4c-4d3e-8a5f-1c2d3e4f5a62"
	AppConfigEnterprisePlanID        = "d1e2f3a4-6b4c-4d3e-8a5f-1c2d3e4f5a63"
	KeyProtectPlanID                 = "eedd3585-90c6-4c9e-be7e-b3e4f3a1c7c1"
	HPCSStandardPlanID               = "e2f3a4b5-7c5d-4e4f-9b6a-2d3e4f5a6b71"
	EventNotificationsLitePlanID     = "f3a4b5c6-8d6e-4f5a-8c7b-3e4f5a6b7c81"
	EventNotificationsStandardPlanID = "f3a4b5c6-8d6e-4f5a-8c7b-3e4f5a6b7c82"
)

// Role CRNs of the IAM service roles that authorizations use.
const (
	RoleReaderCRN                 = "crn:v1:bluemix:public:iam::::serviceRole:Reader"
	RoleWriterCRN                 = "crn:v1:bluemix:public:iam::::serviceRole:Writer"
	RoleManagerCRN                = "crn:v1:bluemix:public:iam::::serviceRole:Manager"
	RoleAuthorizationDelegatorCRN = "crn:v1:bluemix:public:iam::::serviceRole:AuthorizationDelegator"
	RoleKMSReaderPlusCRN          = "crn:v1:bluemix:public:kms::::serviceRole:ReaderPlus"
	RoleHPCSReaderPlusCRN         = "crn:v1:bluemix:public:hs-crypto::::serviceRole:ReaderPlus"
	RoleEventSourceManagerCRN     = "crn:v1:bluemix:public:event-notifications::::serviceRole:EventSourceManager"
)
