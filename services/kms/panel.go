package kms

import (
	"context"
	"slices"
	"sync"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// InstanceLister reads a user's instances of a service, remembering them briefly.
type InstanceLister interface {
	Instances(ctx context.Context, userID string, tok ibmcloud.Token, service string) ([]resources.Instance, error)
}

// Panels reads what the Key Management panel shows for a state, and decides what of it can be chosen.
type Panels struct {
	instances InstanceLister
	keys      *KeyCache
	authz     AuthorizationAPI
}

// NewPanels returns Panels reading instances through instances, root keys through keys and authorizations through authz.
func NewPanels(instances InstanceLister, keys *KeyCache, authz AuthorizationAPI) *Panels {
	return &Panels{instances: instances, keys: keys, authz: authz}
}

// PanelRequest is the state the Key Management panel is shown in, and who asks.
type PanelRequest struct {
	UserID    string
	Token     ibmcloud.Token
	AccountID string
	AppConfig resources.Instance
	// Service is resources.ServiceKeyProtect or resources.ServiceHPCS; Instance and Key are the chosen GUIDs, or "".
	Service  string
	Instance string
	Key      string
	// NewInstance is the "Create a new instance" mode: only the refusals are decided, nothing is read.
	NewInstance bool
	// Integrations reads the App Configuration instance's integrations; a caller that shows them too can share one read.
	Integrations func(context.Context) ([]appconfig.Integration, error)
}

// Refusal is why nothing can be connected from the panel.
type Refusal int

// The refusals of the panel.
const (
	// RefusalNone lets Create go ahead.
	RefusalNone Refusal = iota
	// RefusalServiceClosed is a service closed to new integrations (Hyper Protect Crypto Services).
	RefusalServiceClosed
	// RefusalPlan is an App Configuration instance not on the Enterprise plan (or whose plan could not be read).
	RefusalPlan
	// RefusalConnected is an App Configuration instance that already has a Key Management integration.
	RefusalConnected
)

// Panel is what the Key Management panel shows: the instances and root keys to choose from, each unusable one with
// the reason, the service authorization the chosen instance needs, and whether Create can go ahead. A failed read is
// kept with what it was reading; the others still fill the panel.
type Panel struct {
	Refusal Refusal
	// Connected is the instance's existing Key Management integration (Refusal is then RefusalConnected).
	Connected       *appconfig.Integration
	IntegrationsErr error
	Instances       []InstanceChoice
	InstancesErr    error
	// Target is the chosen instance; TargetMissing says a chosen instance is not (or no longer) in the list.
	Target        *resources.Instance
	TargetMissing bool
	Keys          []KeyChoice
	KeysErr       error
	// UsableKeys counts the Target's keys that can be chosen.
	UsableKeys int
	// Key is the chosen root key when it can be chosen, else "".
	Key string
	// Authorization is the existing authorization of App Configuration on Target, or nil; AuthorizationErr says it
	// could not be checked.
	Authorization    *iam.Authorization
	AuthorizationErr error
}

// CanCreate reports whether the panel lets Create go ahead.
func (p Panel) CanCreate() bool { return p.Refusal == RefusalNone }

// InstanceChoice is an instance in the panel's list; Unusable says why it cannot be chosen ("" when it can).
type InstanceChoice struct {
	resources.Instance
	Unusable string
}

// KeyChoice is a root key in the panel's list; Unusable says why it cannot be chosen ("" when it can).
type KeyChoice struct {
	Key
	Unusable string
}

// Read decides the panel's refusals, then reads the integrations, the service's instances and, for a chosen instance,
// its root keys and the service authorization, in parallel.
func (p *Panels) Read(ctx context.Context, req PanelRequest) Panel {
	var out Panel
	switch {
	case req.Service == resources.ServiceHPCS:
		out.Refusal = RefusalServiceClosed
		return out
	case !req.AppConfig.IsEnterprise():
		out.Refusal = RefusalPlan
		return out
	case req.NewInstance:
		return out
	}
	var (
		wg        sync.WaitGroup
		list      []appconfig.Integration
		instances []resources.Instance
		keys      []Key
	)
	wg.Go(func() { list, out.IntegrationsErr = req.Integrations(ctx) })
	wg.Go(func() {
		instances, out.InstancesErr = p.instances.Instances(ctx, req.UserID, req.Token, req.Service)
		if i := slices.IndexFunc(instances, func(in resources.Instance) bool { return in.GUID == req.Instance }); i >= 0 {
			out.Target = &instances[i]
		}
		if out.Target == nil {
			return
		}
		var inner sync.WaitGroup
		inner.Go(func() { keys, out.KeysErr = p.keys.RootKeys(ctx, req.UserID, req.Token, *out.Target) })
		inner.Go(func() {
			out.Authorization, out.AuthorizationErr = FindAuthorization(ctx, p.authz, req.Token, req.AccountID, req.AppConfig, *out.Target, req.Key)
		})
		inner.Wait()
	})
	wg.Wait()
	if out.Connected = IntegrationOf(list); out.Connected != nil {
		out.Refusal = RefusalConnected
	}
	if out.InstancesErr != nil {
		out.Target = nil
		return out
	}
	for _, in := range instances {
		choice := InstanceChoice{Instance: in}
		if in.State != "" && in.State != "active" {
			choice.Unusable = in.State
		}
		out.Instances = append(out.Instances, choice)
	}
	out.TargetMissing = req.Instance != "" && out.Target == nil
	if out.Target == nil || out.KeysErr != nil {
		return out
	}
	for _, k := range keys {
		choice := KeyChoice{Key: k, Unusable: unusableReason(k)}
		if choice.Unusable == "" {
			out.UsableKeys++
			if k.ID == req.Key {
				out.Key = k.ID
			}
		}
		out.Keys = append(out.Keys, choice)
	}
	return out
}

// unusableReason says why a root key cannot be chosen, or "" when it can.
func unusableReason(k Key) string {
	if k.Usable() {
		return ""
	}
	switch k.State {
	case StateSuspended:
		return "suspended: enable it to use it"
	case StateDeactivated:
		return "deactivated: it can no longer be used"
	}
	return k.State.String()
}

// IntegrationOf returns the Key Management integration in list, or nil when there is none.
func IntegrationOf(list []appconfig.Integration) *appconfig.Integration {
	if i := slices.IndexFunc(list, func(in appconfig.Integration) bool { return in.Type == appconfig.TypeKMS }); i >= 0 {
		return &list[i]
	}
	return nil
}
