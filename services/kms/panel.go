package kms

import (
	"context"
	"slices"
	"sync"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/crn"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// InstanceLister reads a user's instances of a service, or one instance, remembering them briefly, and knows where an
// instance is from what any read of the process met or from its CRN.
type InstanceLister interface {
	Instances(ctx context.Context, userID string, tok ibmcloud.Token, service string) ([]resources.Instance, error)
	Instance(ctx context.Context, userID string, tok ibmcloud.Token, id string) (resources.Instance, error)
	Locate(id string) (resources.Instance, bool)
}

// AuthorizationLister lists an account's IAM service-to-service authorizations.
type AuthorizationLister interface {
	ListAuthorizations(ctx context.Context, tok ibmcloud.Token, accountID string) ([]iam.Authorization, error)
}

// ResourceGroupLister lists an account's resource groups.
type ResourceGroupLister interface {
	ListResourceGroups(ctx context.Context, tok ibmcloud.Token, accountID string) ([]resources.ResourceGroup, error)
}

// Panels reads what the Key Management panel shows for a state, and decides what of it can be chosen.
type Panels struct {
	instances InstanceLister
	keys      *KeyCache
	authz     AuthorizationLister
	groups    ResourceGroupLister
}

// NewPanels returns Panels reading instances through instances, root keys and plans through keys, authorizations
// through authz and resource groups through groups.
func NewPanels(instances InstanceLister, keys *KeyCache, authz AuthorizationLister, groups ResourceGroupLister) *Panels {
	return &Panels{instances: instances, keys: keys, authz: authz, groups: groups}
}

// PanelRequest is the state the Key Management panel is shown in, and who asks.
type PanelRequest struct {
	UserID    string
	Token     ibmcloud.Token
	AccountID string
	AppConfig resources.Instance
	// Service is resources.ServiceKeyProtect or resources.ServiceHPCS; Instance and Key are the chosen GUIDs, or "";
	// InstanceCRN is the chosen instance's CRN when the panel's form named it so, or "".
	Service     string
	Instance    string
	InstanceCRN string
	Key         string
	// NewInstance is the "Create a new instance" mode: only the refusals are decided, nothing is read.
	NewInstance bool
	// Integrations reads the App Configuration instance's integrations; a caller that shows them too can share one read.
	Integrations func(context.Context) ([]appconfig.Integration, error)
	// Begun holds the reads Begin started for this state before the App Configuration instance was read, or nil.
	Begun *PanelReads
}

// PanelReads are the reads of a panel state that need neither the App Configuration instance nor each other's answers,
// under way: the user's instances of the service and, for a chosen instance, the account's authorizations and, when
// the process knows where the instance is, its root keys.
type PanelReads struct {
	userID, service, instance string
	newInstance               bool
	instances                 func() ([]resources.Instance, error)
	authorizations            func() ([]iam.Authorization, error)
	// keys is nil when the chosen instance's place was not known; keysPlace is where they are read.
	keys      func() ([]Key, error)
	keysPlace resources.Instance
}

// Begin starts the reads of the panel in the state req names that need neither the App Configuration instance
// (req.AppConfig and req.Integrations are not used) nor each other's answers, without waiting for them, so that they
// run alongside the read of the App Configuration instance; Read, given them as req.Begun, waits for them. A chosen
// instance's root keys are read at once from where a read of this process (any user's) found the instance, with the
// user's own token; Read shows them only for an instance in the user's own list. Nothing is started in the "Create a
// new instance" mode, nor for a service closed to new integrations.
func (p *Panels) Begin(ctx context.Context, req PanelRequest) *PanelReads {
	r := &PanelReads{userID: req.UserID, service: req.Service, instance: req.Instance, newInstance: req.NewInstance}
	if req.NewInstance || req.Service == resources.ServiceHPCS {
		return r
	}
	r.instances = started(func() ([]resources.Instance, error) {
		return p.instances.Instances(ctx, req.UserID, req.Token, req.Service)
	})
	if req.Instance == "" {
		return r
	}
	r.authorizations = started(func() ([]iam.Authorization, error) { return p.authz.ListAuthorizations(ctx, req.Token, req.AccountID) })
	id := req.Instance
	if guid, ok := crn.InstanceGUID(req.InstanceCRN); ok && guid == req.Instance {
		id = req.InstanceCRN
	}
	if place, ok := p.instances.Locate(id); ok && place.Service == req.Service {
		r.keysPlace = place
		r.keys = started(func() ([]Key, error) { return p.keys.RootKeys(ctx, req.UserID, req.Token, place) })
	}
	return r
}

// AnticipatePanel starts reading the user's Key Protect instances, the list the Key Management panel opens on, into
// what the instance lister remembers for the user, and returns at once, when the App Configuration instance ac is on
// the Enterprise plan or its plan is not known (the panel refuses every other plan); the read outlives ctx's
// cancellation, so that a panel opened after the page that called it finds the list read or under way.
func (p *Panels) AnticipatePanel(ctx context.Context, userID string, tok ibmcloud.Token, ac resources.Instance) {
	if ac.PlanName != "" && !ac.IsEnterprise() {
		return
	}
	detached := context.WithoutCancel(ctx)
	go func() { _, _ = p.instances.Instances(detached, userID, tok, resources.ServiceKeyProtect) }()
}

// started runs read at once and returns the function that waits for its answer.
func started[T any](read func() (T, error)) func() (T, error) {
	done := make(chan struct{})
	var (
		v   T
		err error
	)
	go func() {
		defer close(done)
		v, err = read()
	}()
	return func() (T, error) {
		<-done
		return v, err
	}
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
// its root keys and the service authorization, in parallel, joining the reads req.Begun started.
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
	r := req.Begun
	if r == nil || r.userID != req.UserID || r.service != req.Service || r.instance != req.Instance || r.newInstance {
		r = p.Begin(ctx, req)
	}
	var (
		wg        sync.WaitGroup
		list      []appconfig.Integration
		instances []resources.Instance
		keys      []Key
	)
	wg.Go(func() { list, out.IntegrationsErr = req.Integrations(ctx) })
	wg.Go(func() {
		instances, out.InstancesErr = r.instances()
		if i := slices.IndexFunc(instances, func(in resources.Instance) bool { return in.GUID == req.Instance }); i >= 0 {
			out.Target = &instances[i]
		}
		if out.Target == nil {
			return
		}
		// Keys read from a place the form's CRN gave are used only when it is where the user's own list has the instance.
		if r.keys != nil && r.keysPlace.CRN == out.Target.CRN {
			keys, out.KeysErr = r.keys()
		} else {
			keys, out.KeysErr = p.keys.RootKeys(ctx, req.UserID, req.Token, *out.Target)
		}
		grants, err := r.authorizations()
		out.Authorization, out.AuthorizationErr = grantingIn(grants, req.AccountID, req.AppConfig, *out.Target, req.Key), err
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
