// Package kms reads keys and their registrations, creates root keys and syncs keys' associated resources in Key
// Protect and Hyper Protect Crypto Services instances through the key management API, and remembers each user's root
// keys for a short time.
package kms

import (
	"fmt"
	"strings"
	"time"
)

// KeyState is the lifecycle state of a key, as the key management API numbers it.
type KeyState int

// Key states; 4 is not used by the API.
const (
	StatePreActivation KeyState = 0
	StateActive        KeyState = 1
	StateSuspended     KeyState = 2
	StateDeactivated   KeyState = 3
	StateDestroyed     KeyState = 5
)

// states are every key state, in the API's order.
var states = []KeyState{StatePreActivation, StateActive, StateSuspended, StateDeactivated, StateDestroyed}

// stateNames are the states' names as the key management console shows them.
var stateNames = map[KeyState]string{
	StatePreActivation: "Pre-activation",
	StateActive:        "Active",
	StateSuspended:     "Suspended",
	StateDeactivated:   "Deactivated",
	StateDestroyed:     "Destroyed",
}

// String returns the state's name as the key management console shows it, e.g. "Active".
func (s KeyState) String() string {
	if name, ok := stateNames[s]; ok {
		return name
	}
	return fmt.Sprintf("Unknown (%d)", int(s))
}

// ParseKeyState reads a state filter value ("pre-activation", "active", "suspended", "deactivated", "destroyed").
func ParseKeyState(name string) (KeyState, bool) {
	for state, stateName := range stateNames {
		if strings.ToLower(stateName) == name {
			return state, true
		}
	}
	return 0, false
}

// KeyType is the type of a key as the keys table shows it.
type KeyType string

// Key types: root keys (not extractable) wrap other keys, standard keys hold data.
const (
	TypeRoot     KeyType = "root"
	TypeStandard KeyType = "standard"
)

// Key is a key of a key management instance.
type Key struct {
	ID        string
	Name      string
	CRN       string
	KeyRingID string
	Type      KeyType
	State     KeyState
	Deleted   bool
	CreatedAt time.Time
}

// IsRoot reports whether the key is a root key.
func (k Key) IsRoot() bool { return k.Type == TypeRoot }

// Usable reports whether the key is an active root key, the only kind an integration may use.
func (k Key) Usable() bool { return k.IsRoot() && !k.Deleted && k.State == StateActive }

// KeyFilter narrows a key listing; zero values mean every type and every state.
type KeyFilter struct {
	// Type is TypeRoot, TypeStandard or "".
	Type KeyType
	// States lists the wanted states; empty means all of them, destroyed keys included.
	States []KeyState
}

// Registration records that a cloud resource is protected by a root key.
type Registration struct {
	KeyID       string
	ResourceCRN string
	Description string
	CreatedAt   time.Time
	// PreventKeyDeletion is set when the resource is under a retention policy, so the key must not be deleted.
	PreventKeyDeletion bool
}
