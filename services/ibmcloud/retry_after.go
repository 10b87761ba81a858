package ibmcloud

import (
	"net/http"
	"strconv"
	"time"
)

// retryAfterCap shortens any Retry-After header an upstream sends to max before the SDKs see it: go-sdk-core and the key
// management client both sleep for a Retry-After given in seconds however long it is, which would let one call outlast the
// console's limits.
type retryAfterCap struct {
	next http.RoundTripper
	max  time.Duration
}

// RoundTrip sends the request and caps the response's Retry-After.
func (t retryAfterCap) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp == nil {
		return resp, err
	}
	if value := resp.Header.Get("Retry-After"); value != "" && parseRetryAfter(value) > t.max {
		resp.Header.Set("Retry-After", strconv.Itoa(int(t.max/time.Second)))
	}
	return resp, nil
}
