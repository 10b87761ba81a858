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
	// deleted (only on the kms API), leaving the registration behind; a later sync of the key clears it.
	UnregistrationFails bool
	// UnregistrationKeepsFailing makes App Configuration fail to unregister at the deletion and at every sync of the
	// key (only on the kms API): the registration stays until support removes it.
	UnregistrationKeepsFailing bool
	// UnregistrationDelay is how long App Configuration's unregistration takes to land after an instance is deleted
	// or a key is synced (only on the kms API); until then the registration is still listed. Zero lands at once.
	UnregistrationDelay time.Duration
	// TokenTTL, when positive, replaces the lifetime of the access tokens issued from now on (only on the iam API), so
	// that tests can have tokens that live seconds.
	TokenTTL time.Duration
	// RefreshFails makes IAM refuse every refresh-token grant with 400 BXNIM0407E, as it refuses a revoked or expired
	// refresh token (only on the iam API); API-key grants still work.
	RefreshFails bool
	// Unreadable lists Global Catalog entry IDs (a plan, say) the signed-in user may not see (only on the
	// global-catalog API): reading one answers 403 and searches and child lists leave it out, as for an entry of a
	// restricted or private catalog.
	Unreadable []string
	// Propagation delays the effect of each new authorization policy (only on the iam-policy API): for this long after
	// its creation a policy grants nothing (App Configuration refuses an integration as unauthorized) and a GET of it
	// answers 404, as IBM Cloud does while a new policy propagates (terraform-provider-ibm issues 4478 and 4413;
	// terraform-ibm-modules waits 30 s after creating one). The policy is listed at once.
	Propagation time.Duration
}

// faultJSON is the wire form of a Fault.
type faultJSON struct {
	Latency                    string   `json:"latency,omitempty"`
	ErrorRate                  float64  `json:"error_rate,omitempty"`
	ErrorStatus                int      `json:"error_status,omitempty"`
	UnregistrationFails        bool     `json:"unregistration_fails,omitempty"`
	UnregistrationKeepsFailing bool     `json:"unregistration_keeps_failing,omitempty"`
	UnregistrationDelay        string   `json:"unregistration_delay,omitempty"`
	TokenTTL                   string   `json:"token_ttl,omitempty"`
	RefreshFails               bool     `json:"refresh_fails,omitempty"`
	Unreadable                 []string `json:"unreadable,omitempty"`
	Propagation                string   `json:"propagation,omitempty"`
}

// faultDuration is a duration setting of a Fault.
type faultDuration struct {
	// setting is its name in ParseFaults (its JSON name has "_" for "-"); example is a value shown in its usage.
	setting, example string
	value            *time.Duration
	wire             *string
}

// durations lists the duration settings of f, with their wire forms in j.
func (f *Fault) durations(j *faultJSON) []faultDuration {
	return []faultDuration{
		{"latency", "100ms", &f.Latency, &j.Latency},
		{"unregistration-delay", "30s", &f.UnregistrationDelay, &j.UnregistrationDelay},
		{"token-ttl", "5s", &f.TokenTTL, &j.TokenTTL},
		{"propagation", "30s", &f.Propagation, &j.Propagation},
	}
}

// MarshalJSON writes the durations as Go duration strings.
func (f Fault) MarshalJSON() ([]byte, error) {
	j := faultJSON{ErrorRate: f.ErrorRate, ErrorStatus: f.ErrorStatus, UnregistrationFails: f.UnregistrationFails,
		UnregistrationKeepsFailing: f.UnregistrationKeepsFailing, RefreshFails: f.RefreshFails, Unreadable: f.Unreadable}
	for _, d := range f.durations(&j) {
		if *d.value > 0 {
			*d.wire = d.value.String()
		}
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the durations as Go duration strings and refuses unknown fields.
func (f *Fault) UnmarshalJSON(b []byte) error {
	var j faultJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return err
	}
	*f = Fault{ErrorRate: j.ErrorRate, ErrorStatus: j.ErrorStatus, UnregistrationFails: j.UnregistrationFails,
		UnregistrationKeepsFailing: j.UnregistrationKeepsFailing, RefreshFails: j.RefreshFails, Unreadable: j.Unreadable}
	for _, d := range f.durations(&j) {
		if *d.wire == "" {
			continue
		}
		v, err := time.ParseDuration(*d.wire)
		if err != nil {
			return fmt.Errorf("%s %q: %w", strings.ReplaceAll(d.setting, "-", "_"), *d.wire, err)
		}
		*d.value = v
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
		if f.UnregistrationDelay < 0 {
			return fmt.Errorf("%s: unregistration delay must not be negative", api)
		}
		if (f.UnregistrationFails || f.UnregistrationKeepsFailing || f.UnregistrationDelay > 0) && api != apiKMS {
			return fmt.Errorf("%s: unregistration-fails, unregistration-keeps-failing and unregistration-delay apply only to the kms API", api)
		}
		if f.TokenTTL < 0 || f.TokenTTL > 0 && f.TokenTTL < time.Second {
			return fmt.Errorf("%s: token lifetime %v is shorter than one second", api, f.TokenTTL)
		}
		if (f.TokenTTL != 0 || f.RefreshFails) && api != apiIAM {
			return fmt.Errorf("%s: token-ttl and refresh-fails apply only to the iam API", api)
		}
		if len(f.Unreadable) > 0 && api != apiGlobalCatalog {
			return fmt.Errorf("%s: unreadable applies only to the global-catalog API", api)
		}
		if slices.Contains(f.Unreadable, "") {
			return fmt.Errorf("%s: unreadable needs catalog entry IDs", api)
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
// iam=token-ttl:5s,refresh-fails". Entries are separated by ";", an entry is API=SETTING[,SETTING...], and a setting is
// latency:DURATION, error:RATE[:STATUS], unregistration-fails, unregistration-keeps-failing or
// unregistration-delay:DURATION (kms), token-ttl:DURATION or refresh-fails (iam), unreadable:CATALOG_ID
// (global-catalog), propagation:DURATION (iam-policy). Entries for the same API are merged.
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
	for _, d := range f.durations(&faultJSON{}) {
		if parts[0] != d.setting {
			continue
		}
		if len(parts) != 2 {
			return fmt.Errorf("%q: want %s:DURATION, e.g. %s:%s", setting, d.setting, d.setting, d.example)
		}
		v, err := time.ParseDuration(parts[1])
		if err != nil {
			return fmt.Errorf("%q: bad duration: %w", setting, err)
		}
		*d.value = v
		return nil
	}
	switch parts[0] {
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
	case "unregistration-fails", "unregistration-keeps-failing":
		if len(parts) != 1 {
			return fmt.Errorf("%q: %s takes no value", setting, parts[0])
		}
		if parts[0] == "unregistration-fails" {
			f.UnregistrationFails = true
		} else {
			f.UnregistrationKeepsFailing = true
		}
	case "refresh-fails":
		if len(parts) != 1 {
			return fmt.Errorf("%q: refresh-fails takes no value", setting)
		}
		f.RefreshFails = true
	case "unreadable":
		if len(parts) != 2 || parts[1] == "" {
			return fmt.Errorf("%q: want unreadable:CATALOG_ID", setting)
		}
		f.Unreadable = append(f.Unreadable, parts[1])
	default:
		return fmt.Errorf("unknown setting %q (want latency:DURATION, error:RATE[:STATUS], unregistration-fails, "+
			"unregistration-keeps-failing, unregistration-delay:DURATION, token-ttl:DURATION, refresh-fails, unreadable:CATALOG_ID or propagation:DURATION)", setting)
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
	for api, f := range out {
		f.Unreadable = slices.Clone(f.Unreadable)
		out[api] = f
	}
	return out
}

// unreadable reports whether the catalog entry id is one the user may not see.
func (fi *faultInjector) unreadable(id string) bool {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return slices.Contains(fi.faults[apiGlobalCatalog].Unreadable, id)
}

// unregistration returns the faults of App Configuration's unregistration from key management.
func (fi *faultInjector) unregistration() Fault {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	f := fi.faults[apiKMS]
	return Fault{UnregistrationFails: f.UnregistrationFails, UnregistrationKeepsFailing: f.UnregistrationKeepsFailing,
		UnregistrationDelay: f.UnregistrationDelay}
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

// tokenTTL returns the access-token lifetime a fault sets, or 0 for none.
func (fi *faultInjector) tokenTTL() time.Duration {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.faults[apiIAM].TokenTTL
}

// refreshFails reports whether IAM must refuse refresh-token grants.
func (fi *faultInjector) refreshFails() bool {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.faults[apiIAM].RefreshFails
}
