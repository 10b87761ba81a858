package kms

import (
	"context"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// RootKeyRequest is a root key to create in the instance chosen in the Key Management panel, and who asks.
type RootKeyRequest struct {
	UserID       string
	Token        ibmcloud.Token
	Service      string
	InstanceGUID string
	Name         string
}

// RootKeyProblem says why a root key was not created.
type RootKeyProblem int

// Problems of a root key creation.
const (
	// RootKeyNameInvalid: the name breaks the key management service's rules; Message says what to correct.
	RootKeyNameInvalid RootKeyProblem = iota + 1
	// RootKeyNoInstance: no instance was chosen.
	RootKeyNoInstance
	// RootKeyInstanceGone: the chosen instance no longer exists, the user cannot see it, or it is of another service;
	// Err is the failure to read it, when that is why.
	RootKeyInstanceGone
	// RootKeyFailed: the key management service refused or failed to create the key; Err says why.
	RootKeyFailed
)

// RootKeyError is a root key that was not created, and why.
type RootKeyError struct {
	Problem RootKeyProblem
	Message string
	Err     error
}

// Error says why the key was not created.
func (e *RootKeyError) Error() string {
	switch {
	case e.Message != "":
		return e.Message
	case e.Err != nil:
		return e.Err.Error()
	case e.Problem == RootKeyNoInstance:
		return "no instance was chosen"
	}
	return "the chosen instance could not be found"
}

// Unwrap returns the underlying failure, if any.
func (e *RootKeyError) Unwrap() error { return e.Err }

// CreateRootKey checks the name, finds the chosen instance among the user's (as remembered briefly) and creates the
// root key there, forgetting the user's remembered root keys of it; it returns the key and the instance, or a
// *RootKeyError.
func (p *Panels) CreateRootKey(ctx context.Context, req RootKeyRequest) (Key, resources.Instance, error) {
	if msg := RootKeyNameError(req.Name); msg != "" {
		return Key{}, resources.Instance{}, &RootKeyError{Problem: RootKeyNameInvalid, Message: msg}
	}
	if req.InstanceGUID == "" {
		return Key{}, resources.Instance{}, &RootKeyError{Problem: RootKeyNoInstance}
	}
	target, err := p.instances.Instance(ctx, req.UserID, req.Token, req.InstanceGUID)
	if err != nil || target.Service != req.Service {
		return Key{}, resources.Instance{}, &RootKeyError{Problem: RootKeyInstanceGone, Err: err}
	}
	key, err := p.keys.CreateRootKey(ctx, req.UserID, req.Token, target, req.Name)
	if err != nil {
		return Key{}, target, &RootKeyError{Problem: RootKeyFailed, Err: err}
	}
	return key, target, nil
}
