package ibmcloud

import (
	"net/http"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// The services the console calls, as the connector's observer names them.
const (
	ServiceIAM                = "iam"
	ServiceIAMPolicy          = "iam-policy-management"
	ServiceResourceController = "resource-controller"
	ServiceResourceManager    = "resource-manager"
	ServiceGlobalCatalog      = "global-catalog"
	ServiceAppConfig          = "app-configuration"
	ServiceKeyProtect         = "key-protect"
	ServiceHPCS               = "hyper-protect-crypto-services"
)

// Observer is told of every upstream attempt (its service, its status or 0 when no answer came, and how long it took)
// and of every retry (with the status of the answer that caused it, 0 for none).
type Observer interface {
	Attempt(service string, status int, took time.Duration)
	Retry(service string, status int)
}

// observed measures each attempt that goes through next for one service.
type observed struct {
	next     http.RoundTripper
	service  string
	observer Observer
}

// RoundTrip sends the request and reports the attempt.
func (t observed) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	status := 0
	if err == nil {
		status = resp.StatusCode
	}
	t.observer.Attempt(t.service, status, time.Since(start))
	return resp, err
}

// statusOf returns the response's status, 0 without one.
func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

// observeRetries reports each retry of a go-sdk-core client: the core retries through a go-retryablehttp client, which
// asks its Backoff for the pause only when it is about to send the request again.
func observeRetries(client *http.Client, service string, observer Observer) {
	rt, ok := client.Transport.(*retryablehttp.RoundTripper)
	if !ok {
		return
	}
	backoff := rt.Client.Backoff
	rt.Client.Backoff = func(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
		observer.Retry(service, statusOf(resp))
		return backoff(lo, hi, attempt, resp)
	}
}

// keyManagementRetries recognises the retries of the key management client, which builds its retrying client inside
// each call where no hook reaches: every attempt of one call carries the call's correlation-id header (a fresh UUID per
// call), so an attempt whose ID came before with a retryable answer is a retry.
type keyManagementRetries struct {
	next     http.RoundTripper
	service  string
	observer Observer
	// maxAge is the longest one call can last; an ID older than that belongs to a call that is over.
	maxAge  time.Duration
	mu      sync.Mutex
	pending map[string]retryableAnswer
}

// retryableAnswer is the answer an attempt got that the key management client retries.
type retryableAnswer struct {
	status int
	at     time.Time
}

// RoundTrip sends the request, reports it as a retry when its call had a retryable answer before, and remembers a
// retryable answer for the call's next attempt.
func (t *keyManagementRetries) RoundTrip(req *http.Request) (*http.Response, error) {
	id := req.Header.Get("correlation-id")
	if id != "" {
		t.mu.Lock()
		previous, retry := t.pending[id]
		delete(t.pending, id)
		t.mu.Unlock()
		if retry {
			t.observer.Retry(t.service, previous.status)
		}
	}
	resp, err := t.next.RoundTrip(req)
	status := statusOf(resp)
	if id != "" && (err != nil || status == http.StatusTooManyRequests || (status >= 500 && status != http.StatusNotImplemented)) {
		now := time.Now()
		t.mu.Lock()
		for old, answer := range t.pending {
			if now.Sub(answer.at) > t.maxAge {
				delete(t.pending, old)
			}
		}
		t.pending[id] = retryableAnswer{status: status, at: now}
		t.mu.Unlock()
	}
	return resp, err
}
