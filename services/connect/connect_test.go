package connect

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// memory is an in-memory App Configuration and IAM for the use case's own rules (the kinds are tested against cloudsim).
type memory struct {
	mu           sync.Mutex
	integrations []appconfig.Integration
	creates      int
	// refuse is how many integration creates are refused as not authorized.
	refuse int
	// authorized says CreateAuthorization made the authorization.
	authorized bool
}

func (m *memory) ListIntegrations(context.Context, ibmcloud.Token, appconfig.Instance) ([]appconfig.Integration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]appconfig.Integration(nil), m.integrations...), nil
}

func (m *memory) RememberedIntegrations(ibmcloud.Token, appconfig.Instance) ([]appconfig.Integration, bool) {
	return nil, false
}

func (m *memory) RememberIntegrations(ibmcloud.Token, appconfig.Instance, []appconfig.Integration) {}

func (m *memory) CreateKMSIntegration(context.Context, ibmcloud.Token, appconfig.Instance, appconfig.KMSInput) (appconfig.Integration, error) {
	return appconfig.Integration{}, errors.New("the use case's own rules make no Key Management integration")
}

func (m *memory) FindGranting(context.Context, ibmcloud.Token, iam.Party, iam.Party, []string) (*iam.Authorization, error) {
	return nil, nil
}

func (m *memory) CreateAuthorization(_ context.Context, _ ibmcloud.Token, a iam.Authorization) (iam.Authorization, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.authorized = true
	a.ID = "new-authorization"
	return a, nil
}

// entries returns the number of lock entries, held or waited for.
func entries(l *MemoryLock) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}

// kind is an Integration over memory.
type kind struct {
	m       *memory
	grant   *iam.Authorization
	prepare chan struct{} // when set, Prepare waits for it to close
}

func (k *kind) Type() string { return appconfig.TypeEventNotifications }

func (k *kind) Prepare(context.Context, ibmcloud.Token) (Grant, error) {
	if k.prepare != nil {
		<-k.prepare
	}
	return Grant{Existing: k.grant, New: iam.Authorization{Description: "new"}}, nil
}

func (k *kind) Same(in appconfig.Integration) bool { return in.ID == "en-1" }

func (k *kind) Create(context.Context, ibmcloud.Token) (appconfig.Integration, error) {
	k.m.mu.Lock()
	defer k.m.mu.Unlock()
	k.m.creates++
	if k.grant == nil && !k.m.authorized {
		// App Configuration refuses an integration no authorization grants.
		return appconfig.Integration{}, &ibmcloud.Error{Kind: ibmcloud.KindForbidden, Status: 403, Message: "not authorized"}
	}
	if k.m.refuse > 0 {
		k.m.refuse--
		return appconfig.Integration{}, &ibmcloud.Error{Kind: ibmcloud.KindForbidden, Status: 403, Message: "not authorized"}
	}
	in := appconfig.Integration{ID: "en-1", Type: appconfig.TypeEventNotifications}
	k.m.integrations = append(k.m.integrations, in)
	return in, nil
}

var enterprise = resources.Instance{GUID: "ac-1", Region: "us-south", PlanName: "enterprise", PlanDisplayName: "Enterprise"}

func TestConnectRules(t *testing.T) {
	existing := &iam.Authorization{ID: "old"}
	wait := Wait{Total: 2 * time.Second, First: 10 * time.Millisecond, Max: 50 * time.Millisecond}
	tests := []struct {
		name        string
		ac          resources.Instance
		authorize   bool
		grant       *iam.Authorization
		refuse      int
		wait        Wait
		deadline    time.Duration
		wantProblem Problem
		wantErr     bool
		wantCreated bool
		wantCreates int
	}{
		{name: "plan gate", ac: resources.Instance{GUID: "ac-2", PlanName: "lite", PlanDisplayName: "Lite"}, authorize: true, wantErr: true, wantProblem: ProblemPlan},
		{name: "not authorized, not asked to", ac: enterprise, wantErr: true, wantProblem: ProblemNotAuthorized},
		{name: "existing authorization reused", ac: enterprise, grant: existing, wantCreates: 1},
		{name: "existing authorization refused: no wait", ac: enterprise, grant: existing, refuse: 1, wait: wait,
			wantErr: true, wantProblem: ProblemUpstream, wantCreates: 1},
		{name: "new authorization in effect after two refusals", ac: enterprise, authorize: true, refuse: 2, wait: wait,
			wantCreated: true, wantCreates: 3},
		{name: "wait runs out", ac: enterprise, authorize: true, refuse: 1000, wait: Wait{Total: 100 * time.Millisecond, First: 10 * time.Millisecond, Max: 20 * time.Millisecond},
			wantErr: true, wantProblem: ProblemNotInEffect, wantCreated: true},
		{name: "deadline nearer than the wait: reserve kept", ac: enterprise, authorize: true, refuse: 1000,
			wait: Wait{Total: time.Hour, First: 10 * time.Millisecond, Max: 20 * time.Millisecond, Reserve: time.Hour}, deadline: time.Minute,
			wantErr: true, wantProblem: ProblemNotInEffect, wantCreated: true, wantCreates: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &memory{refuse: tt.refuse}
			l := NewMemoryLock()
			c := NewConnector(m, m, nil, nil, tt.wait, l)
			ctx := context.Background()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.deadline)
				defer cancel()
			}
			res, err := c.Connect(ctx, ibmcloud.Token{}, Request{AppConfig: tt.ac, Authorize: tt.authorize, Integration: &kind{m: m, grant: tt.grant}})
			if tt.wantCreates > 0 && m.creates != tt.wantCreates {
				t.Errorf("%d integration creates, want %d", m.creates, tt.wantCreates)
			}
			if !tt.wantErr {
				if err != nil || res.AuthorizationCreated != tt.wantCreated || res.Authorization == nil || res.Integration.ID != "en-1" {
					t.Fatalf("Connect = %+v, %v", res, err)
				}
				return
			}
			var ce *Error
			if !errors.As(err, &ce) || ce.Problem != tt.wantProblem || ce.AuthorizationCreated != tt.wantCreated {
				t.Fatalf("err = %#v, want problem %v (authorization created %v)", err, tt.wantProblem, tt.wantCreated)
			}
			if ce.AuthorizationCreated && (ce.Authorization == nil || ce.Authorization.ID != "new-authorization") {
				t.Errorf("authorization kept = %+v", ce.Authorization)
			}
			if ce.Problem == ProblemNotInEffect && m.creates > 1 && ce.Waited <= 0 {
				t.Errorf("waited %v", ce.Waited)
			}
			if entries(l) != 0 {
				t.Errorf("%d lock entries left", entries(l))
			}
		})
	}
}

// TestDoubleSubmitConnectsOnce: two submits for one instance run one after the other; the second finds the integration.
// Lock entries are released when nobody holds or waits for them.
func TestDoubleSubmitConnectsOnce(t *testing.T) {
	m := &memory{}
	l := NewMemoryLock()
	c := NewConnector(m, m, nil, nil, DefaultWait, l)
	gate := make(chan struct{})
	var wg sync.WaitGroup
	results := make([]Result, 2)
	errs := make([]error, 2)
	for i := range results {
		wg.Go(func() {
			results[i], errs[i] = c.Connect(context.Background(), ibmcloud.Token{}, Request{AppConfig: enterprise, Authorize: true,
				Integration: &kind{m: m, prepare: gate}})
		})
	}
	// Both are inside: one holds the lock, one waits for it.
	for users := 0; users != 2; time.Sleep(time.Millisecond) {
		l.mu.Lock()
		if e := l.m[enterprise.GUID]; e != nil {
			users = e.users
		}
		l.mu.Unlock()
	}
	close(gate)
	wg.Wait()
	if errs[0] != nil || errs[1] != nil || m.creates != 1 || results[0].AlreadyDone == results[1].AlreadyDone {
		t.Fatalf("results %+v %+v, errors %v %v, %d creates", results[0], results[1], errs[0], errs[1], m.creates)
	}
	if n := entries(l); n != 0 {
		t.Errorf("%d lock entries left after both finished", n)
	}
	// Many instances: no entry stays behind.
	for i := range 50 {
		guid := enterprise
		guid.GUID = "ac-" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		if _, err := c.Connect(context.Background(), ibmcloud.Token{}, Request{AppConfig: guid, Authorize: true, Integration: &kind{m: m}}); err != nil {
			t.Fatal(err)
		}
	}
	if n := entries(l); n != 0 {
		t.Errorf("%d lock entries left after 50 instances", n)
	}
}

// TestLockWaitEndsWithTheRequest: a submit waiting for the lock gives up when its request ends, and leaves no entry.
func TestLockWaitEndsWithTheRequest(t *testing.T) {
	l := NewMemoryLock()
	unlock, err := l.Lock(context.Background(), "ac-1")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Lock(ctx, "ac-1"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the request's end", err)
	}
	unlock()
	if n := entries(l); n != 0 {
		t.Errorf("%d entries left", n)
	}
}
