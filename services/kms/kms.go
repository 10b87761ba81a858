// Package kms reads and creates root keys and reads key registrations of Key Protect and Hyper Protect Crypto Services
// instances through the key management API, and remembers each user's instance and key lists for a short time.
package kms

import (
	"cmp"
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	kp "github.com/IBM/keyprotect-go-client"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
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

// stateNames are the states' names as the key management console shows them.
var stateNames = map[KeyState]string{
	StatePreActivation: "Pre-activation",
	StateActive:        "Active",
	StateSuspended:     "Suspended",
	StateDeactivated:   "Deactivated",
	StateDestroyed:     "Destroyed",
}

// String returns the state's name as the key management console shows it.
func (s KeyState) String() string {
	if name, ok := stateNames[s]; ok {
		return name
	}
	return fmt.Sprintf("State %d", int(s))
}

const (
	// pageSize is how many keys one list call asks for.
	pageSize = 200
	// maxKeys bounds how many keys are read from one instance.
	maxKeys = 5000
)

// Instance is the key management instance a call addresses: its GUID and its key management API endpoint.
type Instance struct {
	GUID     string
	Endpoint string
	// Service is the catalog service name, "kms" or "hs-crypto"; it names the service in error messages.
	Service string
}

// At returns the key management address of a resource instance, falling back to the regional Key Protect endpoint
// when the instance does not publish one.
func At(inst resources.Instance) Instance {
	endpoint := inst.Endpoint
	if endpoint == "" && inst.Service == resources.ServiceKeyProtect && inst.Region != "" {
		endpoint = ibmcloud.KeyProtectEndpoint(inst.Region, false)
	}
	return Instance{GUID: inst.GUID, Endpoint: endpoint, Service: inst.Service}
}

// serviceName names the instance's service in error messages; an instance of unknown service is taken for Key Protect.
func (i Instance) serviceName() string {
	return resources.ServiceDisplayName(cmp.Or(i.Service, resources.ServiceKeyProtect))
}

// Key is a key of a key management instance.
type Key struct {
	ID          string
	Name        string
	Description string
	CRN         string
	State       KeyState
	// Root is true for root keys (not extractable), false for standard keys.
	Root      bool
	Deleted   bool
	CreatedAt time.Time
}

// Usable reports whether the key is an active root key, the only kind an integration may use.
func (k Key) Usable() bool { return k.Root && !k.Deleted && k.State == StateActive }

// Registration records that a cloud resource is protected by a root key.
type Registration struct {
	KeyID              string
	ResourceCRN        string
	Description        string
	CreatedBy          string
	CreatedAt          time.Time
	PreventKeyDeletion bool
}

// Service calls the key management API of Key Protect and Hyper Protect Crypto Services instances.
type Service struct {
	connector *ibmcloud.Connector
}

// NewService returns a Service using connector's clients.
func NewService(connector *ibmcloud.Connector) *Service {
	return &Service{connector: connector}
}

func (s *Service) client(tok ibmcloud.Token, inst Instance) (*kp.Client, error) {
	if inst.Endpoint == "" {
		return nil, &ibmcloud.Error{Kind: ibmcloud.KindUnavailable, Service: inst.serviceName(),
			Message: "the instance publishes no key management endpoint"}
	}
	return s.connector.KeyManagement(tok, inst.Endpoint, inst.GUID)
}

// ListRootKeys returns the instance's root keys that are not destroyed (active, suspended and deactivated ones), by name.
// Standard keys are never returned.
func (s *Service) ListRootKeys(ctx context.Context, tok ibmcloud.Token, inst Instance) ([]Key, error) {
	client, err := s.client(tok, inst)
	if err != nil {
		return nil, err
	}
	extractable := false
	limit := uint32(pageSize)
	var out []Key
	for offset := uint32(0); offset < maxKeys; offset += pageSize {
		page, err := client.ListKeys(ctx, &kp.ListKeysOptions{
			Extractable: &extractable, Limit: &limit, Offset: &offset,
			State: []kp.KeyState{kp.Active, kp.Suspended, kp.Deactivated},
		})
		if err != nil {
			return nil, ibmcloud.Classify(inst.serviceName(), err)
		}
		for _, k := range page.Keys {
			key := fromKP(k)
			// The filter is asked of the server and checked again here: a standard key must never be offered.
			if key.Root && !key.Deleted && key.State != StateDestroyed {
				out = append(out, key)
			}
		}
		if len(page.Keys) < pageSize {
			break
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return strings.ToLower(out[a].Name) < strings.ToLower(out[b].Name) })
	return out, nil
}

// GetKey returns one key of the instance, whatever its kind and state.
func (s *Service) GetKey(ctx context.Context, tok ibmcloud.Token, inst Instance, id string) (Key, error) {
	client, err := s.client(tok, inst)
	if err != nil {
		return Key{}, err
	}
	k, err := client.GetKeyMetadata(ctx, id)
	if err != nil {
		return Key{}, ibmcloud.Classify(inst.serviceName(), err)
	}
	return fromKP(*k), nil
}

// CreateRootKey creates a root key with the given name and key material generated by the service.
func (s *Service) CreateRootKey(ctx context.Context, tok ibmcloud.Token, inst Instance, name string) (Key, error) {
	client, err := s.client(tok, inst)
	if err != nil {
		return Key{}, err
	}
	k, err := client.CreateRootKey(ctx, name, nil)
	if err != nil {
		return Key{}, ibmcloud.Classify(inst.serviceName(), err)
	}
	return fromKP(*k), nil
}

// ListRegistrations returns the registrations of one key, or of every key of the instance when keyID is empty.
func (s *Service) ListRegistrations(ctx context.Context, tok ibmcloud.Token, inst Instance, keyID string) ([]Registration, error) {
	client, err := s.client(tok, inst)
	if err != nil {
		return nil, err
	}
	regs, err := client.ListRegistrations(ctx, keyID, "")
	if err != nil {
		return nil, ibmcloud.Classify(inst.serviceName(), err)
	}
	out := make([]Registration, 0, len(regs.Registrations))
	for _, r := range regs.Registrations {
		reg := Registration{KeyID: r.KeyID, ResourceCRN: r.ResourceCrn, Description: r.Description, CreatedBy: r.CreatedBy,
			PreventKeyDeletion: r.PreventKeyDeletion}
		if r.CreationDate != nil {
			reg.CreatedAt = *r.CreationDate
		}
		out = append(out, reg)
	}
	return out, nil
}

func fromKP(k kp.Key) Key {
	key := Key{ID: k.ID, Name: k.Name, Description: k.Description, CRN: k.CRN, State: KeyState(k.State), Root: !k.Extractable,
		Deleted: k.Deleted != nil && *k.Deleted}
	if k.CreationDate != nil {
		key.CreatedAt = *k.CreationDate
	}
	return key
}
