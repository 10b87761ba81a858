package cloudsim

import (
	"fmt"
	"strings"
	"time"
)

// user is an IBM Cloud user of the demo account.
type user struct {
	IAMID       string `json:"iam_id"`
	Email       string `json:"email"`
	Name        string `json:"name"`
	APIKey      string `json:"api_key"`
	AccountID   string `json:"account_id"`
	AccountName string `json:"account_name"`
	Role        string `json:"role"`
}

// Account roles of users.
const (
	roleAdministrator = "Administrator"
	roleViewer        = "Viewer"
)

// canWrite reports whether the user may change resources.
func (u *user) canWrite() bool { return u.Role == roleAdministrator }

// resourceGroup is a Resource Manager resource group.
type resourceGroup struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	AccountID string    `json:"account_id"`
	Default   bool      `json:"default"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// crn returns the resource group's CRN.
func (g *resourceGroup) crn() string {
	return "crn:v1:bluemix:public:resource-controller::a/" + g.AccountID + "::resource-group:" + g.ID
}

// instance is a Resource Controller service instance.
type instance struct {
	GUID            string         `json:"guid"`
	Name            string         `json:"name"`
	Service         string         `json:"service"`
	Region          string         `json:"region"`
	PlanID          string         `json:"plan_id"`
	ResourceGroupID string         `json:"resource_group_id"`
	AccountID       string         `json:"account_id"`
	State           string         `json:"state"`
	Tags            []string       `json:"tags,omitempty"`
	Parameters      map[string]any `json:"parameters,omitempty"`
	CreatedBy       string         `json:"created_by"`
	CreatedAt       time.Time      `json:"created_at"`
	UpdatedAt       time.Time      `json:"updated_at"`
}

// crn returns the instance's CRN.
func (i *instance) crn() string {
	return fmt.Sprintf("crn:v1:bluemix:public:%s:%s:a/%s:%s::", i.Service, i.Region, i.AccountID, i.GUID)
}

// isKeyManagement reports whether the instance serves the key management API.
func (i *instance) isKeyManagement() bool {
	return i.Service == ServiceKeyProtect || i.Service == ServiceHPCS
}

// crnParts is a parsed CRN.
type crnParts struct {
	Service, Region, AccountID, GUID, ResourceType, Resource string
}

// parseCRN parses a CRN of the form crn:v1:bluemix:public:<service>:<region>:a/<account>:<guid>:<type>:<resource>.
func parseCRN(s string) (crnParts, bool) {
	f := strings.Split(s, ":")
	if len(f) != 10 || f[0] != "crn" || f[1] != "v1" || f[4] == "" || !strings.HasPrefix(f[6], "a/") {
		return crnParts{}, false
	}
	return crnParts{Service: f[4], Region: f[5], AccountID: strings.TrimPrefix(f[6], "a/"), GUID: f[7], ResourceType: f[8], Resource: f[9]}, true
}

// Key states as numbers, as Key Protect sends them.
const (
	keyPreActivation = 0
	keyActive        = 1
	keySuspended     = 2
	keyDeactivated   = 3
	keyDestroyed     = 5
)

// key is a Key Protect or HPCS key.
type key struct {
	ID             string     `json:"id"`
	InstanceGUID   string     `json:"instance_guid"`
	Name           string     `json:"name"`
	Description    string     `json:"description,omitempty"`
	Extractable    bool       `json:"extractable"`
	State          int        `json:"state"`
	CreatedBy      string     `json:"created_by"`
	CreationDate   time.Time  `json:"creation_date"`
	LastUpdateDate time.Time  `json:"last_update_date"`
	DeletedBy      string     `json:"deleted_by,omitempty"`
	DeletionDate   *time.Time `json:"deletion_date,omitempty"`
	// LastNotified is when the services owning the key's associated resources were last notified of the key (a
	// lifecycle action or a sync); a sync within an hour of it is refused.
	LastNotified *time.Time `json:"last_notified,omitempty"`
}

// registration links a root key to a resource CRN it protects.
type registration struct {
	KeyID              string    `json:"key_id"`
	ResourceCRN        string    `json:"resource_crn"`
	Description        string    `json:"description,omitempty"`
	PreventKeyDeletion bool      `json:"prevent_key_deletion"`
	CreatedBy          string    `json:"created_by"`
	UpdatedBy          string    `json:"updated_by"`
	CreationDate       time.Time `json:"creation_date"`
	LastUpdated        time.Time `json:"last_updated"`
	// UnregisterAt is when the owning service's pending unregistration lands; from then on the registration is gone.
	UnregisterAt *time.Time `json:"unregister_at,omitempty"`
}

// live reports whether the registration still exists at now (no unregistration has landed).
func (reg *registration) live(now time.Time) bool {
	return reg.UnregisterAt == nil || now.Before(*reg.UnregisterAt)
}

// registrationID is the store key of a registration.
func registrationID(keyID, resourceCRN string) string { return keyID + "|" + resourceCRN }

// attribute is a policy subject or resource attribute.
type attribute struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Operator string `json:"operator,omitempty"`
}

// policyRole is a role granted by a policy.
type policyRole struct {
	RoleID      string `json:"role_id"`
	DisplayName string `json:"display_name,omitempty"`
	Description string `json:"description,omitempty"`
}

// Policy types.
const (
	policyTypeAuthorization = "authorization"
	policyTypeAccess        = "access"
)

// policy is an IAM v1 policy.
type policy struct {
	ID               string        `json:"id"`
	Type             string        `json:"type"`
	AccountID        string        `json:"account_id"`
	Description      string        `json:"description,omitempty"`
	Subjects         [][]attribute `json:"subjects"`
	Resources        [][]attribute `json:"resources"`
	Roles            []policyRole  `json:"roles"`
	State            string        `json:"state"`
	CreatedByID      string        `json:"created_by_id"`
	LastModifiedByID string        `json:"last_modified_by_id"`
	CreatedAt        time.Time     `json:"created_at"`
	LastModifiedAt   time.Time     `json:"last_modified_at"`
}

// Integration types of App Configuration.
const (
	integrationKMS = "KMS"
	integrationEN  = "EVENT_NOTIFICATIONS"
)

// integration is an App Configuration integration.
type integration struct {
	InstanceGUID        string    `json:"instance_guid"`
	ID                  string    `json:"id"`
	Type                string    `json:"type"`
	KMSInstanceCRN      string    `json:"kms_instance_crn,omitempty"`
	KMSEndpoint         string    `json:"kms_endpoint,omitempty"`
	RootKeyID           string    `json:"root_key_id,omitempty"`
	ENInstanceCRN       string    `json:"en_instance_crn,omitempty"`
	ENEndpoint          string    `json:"en_endpoint,omitempty"`
	ENSourceName        string    `json:"en_source_name,omitempty"`
	ENSourceDescription string    `json:"en_source_description,omitempty"`
	CreatedTime         time.Time `json:"created_time"`
	UpdatedTime         time.Time `json:"updated_time"`
}

// integrationID is the store key of an integration.
func integrationID(instanceGUID, id string) string { return instanceGUID + "/" + id }

// meta holds the store's own bookkeeping.
type meta struct {
	IDCounter   uint64 `json:"id_counter"`
	TokenSecret []byte `json:"token_secret"`
}

// state is everything cloudsim knows. A published state is never mutated; writers change a copy.
type state struct {
	Meta          *meta
	Users         map[string]*user
	Groups        map[string]*resourceGroup
	Instances     map[string]*instance
	Keys          map[string]*key
	Registrations map[string]*registration
	Policies      map[string]*policy
	Integrations  map[string]*integration
}

// userByAPIKey finds the user owning an API key.
func (st *state) userByAPIKey(apiKey string) *user {
	for _, u := range st.Users {
		if u.APIKey == apiKey {
			return u
		}
	}
	return nil
}

// instanceByCRN finds an instance by its CRN.
func (st *state) instanceByCRN(crn string) *instance {
	p, ok := parseCRN(crn)
	if !ok {
		return nil
	}
	in := st.Instances[p.GUID]
	if in == nil || in.crn() != crn {
		return nil
	}
	return in
}
