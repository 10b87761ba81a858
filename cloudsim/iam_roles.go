package cloudsim

import (
	"net/http"
	"slices"
)

// roleDef is an IAM role as ListRoles shows it.
type roleDef struct {
	DisplayName, CRN, Description string
	Actions                       []string
}

// Roles shared by every service.
var (
	roleReader  = roleDef{"Reader", RoleReaderCRN, "As a reader, you can perform read-only actions within a service such as viewing service-specific resources.", []string{"read"}}
	roleWriter  = roleDef{"Writer", RoleWriterCRN, "As a writer, you have permissions beyond the reader role, including creating and editing service-specific resources.", []string{"read", "write"}}
	roleManager = roleDef{"Manager", RoleManagerCRN, "As a manager, you have permissions beyond the writer role to complete privileged actions as defined by the service.", []string{"read", "write", "manage"}}
	// roleDelegator is offered on authorizations whose source service has dependent services.
	roleDelegator = roleDef{"Authorization Delegator", RoleAuthorizationDelegatorCRN, "Lets the source service delegate its access to its dependent services.", []string{"iam.delegationToken.create"}}
)

// platformRoles are the system roles of access policies.
var platformRoles = []roleDef{
	{"Viewer", "crn:v1:bluemix:public:iam::::role:Viewer", "As a viewer, you can view service instances, but you can't modify them.", []string{"resource-controller.instance.retrieve"}},
	{"Operator", "crn:v1:bluemix:public:iam::::role:Operator", "As an operator, you can perform platform actions that are required to configure and operate service instances.", []string{"resource-controller.instance.retrieve"}},
	{"Editor", "crn:v1:bluemix:public:iam::::role:Editor", "As an editor, you can perform all platform actions except for managing the account and assigning access policies.", []string{"resource-controller.instance.create"}},
	{"Administrator", "crn:v1:bluemix:public:iam::::role:Administrator", "As an administrator, you can perform all platform actions based on the resource this role is being assigned, including assigning access policies to other users.", []string{"iam.policy.create"}},
}

// keyRoles returns the service roles of a key management service for an authorization (all=false) or an access policy.
func keyRoles(service, readerPlusCRN string, all bool) []roleDef {
	roles := []roleDef{
		{"Reader", RoleReaderCRN, "Perform read-only actions: list keys, view key metadata, wrap and unwrap keys.", []string{service + ".secrets.list", service + ".secrets.wrap", service + ".secrets.unwrap"}},
		{"ReaderPlus", readerPlusCRN, "Reader access plus retrieving the payload of standard keys.", []string{service + ".secrets.list", service + ".secrets.read"}},
		roleWriter, roleManager,
	}
	if !all {
		return roles
	}
	if service == ServiceKeyProtect {
		return append(roles,
			roleDef{"KeyPurge", "crn:v1:bluemix:public:kms::::serviceRole:KeyPurge", "Purge deleted keys after 4 hours.", []string{"kms.secrets.purge"}},
			roleDef{"KmipAdapterManager", "crn:v1:bluemix:public:kms::::serviceRole:KmipAdapterManager", "Manage KMIP adapters.", []string{"kms.kmip-management.create"}})
	}
	return append(roles,
		roleDef{"VMware KMIP Manager", "crn:v1:bluemix:public:hs-crypto::::serviceRole:VMwareKMIPManager", "Manage the VMware KMIP adapter.", []string{"hs-crypto.kmip.create"}},
		roleDef{"KMS Key Purge", "crn:v1:bluemix:public:hs-crypto::::serviceRole:KMSKeyPurgeRole", "Purge deleted keys.", []string{"hs-crypto.secrets.purge"}},
		roleDef{"Certificate Manager", "crn:v1:bluemix:public:hs-crypto::::serviceRole:CertificateManager", "Manage certificates.", []string{"hs-crypto.certificates.manage"}})
}

// eventSourceManager is Event Notifications' role for event sources.
var eventSourceManager = roleDef{"Event Source Manager", RoleEventSourceManagerCRN, "Lets a source service send events to Event Notifications.", []string{"event-notifications.sources.create", "event-notifications.notifications.create"}}

// delegatingSources are source services with dependent services, which get the Authorization Delegator role.
var delegatingSources = []string{
	"databases-for-postgresql", "databases-for-mongodb", "databases-for-redis", "databases-for-elasticsearch",
	"databases-for-mysql", "messages-for-rabbitmq", "containers-kubernetes", "openshift",
}

// serviceRoles returns the service roles of target; authorization selects the roles a source service may be given.
func serviceRoles(target, source string, authorization bool) []roleDef {
	var roles []roleDef
	switch target {
	case ServiceKeyProtect:
		roles = keyRoles(ServiceKeyProtect, RoleKMSReaderPlusCRN, !authorization)
	case ServiceHPCS:
		roles = keyRoles(ServiceHPCS, RoleHPCSReaderPlusCRN, !authorization)
	case ServiceEventNotifications:
		if authorization {
			return []roleDef{eventSourceManager}
		}
		roles = []roleDef{roleReader, roleWriter, roleManager, eventSourceManager}
	case ServiceAppConfig:
		roles = []roleDef{roleReader, roleWriter, roleManager}
	default:
		return nil
	}
	if authorization && (target == ServiceKeyProtect || target == ServiceHPCS) && slices.Contains(delegatingSources, source) {
		roles = append(roles, roleDelegator)
	}
	return roles
}

// rolesJSON renders roles as ListRoles does.
func rolesJSON(roles []roleDef) []map[string]any {
	out := make([]map[string]any, 0, len(roles))
	for _, r := range roles {
		out = append(out, map[string]any{"display_name": r.DisplayName, "description": r.Description, "actions": r.Actions, "crn": r.CRN})
	}
	return out
}

// listRoles serves GET /v2/roles with service_name, source_service_name and policy_type.
func (s *Server) listRoles(w http.ResponseWriter, r *http.Request, _ *user) error {
	q := r.URL.Query()
	authorization := q.Get("policy_type") == policyTypeAuthorization
	system := platformRoles
	if authorization {
		system = nil
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"custom_roles":  []any{},
		"service_roles": rolesJSON(serviceRoles(q.Get("service_name"), q.Get("source_service_name"), authorization)),
		"system_roles":  rolesJSON(system),
	})
	return nil
}
