// Package connect is the one use case that connects an App Configuration instance to another service (Key Management or
// Event Notifications): plan gate, one change per instance at a time, the checks that must come before any write, the
// authorization created or reused, then the integration, waiting for a new authorization to take effect. What the page
// just showed (the integration list) is used instead of a read; what IBM refuses itself (a second integration of a
// type, a missing authorization) is learnt from the refusal. An authorization, once made, is kept whatever happens.
package connect

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// Integrations reads and creates an App Configuration instance's integrations, and keeps the lists pages show.
type Integrations interface {
	// ListIntegrations reads the instance's integrations afresh.
	ListIntegrations(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance) ([]appconfig.Integration, error)
	// RememberedIntegrations returns the list a page read within the last seconds, if any, reading nothing.
	RememberedIntegrations(tok ibmcloud.Token, inst appconfig.Instance) ([]appconfig.Integration, bool)
	// RememberIntegrations writes the list as it is after a change the console made.
	RememberIntegrations(tok ibmcloud.Token, inst appconfig.Instance, list []appconfig.Integration)
	CreateKMSIntegration(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance, in appconfig.KMSInput) (appconfig.Integration, error)
}

// Authorizations finds and creates IAM service-to-service authorizations.
type Authorizations interface {
	FindGranting(ctx context.Context, tok ibmcloud.Token, source, target iam.Party, acceptableRoleCRNs []string) (*iam.Authorization, error)
	CreateAuthorization(ctx context.Context, tok ibmcloud.Token, a iam.Authorization) (iam.Authorization, error)
}

// Grant is what Prepare found about the service authorization: the one that already grants the access, or the one to
// create when there is none.
type Grant struct {
	Existing *iam.Authorization
	New      iam.Authorization
	// Find looks for the authorization that grants the access, when IAM refuses New as one already in place; nil
	// looks for one with New's roles.
	Find func(ctx context.Context, tok ibmcloud.Token) (*iam.Authorization, error)
}

// Integration is one kind of integration to make; Key Management and Event Notifications each provide one.
type Integration interface {
	// Type is the App Configuration integration type (appconfig.TypeKMS, appconfig.TypeEventNotifications).
	Type() string
	// Prepare makes the kind's own checks and finds the service authorization (a kind that creates it without looking
	// leaves Existing nil). With Request.Authorize it runs before any write; without, alongside the integration's
	// create, to explain a refusal. It returns a *Error from Refused or Failed when it cannot go on.
	Prepare(ctx context.Context, tok ibmcloud.Token) (Grant, error)
	// Same reports whether an existing integration of the type is the one asked for (a repeated submit).
	Same(in appconfig.Integration) bool
	// Create creates the integration.
	Create(ctx context.Context, tok ibmcloud.Token) (appconfig.Integration, error)
}

// Request is one connection to make.
type Request struct {
	AppConfig resources.Instance
	// Authorize lets Connect create the service authorization when Prepare finds none granting the access; without
	// it, the integration is created at once and App Configuration's refusal says when no authorization grants it.
	Authorize   bool
	Integration Integration
}

// Result is a made (or already made) integration and the authorization it relies on.
type Result struct {
	Integration   appconfig.Integration
	Authorization *iam.Authorization
	// AuthorizationCreated says this attempt created the authorization.
	AuthorizationCreated bool
	// AlreadyDone says the same integration already existed (a repeated submit) and nothing was created.
	AlreadyDone bool
}

// Wait bounds the retries of the integration create while App Configuration refuses it because a new authorization is
// not in effect yet (terraform-provider-ibm issue 4478; IBM's App Configuration module waits 30 s).
type Wait struct {
	// Total is the longest time spent retrying after the first refusal.
	Total time.Duration
	// First is the first pause; each next pause doubles, up to Max.
	First, Max time.Duration
	// Reserve is kept free before the request's deadline for the last attempt: retries stop Reserve before it.
	Reserve time.Duration
}

// DefaultWait retries for up to 30 s, pausing 1, 2, 4, 8, 8, ... s.
var DefaultWait = Wait{Total: 30 * time.Second, First: time.Second, Max: 8 * time.Second}

// Lock serialises the changes to each App Configuration instance; MemoryLock in one process, RedisLock across the
// replicas of the console.
type Lock interface {
	// Lock takes key's lock, or gives up when ctx ends; it returns the function that releases it.
	Lock(ctx context.Context, key string) (unlock func(), err error)
}

// Connector runs the use case; one Connector is shared by every kind of integration, so that changes to one
// App Configuration instance are serialised whatever their kind.
type Connector struct {
	integrations   Integrations
	authorizations Authorizations
	keys           Keys
	instances      Instances
	wait           Wait
	lock           Lock
}

// NewConnector returns a Connector over the integrations API, IAM, the keys of key management instances and the
// user's instances (where ConnectChoice finds the chosen ones), retrying within wait, taking each instance's lock from
// lock (a MemoryLock when nil).
func NewConnector(integrations Integrations, authorizations Authorizations, keys Keys, instances Instances, wait Wait, lock Lock) *Connector {
	if lock == nil {
		lock = NewMemoryLock()
	}
	return &Connector{integrations: integrations, authorizations: authorizations, keys: keys, instances: instances, wait: wait, lock: lock}
}

// Connect makes the integration: it checks the plan and takes the instance's lock; an integration of the type in the
// list the page just showed is answered at once. With Authorize, Prepare (and the list, when none is remembered) come
// first, then the authorization when none grants the access, then the integration, retried while a new authorization
// is not in effect; without, the integration is created at once, alongside Prepare. Only refusals read more. The made
// integration is written into the remembered list. It never removes an authorization; a failure says, in its *Error,
// which authorization is in place afterwards.
func (c *Connector) Connect(ctx context.Context, tok ibmcloud.Token, req Request) (Result, error) {
	if !req.AppConfig.IsEnterprise() {
		return Result{}, &Error{Problem: ProblemPlan}
	}
	unlock, err := c.lock.Lock(ctx, req.AppConfig.GUID)
	if err != nil {
		return Result{}, Failed("waiting for another change to this instance", ibmcloud.Classify("console", err))
	}
	defer unlock()
	inst := appconfig.Instance{GUID: req.AppConfig.GUID, Region: req.AppConfig.Region}
	list, listed := c.integrations.RememberedIntegrations(tok, inst)
	if listed {
		if res, found, err := c.existing(list, req.Integration, nil); found {
			return res, err
		}
	}
	var (
		wg      sync.WaitGroup
		listErr error
		grant   Grant
		prepErr error
		result  Result
	)
	if !listed {
		wg.Go(func() { list, listErr = c.integrations.ListIntegrations(ctx, tok, inst); listed = listErr == nil })
	}
	if !req.Authorize {
		var createErr error
		wg.Go(func() { grant, prepErr = req.Integration.Prepare(ctx, tok) })
		result.Integration, createErr = req.Integration.Create(ctx, tok)
		wg.Wait()
		result.Authorization = grant.Existing
		if createErr != nil {
			return c.refused(ctx, tok, inst, req.Integration, createErr, grant, prepErr)
		}
		c.remember(tok, inst, list, listed, result.Integration)
		return result, nil
	}
	wg.Go(func() { grant, prepErr = req.Integration.Prepare(ctx, tok) })
	wg.Wait()
	if listErr != nil {
		return Result{}, Failed("reading the instance's integrations", listErr)
	}
	if res, found, err := c.existing(list, req.Integration, grant.Existing); found {
		return res, err
	}
	if prepErr != nil {
		return Result{}, asError(prepErr, "checking the service authorization")
	}
	result.Authorization = grant.Existing
	if grant.Existing == nil {
		created, err := c.authorizations.CreateAuthorization(ctx, tok, grant.New)
		switch {
		case ibmcloud.IsKind(err, ibmcloud.KindConflict):
			// IAM refuses a second policy with the same subject and resource: one is in place already (a kept
			// authorization of an earlier attempt); it is found only now, and App Configuration judges its roles.
			result.Authorization, _ = c.inPlace(ctx, tok, grant)
		case err != nil:
			return Result{}, Failed("creating the service authorization", err)
		default:
			result.Authorization, result.AuthorizationCreated = &created, true
		}
	}
	in, waited, err := c.create(ctx, tok, req.Integration, result.AuthorizationCreated)
	if err != nil {
		if ibmcloud.IsKind(err, ibmcloud.KindConflict) {
			if res, found, cerr := c.existingNow(ctx, tok, inst, req.Integration, result.Authorization); found {
				if ce, ok := cerr.(*Error); ok {
					ce.Authorization, ce.AuthorizationCreated = result.Authorization, result.AuthorizationCreated
				}
				return res, cerr
			}
		}
		e := Failed("creating the integration", err)
		if result.AuthorizationCreated && ibmcloud.IsKind(err, ibmcloud.KindForbidden) {
			e.Problem, e.Waited = ProblemNotInEffect, waited
		}
		e.Authorization, e.AuthorizationCreated = result.Authorization, result.AuthorizationCreated
		return Result{}, e
	}
	result.Integration = in
	c.remember(tok, inst, list, listed, in)
	return result, nil
}

// inPlace finds the authorization IAM says is in place for grant.New.
func (c *Connector) inPlace(ctx context.Context, tok ibmcloud.Token, grant Grant) (*iam.Authorization, error) {
	if grant.Find != nil {
		return grant.Find(ctx, tok)
	}
	roles := make([]string, 0, len(grant.New.Roles))
	for _, r := range grant.New.Roles {
		roles = append(roles, r.CRN)
	}
	return c.authorizations.FindGranting(ctx, tok, grant.New.Source, grant.New.Target, roles)
}

// existing answers the request from list when list holds an integration of its type: the same integration again is
// done (with the authorization grant, when known), another one is ProblemAlreadyConnected. It reports whether it found one.
func (c *Connector) existing(list []appconfig.Integration, kind Integration, grant *iam.Authorization) (Result, bool, error) {
	for _, in := range list {
		if in.Type != kind.Type() {
			continue
		}
		if kind.Same(in) {
			return Result{Integration: in, Authorization: grant, AlreadyDone: true}, true, nil
		}
		return Result{}, true, &Error{Problem: ProblemAlreadyConnected, Existing: in}
	}
	return Result{}, false, nil
}

// existingNow reads the list afresh after App Configuration refused the create as a conflict, and answers as existing.
func (c *Connector) existingNow(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance, kind Integration, grant *iam.Authorization) (Result, bool, error) {
	list, err := c.integrations.ListIntegrations(ctx, tok, inst)
	if err != nil {
		return Result{}, false, nil
	}
	return c.existing(list, kind, grant)
}

// refused explains the refusal err of an integration created without Authorize: an integration of the type already
// there (read only now), the kind's own check refused or not made, no authorization granting the access, or a failure.
func (c *Connector) refused(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance, kind Integration, err error, grant Grant, prepErr error) (Result, error) {
	if ibmcloud.IsKind(err, ibmcloud.KindConflict) {
		if res, found, cerr := c.existingNow(ctx, tok, inst, kind, grant.Existing); found {
			return res, cerr
		}
	}
	if prepErr != nil {
		// The kind's own check (the root key) explains the refusal best, or could not be made.
		return Result{}, asError(prepErr, "checking the service authorization")
	}
	if ibmcloud.IsKind(err, ibmcloud.KindForbidden) && grant.Existing == nil {
		return Result{}, &Error{Problem: ProblemNotAuthorized}
	}
	e := Failed("creating the integration", err)
	e.Authorization = grant.Existing
	return Result{}, e
}

// remember writes the made integration into the instance's remembered list, when the list it started from is known,
// so that the page after shows it without reading it again.
func (c *Connector) remember(tok ibmcloud.Token, inst appconfig.Instance, list []appconfig.Integration, listed bool, in appconfig.Integration) {
	if !listed {
		return
	}
	list = slices.DeleteFunc(slices.Clone(list), func(x appconfig.Integration) bool { return x.ID == in.ID })
	c.integrations.RememberIntegrations(tok, inst, append(list, in))
}

// create creates the integration; when the authorization is new and App Configuration refuses the integration as not
// authorized, it tries again with growing pauses until the wait's bound (or the request's deadline, less the reserve
// for the last attempt) is reached. It returns how long it waited.
func (c *Connector) create(ctx context.Context, tok ibmcloud.Token, kind Integration, newAuthorization bool) (appconfig.Integration, time.Duration, error) {
	in, err := kind.Create(ctx, tok)
	if err == nil || !newAuthorization || !ibmcloud.IsKind(err, ibmcloud.KindForbidden) {
		return in, 0, err
	}
	start := time.Now()
	until := start.Add(c.wait.Total)
	if deadline, ok := ctx.Deadline(); ok && deadline.Add(-c.wait.Reserve).Before(until) {
		until = deadline.Add(-c.wait.Reserve)
	}
	pause := c.wait.First
	for {
		d := min(pause, time.Until(until))
		if d <= 0 {
			return in, time.Since(start), err
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return in, time.Since(start), err
		case <-t.C:
		}
		in, err = kind.Create(ctx, tok)
		if err == nil || !ibmcloud.IsKind(err, ibmcloud.KindForbidden) {
			return in, time.Since(start), err
		}
		pause = min(2*pause, c.wait.Max)
	}
}

// Problem says why a connection was refused or failed.
type Problem int

// Problems of a connection attempt.
const (
	// ProblemUpstream is a failed upstream call while doing Step; Err is the *ibmcloud.Error.
	ProblemUpstream Problem = iota
	// ProblemPlan: integrations need the App Configuration Enterprise plan.
	ProblemPlan
	// ProblemAlreadyConnected: the instance already has another integration of the type (Existing).
	ProblemAlreadyConnected
	// ProblemNotAuthorized: no authorization grants the access, and the request did not allow creating one.
	ProblemNotAuthorized
	// ProblemRefused: the integration's own check refused the request; Err says why in a person's words.
	ProblemRefused
	// ProblemNotInEffect: App Configuration still refused the integration as not authorized when the wait for the new
	// authorization ran out (after Waited).
	ProblemNotInEffect
	// ProblemNoChoice: the request names no instance or no root key to connect.
	ProblemNoChoice
	// ProblemInstanceGone: the chosen instance no longer exists, or the user cannot see it; Err is the failure to list
	// the instances, when that is why.
	ProblemInstanceGone
)

// Error is a refused or failed connection, and what exists afterwards: the integration was not created; Authorization
// is the service authorization in place (nil when none), created by this attempt when AuthorizationCreated.
type Error struct {
	Problem Problem
	// Step is what was being done when an upstream call failed, e.g. "creating the integration".
	Step string
	Err  error
	// Existing is the integration already in place, for ProblemAlreadyConnected.
	Existing             appconfig.Integration
	Authorization        *iam.Authorization
	AuthorizationCreated bool
	// Waited is how long the integration create was retried, for ProblemNotInEffect.
	Waited time.Duration
}

// Refused returns the refusal err of an integration's own check.
func Refused(err error) *Error { return &Error{Problem: ProblemRefused, Err: err} }

// Failed returns the failure err of an upstream call made while doing step.
func Failed(step string, err error) *Error {
	return &Error{Problem: ProblemUpstream, Step: step, Err: err}
}

// asError returns err as an *Error, as a failure while doing step when it is not one already.
func asError(err error, step string) *Error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return Failed(step, err)
}

// Error describes the problem.
func (e *Error) Error() string {
	switch e.Problem {
	case ProblemPlan:
		return "integrations need the App Configuration Enterprise plan"
	case ProblemAlreadyConnected:
		return "the instance already has integration " + e.Existing.ID + " of type " + e.Existing.Type
	case ProblemNotAuthorized:
		return "App Configuration is not authorized to use the target instance"
	case ProblemRefused:
		return e.Err.Error()
	case ProblemNoChoice:
		return "no instance or root key was chosen"
	case ProblemInstanceGone:
		if e.Err != nil {
			return "the chosen instance could not be found: " + e.Err.Error()
		}
		return "the chosen instance could not be found"
	case ProblemNotInEffect:
		return fmt.Sprintf("the new service authorization was not in effect after %s: %v", e.Waited.Round(time.Second), e.Err)
	}
	return e.Step + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// MemoryLock serialises changes per key within the process; an entry lives only while someone holds or waits for it.
type MemoryLock struct {
	mu sync.Mutex
	m  map[string]*lockEntry
}

// lockEntry is one key's lock and the number of its holders and waiters.
type lockEntry struct {
	ch    chan struct{}
	users int
}

// NewMemoryLock returns a MemoryLock.
func NewMemoryLock() *MemoryLock { return &MemoryLock{m: map[string]*lockEntry{}} }

// Lock takes key's lock, or gives up when ctx ends; it returns the function that releases it.
func (l *MemoryLock) Lock(ctx context.Context, key string) (func(), error) {
	l.mu.Lock()
	e := l.m[key]
	if e == nil {
		e = &lockEntry{ch: make(chan struct{}, 1)}
		l.m[key] = e
	}
	e.users++
	l.mu.Unlock()
	leave := func() {
		l.mu.Lock()
		if e.users--; e.users == 0 {
			delete(l.m, key)
		}
		l.mu.Unlock()
	}
	select {
	case e.ch <- struct{}{}:
		return func() { <-e.ch; leave() }, nil
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
}
