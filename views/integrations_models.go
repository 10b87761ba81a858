package views

import (
	"github.com/a-h/templ"

	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// IntegrationsPage is the view model of an App Configuration instance's Integrations page.
type IntegrationsPage struct {
	Instance layout.InstancePageProps
	KMS      KMSTile
	EN       ENTile
	// Panel, when set, is rendered over the page inside #integrations-panel (a side panel or a confirmation).
	Panel templ.Component
}

// KMSTile is the Key Management tile: its empty state with "Connect +", or the connected instance.
type KMSTile struct {
	// ConnectURL opens the Key Management side panel.
	ConnectURL string
	// PlanAllowed is false when the App Configuration instance is not on the Enterprise plan; the tile then says why.
	PlanAllowed bool
	Connected   bool
	// Service is "Key Protect" or "Hyper Protect Crypto Services"; Scheme is "BYOK" or "KYOK".
	Service string
	Scheme  string
	// InstanceName and Region describe the key management instance; InstanceURL is its page in the console.
	InstanceName string
	Region       string
	InstanceURL  string
	RootKeyName  string
	RootKeyID    string
	// KeyStatus is the root key's status for App Configuration: usable, disabled or deleted.
	KeyStatus   components.StatusIndicatorProps
	ConnectedAt string
	// RefreshURL (POST, with CSRFToken) rereads the integration. There is no Disconnect: customer-managed encryption
	// stays on for the life of the instance; DeleteInstanceURL is where the instance can be deleted instead.
	RefreshURL        string
	CSRFToken         string
	DeleteInstanceURL string
	// InstanceGone is true when the connected key management instance can no longer be found.
	InstanceGone bool
	// Notice is shown in the connected row (e.g. details that could not be read); when the tile is not connected, it
	// means the connection could not be read at all.
	Notice *components.InlineNotificationProps
	// RetryURL reloads the page when the connection could not be read.
	RetryURL string
}

// ENTile is the Event Notifications tile; the Event Notifications handlers fill it.
type ENTile struct {
	Connected    bool
	InstanceName string
	Region       string
	SourceID     string
	ConnectURL   string
	// RefreshURL (POST, with CSRFToken) rereads the integration and the state of its instance.
	RefreshURL    string
	CSRFToken     string
	DisconnectURL string
	// PlanAllowed is false on plans other than Enterprise: the tile says so and offers no Connect button.
	PlanAllowed bool
	// InstanceGone is true when the connected Event Notifications instance no longer exists.
	InstanceGone bool
	// Notice is shown in the connected row; when the tile is not connected, it means the connection could not be read.
	Notice *components.InlineNotificationProps
	// RetryURL reloads the page when the connection could not be read.
	RetryURL string
}

// KMSPanel is the view model of the Key Management side panel.
type KMSPanel struct {
	// URL is the panel's address: GET renders a state, POST creates the integration. CloseURL is the Integrations page.
	URL       string
	CloseURL  string
	CSRFToken string
	// Notice reports what went wrong with the last action, and what to do.
	Notice *components.InlineNotificationProps
	// Refusal says why nothing can be connected here (plan, existing integration); Create is then disabled.
	Refusal *components.InlineNotificationProps
	// Service is "kms" or "hs-crypto"; Services are its options, a service closed to new integrations disabled with
	// the reason. ServiceNote explains the closed service with a link to its announcement.
	Service     string
	Services    []components.SelectOption
	ServiceNote *KMSServiceNote
	// ServiceUnavailable says the chosen service takes no new integrations: Refusal says so, and no fields are shown.
	ServiceUnavailable bool
	// Mode is "existing" or "new".
	Mode string
	// Instances are the account's instances of the service; InstancesNote explains an empty or unreadable list.
	Instance      string
	Instances     []components.SelectOption
	InstancesNote string
	// Authorize is the state of the "authorize as part of Create" checkbox, kept in the URL like the other choices.
	Authorize bool
	// Key is the chosen root key; Keys are the instance's root keys, unusable ones disabled with the reason.
	Key      string
	Keys     []components.SelectOption
	KeysNote string
	// NewKey, when set, offers to create a root key in the chosen instance.
	NewKey *KMSNewKey
	// Authorization is the "Service authorization" box, shown once an instance is chosen.
	Authorization *KMSAuthorization
	// NewInstance is the provisioning form shown in "Create a new instance" mode.
	NewInstance *KMSInstanceForm
	// Equivalents is what Create does as commands and Terraform; nil in "Create a new instance" mode.
	Equivalents *Equivalents
}

// KMSServiceNote is a short text under the Service dropdown, with a link.
type KMSServiceNote struct {
	Text      string
	LinkLabel string
	URL       string
}

// KMSNewKey is the "create a root key" field of the panel.
type KMSNewKey struct {
	// URL receives the POST.
	URL string
}

// KMSAuthorization is the "Service authorization" box of the Key Management panel.
type KMSAuthorization struct {
	// Exists says an authorization already lets App Configuration read the instance.
	Exists bool
	// Note, when set, replaces the usual text (e.g. the check could not be made).
	Note string
	// SourceInstance, Target and TargetService name the two sides; Role is "Reader".
	SourceInstance string
	Target         string
	TargetService  string
	Role           string
	// WizardURL opens the Authorizations wizard pre-filled, coming back to the panel.
	WizardURL string
}

// KMSInstanceForm is the short provisioning form of "Create a new instance".
type KMSInstanceForm struct {
	// URL receives the POST.
	URL string
	// ServiceName is the display name of the service being provisioned.
	ServiceName string
	Name        string
	NameError   string
	Regions     []components.SelectOption
	Plans       []components.SelectOption
	Groups      []components.SelectOption
	// Note explains plans or groups that could not be read.
	Note string
}

// kmsPermanentText says why Key Management has no Disconnect (ibm-cloud-docs/app-configuration ac-managing-encryption.md).
const kmsPermanentText = "Customer-managed encryption stays on for the life of the instance: it cannot be disconnected"

// panelLinkAttrs make a link open its panel inside #integrations-panel with htmx, keeping the URL in the address bar.
func panelLinkAttrs(url string) templ.Attributes {
	return templ.Attributes{"hx-get": url, "hx-target": "#integrations-panel", "hx-push-url": "true"}
}

// kmsConnectedValue is the short value under "Connected instance" on the Key Management tile.
func kmsConnectedValue(t KMSTile) string {
	if t.Connected {
		return t.InstanceName
	}
	return "-"
}

// enConnectedValue is the short value under "Connected instance" on the Event Notifications tile.
func enConnectedValue(t ENTile) string {
	if t.Connected {
		return t.InstanceName
	}
	return "-"
}

// kmsFormAction is where the panel's form posts: the instance provisioning in "new" mode, the integration otherwise.
func kmsFormAction(p KMSPanel) string {
	if p.NewInstance != nil {
		return p.NewInstance.URL
	}
	return p.URL
}

// kmsFormAttrs make the panel's form post with htmx, showing the answer in place of the panel.
func kmsFormAttrs(p KMSPanel) templ.Attributes {
	return templ.Attributes{"hx-post": kmsFormAction(p), "hx-target": "#integrations-panel"}
}

// kmsPrimaryLabel is the label of the panel's primary button.
func kmsPrimaryLabel(p KMSPanel) string {
	if p.NewInstance != nil {
		return "Create instance"
	}
	return "Create"
}

// kmsReloadAttrs make a field re-render the panel state for its new value and swap target: the whole panel, or only the
// fields and the Create button. The CSRF and form tokens stay out of the URL.
func kmsReloadAttrs(url, target string) templ.Attributes {
	a := templ.Attributes{
		"hx-get": url, "hx-trigger": "change", "hx-include": "closest form", "hx-params": "service,mode,instance,key,authorize",
		"hx-target": target, "hx-select": target, "hx-swap": "outerHTML", "hx-push-url": "true",
	}
	if target == "#kms-fields" {
		a["hx-select-oob"] = "#kms-create"
	}
	return a
}
