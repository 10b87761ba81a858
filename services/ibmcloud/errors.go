package ibmcloud

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"
	kp "github.com/IBM/keyprotect-go-client"
	kpiam "github.com/IBM/keyprotect-go-client/iam"
)

// Kind says what sort of failure an upstream call met, in terms a person can act on.
type Kind int

// The kinds of upstream failure.
const (
	KindUnknown Kind = iota
	// KindUnauthorized is a refusal of the token itself (expired or revoked): the session must be renewed or ended.
	KindUnauthorized
	// KindForbidden is a refusal of the user's rights: the token is good but lacks an IAM role.
	KindForbidden
	KindNotFound
	KindConflict
	KindInvalid
	KindRateLimited
	KindUnavailable
	KindTimeout
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case KindUnauthorized:
		return "unauthorized"
	case KindForbidden:
		return "forbidden"
	case KindNotFound:
		return "not found"
	case KindConflict:
		return "conflict"
	case KindInvalid:
		return "invalid"
	case KindRateLimited:
		return "rate limited"
	case KindUnavailable:
		return "unavailable"
	case KindTimeout:
		return "timeout"
	}
	return "unknown"
}

// Error is an upstream failure: its kind, HTTP status, the service's own message and, for 429 and 503, when to try again.
type Error struct {
	Kind       Kind
	Status     int
	Message    string
	Service    string
	RetryAfter time.Duration
	Err        error
}

// Error returns the service name, status and upstream message.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Service != "" {
		b.WriteString(e.Service)
		b.WriteString(": ")
	}
	if e.Status != 0 {
		b.WriteString(strconv.Itoa(e.Status))
		b.WriteString(" ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Unwrap returns the SDK's error.
func (e *Error) Unwrap() error { return e.Err }

// Classify turns an SDK or transport error from a call to service into an *Error; it returns nil for nil.
func Classify(service string, err error) *Error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return already
	}
	out := &Error{Service: service, Err: err, Message: err.Error()}
	var httpProblem *core.HTTPProblem
	var authErr *core.AuthenticationError
	var kpErr *kp.Error
	var iamErr kpiam.Error
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		out.Kind, out.Message = KindTimeout, "the request took too long"
		return out
	case errors.Is(err, context.Canceled):
		out.Kind, out.Message = KindTimeout, "the request was cancelled"
		return out
	case errors.As(err, &authErr) && authErr.HTTPProblem != nil:
		httpProblem = authErr.HTTPProblem
		fallthrough
	case errors.As(err, &httpProblem):
		out.Message = httpProblem.Summary
		if httpProblem.Response != nil {
			out.Status = httpProblem.Response.StatusCode
			out.RetryAfter = parseRetryAfter(httpProblem.Response.Headers.Get("Retry-After"))
		}
	case errors.As(err, &kpErr):
		out.Status = kpErr.StatusCode
		out.Message = kpErr.Message
		if len(kpErr.Reasons) > 0 && kpErr.Reasons[0].Message != "" {
			out.Message = kpErr.Reasons[0].Message
		}
	case errors.As(err, &iamErr):
		out.Message = iamErr.ErrorMessage
		if iamErr.HTTPResponse != nil {
			out.Status = iamErr.HTTPResponse.StatusCode
		}
	case errors.As(err, &netErr) && netErr.Timeout(),
		strings.Contains(err.Error(), "Client.Timeout exceeded"), strings.Contains(err.Error(), "deadline exceeded"):
		out.Kind, out.Message = KindTimeout, "the request took too long"
		return out
	default:
		var kpURLErr *kp.URLError
		if errors.As(err, &kpURLErr) || isConnectionError(err) {
			out.Kind, out.Message = KindUnavailable, "the service could not be reached"
			return out
		}
	}
	out.Kind = kindOf(service, out.Status)
	if out.Message == "" {
		out.Message = http.StatusText(out.Status)
	}
	return out
}

// rolesRefusedWith401 are the services that answer 401, not 403, to a valid token whose user lacks the IAM role: Key
// Protect (UNAUTHORIZED_ERR, "The user does not have access to the specified resource": ibm-cloud-docs/key-protect
// error-messages.md and ts-unable-to-authenticate-api.md), Hyper Protect Crypto Services (the same key management API)
// and App Configuration ("unauthorized: ... IAM role ...": ibm-cloud-docs/app-configuration
// ac-iam-policies-collections.md). The platform APIs (Resource Controller, IAM, Global Catalog) answer 403 for that.
var rolesRefusedWith401 = map[string]bool{"Key Protect": true, "Hyper Protect Crypto Services": true, "App Configuration": true}

// kindOf is the kind of a failure of service with status. A 401 from a service that refuses missing roles with 401 is
// KindForbidden: the console renews tokens before they come near expiry (handlers' requireUser), so the token such a
// call carried was valid and what it lacked was a role. A 401 from any other service means the token was refused.
func kindOf(service string, status int) Kind {
	if status == http.StatusUnauthorized && rolesRefusedWith401[service] {
		return KindForbidden
	}
	return kindOfStatus(status)
}

// kindsOfStatus are the kinds of the HTTP statuses that tell one; other statuses from 500 up are KindUnavailable.
var kindsOfStatus = map[int]Kind{
	http.StatusUnauthorized:        KindUnauthorized,
	http.StatusForbidden:           KindForbidden,
	http.StatusNotFound:            KindNotFound,
	http.StatusGone:                KindNotFound,
	http.StatusConflict:            KindConflict,
	http.StatusTooManyRequests:     KindRateLimited,
	http.StatusBadRequest:          KindInvalid,
	http.StatusUnprocessableEntity: KindInvalid,
	http.StatusGatewayTimeout:      KindTimeout,
}

func kindOfStatus(status int) Kind {
	if kind, ok := kindsOfStatus[status]; ok {
		return kind
	}
	if status >= 500 {
		return KindUnavailable
	}
	return KindUnknown
}

func isConnectionError(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) || strings.Contains(err.Error(), "connection refused")
}

func parseRetryAfter(value string) time.Duration {
	if value == "" {
		return 0
	}
	if seconds, err := strconv.Atoi(strings.TrimSpace(value)); err == nil && seconds >= 0 {
		return time.Duration(seconds) * time.Second
	}
	if at, err := http.ParseTime(value); err == nil {
		if d := time.Until(at); d > 0 {
			return d
		}
	}
	return 0
}

// IsKind reports whether err is an upstream failure of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

// ClassifyResponse is Classify for calls that also returned the HTTP response, whose status and Retry-After it uses when the
// error itself does not carry them (go-sdk-core keeps the status of its own requests private).
func ClassifyResponse(service string, resp *core.DetailedResponse, err error) *Error {
	out := Classify(service, err)
	if out == nil || resp == nil || out.Status != 0 || resp.StatusCode < 400 {
		return out
	}
	out.Status = resp.StatusCode
	if out.Kind == KindUnknown || out.Kind == KindUnavailable {
		out.Kind = kindOf(service, out.Status)
	}
	if resp.Headers != nil {
		out.RetryAfter = parseRetryAfter(resp.Headers.Get("Retry-After"))
	}
	return out
}
