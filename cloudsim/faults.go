package cloudsim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault is the misbehaviour injected into one API.
type Fault struct {
	// Latency is added before every request of the API is handled.
	Latency time.Duration
	// ErrorRate is the share of requests, from 0 to 1, answered with ErrorStatus; 1 fails every request.
	// Failures are spread deterministically: with rate r, request n fails when floor(n*r) grows.
	ErrorRate float64
	// ErrorStatus is the status of injected errors: 429, 500 or 503 (500 when zero). 429 and 503 carry Retry-After.
	ErrorStatus int
	// UnregistrationFails makes App Configuration fail to unregister from key management when an instance is
	// deleted (only on the kms API), leaving the registration for manual removal.
	UnregistrationFails bool
	// Propagation delays the effect of each new authorization policy (only on the iam-policy API): for this long after
	// its creation a policy grants nothing (App Configuration refuses an integration as unauthorized) and a GET of it
	// answers 404, as IBM Cloud does while a new policy propagates (terraform-provider-ibm issues 4478 and 4413;
	// terraform-ibm-modules waits 30 s after creating one). The policy is listed at once.
	Propagation time.Duration
}

// faultJSON is the wire form of a Fault.
type faultJSON struct {
	Latency             string  `json:"latency,omitempty"`
	ErrorRate           float64 `json:"error_rate,omitempty"`
	ErrorStatus         int     `json:"error_status,omitempty"`
	UnregistrationFails bool    `json:"unregistration_fails,omitempty"`
	Propagation         string  `json:"propagation,omitempty"`
}

// MarshalJSON writes the latency as a Go duration string.
func (f Fault) MarshalJSON() ([]byte, error) {
	j := faultJSON{ErrorRate: f.ErrorRate, ErrorStatus: f.ErrorStatus, UnregistrationFails: f.UnregistrationFails}
	if f.Latency > 0 {
		j.Latency = f.Latency.String()
	}
	if f.Propagation > 0 {
		j.Propagation = f.Propagation.String()
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the latency as a Go duration string and refuses unknown fields.
func (f *Fault) UnmarshalJSON(b []byte) error {
	var j faultJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return err
	}
	*f = Fault{ErrorRate: j.ErrorRate, ErrorStatus: j.ErrorStatus, UnregistrationFails: j.UnregistrationFails}
	if j.Latency != "" {
		d, err := time.ParseDuration(j.Latency)
		if err != nil {
			return fmt.Errorf("latency %q: %w", j.Latency, err)
		}
		f.Latency = d
	}
	if j.Propagation != "" {
		d, err := time.ParseDuration(j.Propagation)
		if err != nil {
			return fmt.Errorf("propagation %q: %w", j.Propagation, err)
		}
		f.Propagation = d
	}
	return nil
}

// Faults maps API names (iam, resource-controller, resource-manager, global-catalog, iam-policy, kms, appconfig) to
// the fault injected into that API.
type Faults map[string]Fault

// Validate reports the first invalid API name or fault setting.
func (fs Faults) Validate() error {
	for api, f := range fs {
		if !slices.Contains(apiNames, api) {
			return fmt.Errorf("unknown API %q (known: %s)", api, strings.Join(apiNames, ", "))
		}
		if f.Latency < 0 {
			return fmt.Errorf("%s: latency must not be negative", api)
		}
		if f.ErrorRate < 0 || f.ErrorRate > 1 || math.IsNaN(f.ErrorRate) {
			return fmt.Errorf("%s: error rate %v is not between 0 and 1", api, f.ErrorRate)
		}
		switch f.ErrorStatus {
		case 0, http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusServiceUnavailable:
		default:
			return fmt.Errorf("%s: error status %d is not one of 429, 500, 503", api, f.ErrorStatus)
		}
		if f.UnregistrationFails && api != apiKMS {
			return fmt.Errorf("%s: unregistration-fails applies only to the kms API", api)
		}
		if f.Propagation < 0 {
			return fmt.Errorf("%s: propagation must not be negative", api)
		}
		if f.Propagation > 0 && api != apiIAMPolicy {
			return fmt.Errorf("%s: propagation applies only to the iam-policy API", api)
		}
	}
	return nil
}

// ParseFaults parses a flag value such as "kms=latency:100ms,error:0.5:503;appconfig=error:1:500;kms=unregistration-fails;
// iam-policy=propagation:30s". Entries are separated by ";", an entry is API=SETTING[,SETTING...], and a setting is
// latency:DURATION, error:RATE[:STATUS], unregistration-fails or propagation:DURATION. Entries for the same API are merged.
func ParseFaults(s string) (Faults, error) {
	fs := Faults{}
	for _, entry := range strings.Split(s, ";") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		api, settings, ok := strings.Cut(entry, "=")
		api = strings.TrimSpace(api)
		if !ok || api == "" || strings.TrimSpace(settings) == "" {
			return nil, fmt.Errorf("faults: %q is not API=SETTING[,SETTING...]", entry)
		}
		f := fs[api]
		for _, setting := range strings.Split(settings, ",") {
			if err := parseFaultSetting(&f, strings.TrimSpace(setting)); err != nil {
				return nil, fmt.Errorf("faults: %s: %w", api, err)
			}
		}
		fs[api] = f
	}
	if err := fs.Validate(); err != nil {
		return nil, fmt.Errorf("faults: %w", err)
	}
	return fs, nil
}

// parseFaultSetting applies one setting of ParseFaults to f.
func parseFaultSetting(f *Fault, setting string) error {
	parts := strings.Split(setting, ":")
	switch parts[0] {
	case "latency":
		if len(parts) != 2 {
			return fmt.Errorf("%q: want latency:DURATION, e.g. latency:100ms", setting)
		}
		d, err := time.ParseDuration(parts[1])
		if err != nil {
			return fmt.Errorf("%q: bad duration: %w", setting, err)
		}
		f.Latency = d
	case "error":
		if len(parts) < 2 || len(parts) > 3 {
			return fmt.Errorf("%q: want error:RATE[:STATUS], e.g. error:0.5:503", setting)
		}
		rate, err := strconv.ParseFloat(parts[1], 64)
		if err != nil {
			return fmt.Errorf("%q: rate %q is not a number", setting, parts[1])
		}
		f.ErrorRate, f.ErrorStatus = rate, 0
		if len(parts) == 3 {
			status, err := strconv.Atoi(parts[2])
			if err != nil {
				return fmt.Errorf("%q: status %q is not a number", setting, parts[2])
			}
			f.ErrorStatus = status
		}
	case "unregistration-fails":
		if len(parts) != 1 {
			return fmt.Errorf("%q: unregistration-fails takes no value", setting)
		}
		f.UnregistrationFails = true
	case "propagation":
		if len(parts) != 2 {
			return fmt.Errorf("%q: want propagation:DURATION, e.g. propagation:30s", setting)
		}
		d, err := time.ParseDuration(parts[1])
		if err != nil {
			return fmt.Errorf("%q: bad duration: %w", setting, err)
		}
		f.Propagation = d
	default:
		return fmt.Errorf("unknown setting %q (want latency:DURATION, error:RATE[:STATUS], unregistration-fails or propagation:DURATION)", setting)
	}
	return nil
}

// faultInjector holds the current faults, per-API request counters and the policies still propagating.
type faultInjector struct {
	mu     sync.Mutex
	faults Faults
	counts map[string]uint64
	// pending maps the ID of a policy created under the propagation fault to the wall-clock time it takes effect.
	// Wall clock, not Options.Clock: a fixed test clock would otherwise keep a policy pending for ever.
	pending map[string]time.Time
}

// set replaces the faults after validating them.
func (fi *faultInjector) set(fs Faults) error {
	if err := fs.Validate(); err != nil {
		return err
	}
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.faults = fs.clone()
	fi.counts = map[string]uint64{}
	fi.pending = nil
	return nil
}

// policyCreated starts the propagation delay of a new policy, when the fault is set; it forgets policies already in effect.
func (fi *faultInjector) policyCreated(id string) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	d := fi.faults[apiIAMPolicy].Propagation
	if d <= 0 {
		return
	}
	now := time.Now()
	maps.DeleteFunc(fi.pending, func(_ string, at time.Time) bool { return !now.Before(at) })
	if fi.pending == nil {
		fi.pending = map[string]time.Time{}
	}
	fi.pending[id] = now.Add(d)
}

// policyPending reports whether a policy is still propagating.
func (fi *faultInjector) policyPending(id string) bool {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	at, ok := fi.pending[id]
	return ok && time.Now().Before(at)
}

// effective returns st as access decisions see it: without the policies still propagating (st itself when none are).
// The copy shares everything but the policy map, so it is for reading only.
func (fi *faultInjector) effective(st *state) *state {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	now := time.Now()
	var view *state
	for id, at := range fi.pending {
		if _, ok := st.Policies[id]; !ok || !now.Before(at) {
			continue
		}
		if view == nil {
			cp := *st
			cp.Policies = maps.Clone(st.Policies)
			view = &cp
		}
		delete(view.Policies, id)
	}
	if view == nil {
		return st
	}
	return view
}

// get returns a copy of the current faults.
func (fi *faultInjector) get() Faults {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.faults.clone()
}

// clone copies fs, never returning nil.
func (fs Faults) clone() Faults {
	out := make(Faults, len(fs))
	maps.Copy(out, fs)
	return out
}

// unregistrationFails reports whether unregistration from key management must fail.
func (fi *faultInjector) unregistrationFails() bool {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.faults[apiKMS].UnregistrationFails
}

// next decides the fault for one request of api: the latency to add and the error to answer (nil for none).
func (fi *faultInjector) next(api string) (time.Duration, *apiError) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	f := fi.faults[api]
	if f.ErrorRate <= 0 {
		return f.Latency, nil
	}
	n := fi.counts[api]
	fi.counts[api] = n + 1
	if math.Floor(float64(n+1)*f.ErrorRate) <= math.Floor(float64(n)*f.ErrorRate) {
		return f.Latency, nil
	}
	status := f.ErrorStatus
	if status == 0 {
		status = http.StatusInternalServerError
	}
	return f.Latency, injectedError(status)
}

// injectedError is the error answered by an injected fault.
func injectedError(status int) *apiError {
	switch status {
	case http.StatusTooManyRequests:
		return errorf(status, "too_many_requests", "Rate limit exceeded (injected by cloudsim). Retry later.")
	case http.StatusServiceUnavailable:
		return errorf(status, "service_unavailable", "The service is temporarily unavailable (injected by cloudsim). Retry later.")
	default:
		return errorf(status, "internal_error", "An internal error occurred (injected by cloudsim).")
	}
}

// sleep waits d or until ctx ends, whichever is first.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
