package kms

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	kp "github.com/IBM/keyprotect-go-client"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// Key types as the keys table shows them: root keys (not extractable) wrap other keys, standard keys hold data.
const (
	InventoryTypeRoot     = "root"
	InventoryTypeStandard = "standard"
)

// Key states of the key management API as plain numbers (there is no state 4).
const (
	InventoryStatePreActivation = int(StatePreActivation)
	InventoryStateActive        = int(StateActive)
	InventoryStateSuspended     = int(StateSuspended)
	InventoryStateDeactivated   = int(StateDeactivated)
	InventoryStateDestroyed     = int(StateDestroyed)
)

// inventoryPageSize is how many keys one list call asks for.
const inventoryPageSize = 200

// Inventory reads every key of a key management instance, whatever its type or state, and the registrations that tie
// keys to the resources they protect.
type Inventory struct {
	connector *ibmcloud.Connector
}

// NewInventory returns an Inventory using connector's clients.
func NewInventory(connector *ibmcloud.Connector) *Inventory {
	return &Inventory{connector: connector}
}

// InventoryKey is one key of a key management instance.
type InventoryKey struct {
	ID          string
	Name        string
	Description string
	// Type is InventoryTypeRoot or InventoryTypeStandard.
	Type      string
	State     int
	KeyRingID string
	CRN       string
	Created   time.Time
}

// StateName returns the key's state as people read it, e.g. "Active".
func (k InventoryKey) StateName() string { return InventoryStateName(k.State) }

// InventoryStateName returns the name of a key state, e.g. "Active" for 1.
func InventoryStateName(state int) string {
	if name, ok := stateNames[KeyState(state)]; ok {
		return name
	}
	return fmt.Sprintf("Unknown (%d)", state)
}

// ParseInventoryState reads a state filter value ("pre-activation", "active", "suspended", "deactivated", "destroyed").
func ParseInventoryState(name string) (int, bool) {
	for state, stateName := range stateNames {
		if strings.ToLower(stateName) == name {
			return int(state), true
		}
	}
	return 0, false
}

// InventoryFilter narrows a key listing; zero values mean every type and every state.
type InventoryFilter struct {
	// Type is InventoryTypeRoot, InventoryTypeStandard or "".
	Type string
	// States lists the wanted states; empty means all of them, destroyed keys included.
	States []int
}

// ErrNoEndpoint is returned for a key management instance whose API endpoint is unknown.
var ErrNoEndpoint = errors.New("the key management instance has no known API endpoint")

// ListAllKeys returns the instance's keys that match the filter, newest first.
func (inv *Inventory) ListAllKeys(ctx context.Context, tok ibmcloud.Token, inst resources.Instance, f InventoryFilter) ([]InventoryKey, error) {
	client, err := inv.client(tok, inst)
	if err != nil {
		return nil, err
	}
	states := f.States
	if len(states) == 0 {
		// Without a state filter the API leaves destroyed keys out; ask for every state explicitly.
		states = []int{InventoryStatePreActivation, InventoryStateActive, InventoryStateSuspended, InventoryStateDeactivated, InventoryStateDestroyed}
	}
	opts := &kp.ListKeysOptions{Limit: new(uint32(inventoryPageSize))}
	for _, s := range states {
		opts.State = append(opts.State, kp.KeyState(s))
	}
	switch f.Type {
	case InventoryTypeRoot:
		opts.Extractable = new(false)
	case InventoryTypeStandard:
		opts.Extractable = new(true)
	}
	var out []InventoryKey
	for offset := uint32(0); ; {
		opts.Offset = new(offset)
		page, err := client.ListKeys(ctx, opts)
		if err != nil {
			return nil, ibmcloud.Classify(resources.ServiceDisplayName(inst.Service), err)
		}
		for _, k := range page.Keys {
			key := inventoryKeyFrom(k)
			// Filter again on this side: a service that ignores a query parameter must not widen the table.
			if (f.Type == "" || key.Type == f.Type) && slices.Contains(states, key.State) {
				out = append(out, key)
			}
		}
		if len(page.Keys) < inventoryPageSize {
			break
		}
		offset += uint32(len(page.Keys))
	}
	sort.SliceStable(out, func(a, b int) bool {
		if !out[a].Created.Equal(out[b].Created) {
			return out[a].Created.After(out[b].Created)
		}
		return out[a].Name < out[b].Name
	})
	return out, nil
}

// GetKeyDetails returns one key of the instance, whatever its type or state.
func (inv *Inventory) GetKeyDetails(ctx context.Context, tok ibmcloud.Token, inst resources.Instance, keyID string) (InventoryKey, error) {
	client, err := inv.client(tok, inst)
	if err != nil {
		return InventoryKey{}, err
	}
	k, err := client.GetKeyMetadata(ctx, keyID)
	if err != nil {
		return InventoryKey{}, ibmcloud.Classify(resources.ServiceDisplayName(inst.Service), err)
	}
	return inventoryKeyFrom(*k), nil
}

// client returns a key management client for the instance.
func (inv *Inventory) client(tok ibmcloud.Token, inst resources.Instance) (*kp.Client, error) {
	endpoint, err := inventoryEndpoint(inst)
	if err != nil {
		return nil, err
	}
	return inv.connector.KeyManagement(tok, endpoint, inst.GUID)
}

// inventoryEndpoint is the instance's API endpoint as At finds it, or ErrNoEndpoint.
func inventoryEndpoint(inst resources.Instance) (string, error) {
	if endpoint := At(inst).Endpoint; endpoint != "" {
		return endpoint, nil
	}
	return "", fmt.Errorf("%s: %w", inst.Name, ErrNoEndpoint)
}

func inventoryKeyFrom(k kp.Key) InventoryKey {
	key := InventoryKey{
		ID: k.ID, Name: k.Name, Description: k.Description, State: k.State, KeyRingID: k.KeyRingID, CRN: k.CRN,
		Type: InventoryTypeRoot,
	}
	if k.Extractable {
		key.Type = InventoryTypeStandard
	}
	if k.CreationDate != nil {
		key.Created = *k.CreationDate
	}
	return key
}
