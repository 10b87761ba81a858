package views

import (
	"strconv"

	"github.com/a-h/templ"

	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// InstanceDeletePage is the danger confirmation for deleting an App Configuration instance, over its instance page.
type InstanceDeletePage struct {
	Instance layout.InstancePageProps
	// Action is the POST URL of the confirmation form; CancelURL closes it.
	Action    string
	CancelURL string
	// Integrations are the instance's integrations that go with it.
	Integrations []DeleteIntegrationItem
	// Registrations are the key registrations that key management should remove.
	Registrations []DeleteRegistrationItem
	// Warning explains what the console could not read beforehand; empty when everything was read.
	Warning string
	// ConfirmInvalid marks the typed name as wrong.
	ConfirmInvalid bool
	// Error is an upstream refusal of the last attempt (e.g. no permission); nothing was deleted.
	Error string
}

// DeleteIntegrationItem is one integration listed in the delete confirmation.
type DeleteIntegrationItem struct {
	// Service is "Key Management" or "Event Notifications".
	Service string
	// Detail names the connected instance or key.
	Detail string
}

// DeleteRegistrationItem is one key registration listed in the delete confirmation.
type DeleteRegistrationItem struct {
	KeyName string
	KeyURL  string
	KMSName string
}

// InstanceDeletedPage reports a deleted App Configuration instance and whether key management let go of it.
type InstanceDeletedPage struct {
	Shell layout.ShellProps
	// Name of the deleted instance (may be empty when unknown).
	Name string
	// Checks has one entry per key the instance was connected to.
	Checks []UnregistrationCheck
	// Unchecked says the integrations could not be read before deleting, so nothing could be checked.
	Unchecked bool
	// ReportURL reloads the report, checking again.
	ReportURL string
}

// UnregistrationCheck is the result of looking for a registration of the deleted instance on one key.
type UnregistrationCheck struct {
	KMSName string
	KMSURL  string
	KeyName string
	KeyURL  string
	// Pending is set when a registration of the deleted instance is still on the key shortly after the deletion: App
	// Configuration may still be unregistering it.
	Pending bool
	// Leftover is set when a registration of the deleted instance is still on the key after that: left behind.
	Leftover bool
	// ResourceCRN is the CRN still registered when Pending or Leftover is set.
	ResourceCRN string
	// SyncURL is the key's associated resources, where Sync asks App Configuration to check again.
	SyncURL string
	// Error says why the key could not be checked.
	Error string
}

// KMSInstancePage is a Key Protect or HPCS instance with its keys.
type KMSInstancePage struct {
	Shell layout.ShellProps
	// ServiceName is "Key Protect" or "Hyper Protect Crypto Services".
	ServiceName string
	Name        string
	State       string
	Plan        string
	Region      string
	// FilterAction is the URL the filter form submits to.
	FilterAction string
	TypeOptions  []components.SelectOption
	StateOptions []components.SelectOption
	// Filtered is set when a filter is applied; ClearURL removes it.
	Filtered bool
	ClearURL string
	Keys     []KMSKeyRow
}

// KMSKeyRow is one key in the keys table.
type KMSKeyRow struct {
	Name string
	URL  string
	ID   string
	// Type is "Root key" or "Standard key".
	Type    string
	State   string
	KeyRing string
	Created string
}

// KMSKeyPage is one key with its associated resources.
type KMSKeyPage struct {
	Shell       layout.ShellProps
	ServiceName string
	// InstanceName and InstanceURL lead back to the keys table.
	InstanceName string
	InstanceURL  string
	Key          KMSKeyRow
	KeyCRN       string
	Associations []AssociatedResourceRow
	// SyncAction is the POST URL of Sync associated resources.
	SyncAction string
	// SyncError says why the last sync failed upstream; nothing was synced.
	SyncError string
}

// AssociatedResourceRow is one registration of a key.
type AssociatedResourceRow struct {
	ResourceCRN string
	// ResourceName is the registered resource's name where the account has it.
	ResourceName string
	ResourceURL  string
	// Service is the registered resource's service, e.g. "App Configuration".
	Service     string
	Description string
	Created     string
	// PreventsDeletion shows whether the registration prevents key deletion.
	PreventsDeletion bool
	// Status is "in-use", "deleted" or "unknown"; StatusLabel says it in words.
	Status      string
	StatusLabel string
}

// checkID is the element ID of the i-th unregistration check.
func checkID(i int) string { return "check-" + strconv.Itoa(i) }

// kmsKeyRows turns keys into data table rows.
func kmsKeyRows(keys []KMSKeyRow) []components.TableRow {
	return tableRows(keys, func(_ int, k KMSKeyRow) components.TableRow {
		return components.TableRow{ID: "key-" + k.ID, Cells: []templ.Component{
			kmsKeyName(k), kmsMono(k.ID), components.TextCell(k.Type), kmsStateTag(k.State),
			components.TextCell(k.KeyRing), components.TextCell(k.Created),
		}}
	})
}

// kmsStateTagTypes colour the key states: active green, pre-active blue, destroyed red; the others (suspended,
// deactivated) are the tag's default gray.
var kmsStateTagTypes = map[string]components.TagType{
	"Active":         components.TagGreen,
	"Destroyed":      components.TagRed,
	"Pre-activation": components.TagBlue,
}

func kmsEmptyTitle(filtered bool) string {
	if filtered {
		return "No keys match the filters"
	}
	return "No keys"
}

func kmsEmptyText(filtered bool) string {
	if filtered {
		return "No key of this instance has the chosen type and state."
	}
	return "This instance has no keys yet."
}

// associatedRows turns associated resources into data table rows.
func associatedRows(list []AssociatedResourceRow) []components.TableRow {
	return tableRows(list, func(i int, r AssociatedResourceRow) components.TableRow {
		prevents := "No"
		if r.PreventsDeletion {
			prevents = "Yes"
		}
		return components.TableRow{ID: "registration-" + strconv.Itoa(i), Cells: []templ.Component{
			associatedResource(r), kmsMono(r.ResourceCRN), associatedStatus(r), components.TextCell(r.Created),
			components.TextCell(prevents),
		}}
	})
}

// associationTagTypes colour the registration statuses: in use blue, deleted resource red; unknown is the tag's default
// gray.
var associationTagTypes = map[string]components.TagType{
	"in-use":  components.TagBlue,
	"deleted": components.TagRed,
}
