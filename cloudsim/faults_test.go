package cloudsim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	kp "github.com/IBM/keyprotect-go-client"
	rc "github.com/IBM/platform-services-go-sdk/resourcecontrollerv2"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
)

func TestParseFaults(t *testing.T) {
	tests := []struct {
		in      string
		want    cloudsim.Faults
		wantErr string
	}{
		{"", cloudsim.Faults{}, ""},
		{"kms=latency:100ms,error:0.5:503;appconfig=error:1:500", cloudsim.Faults{
			"kms":       {Latency: 100 * time.Millisecond, ErrorRate: 0.5, ErrorStatus: 503},
			"appconfig": {ErrorRate: 1, ErrorStatus: 500},
		}, ""},
		{"iam=error:1 ; kms=unregistration-fails;kms=latency:1s", cloudsim.Faults{
			"iam": {ErrorRate: 1},
			"kms": {UnregistrationFails: true, Latency: time.Second},
		}, ""},
		{"resource-controller=error:0.25:429", cloudsim.Faults{"resource-controller": {ErrorRate: 0.25, ErrorStatus: 429}}, ""},
		{"nope=error:1", nil, `unknown API "nope"`},
		{"kms", nil, "is not API=SETTING"},
		{"kms=", nil, "is not API=SETTING"},
		{"kms=latency:soon", nil, "bad duration"},
		{"kms=latency:-1s", nil, "must not be negative"},
		{"kms=error:2", nil, "not between 0 and 1"},
		{"kms=error:x", nil, "is not a number"},
		{"kms=error:1:404", nil, "not one of 429, 500, 503"},
		{"kms=error", nil, "want error:RATE"},
		{"kms=explode", nil, `unknown setting "explode"`},
		{"kms=unregistration-keeps-failing,unregistration-delay:30s", cloudsim.Faults{
			"kms": {UnregistrationKeepsFailing: true, UnregistrationDelay: 30 * time.Second},
		}, ""},
		{"kms=unregistration-delay", nil, "want unregistration-delay:DURATION"},
		{"kms=unregistration-delay:-1s", nil, "must not be negative"},
		{"kms=unregistration-keeps-failing:1", nil, "takes no value"},
		{"appconfig=unregistration-fails", nil, "apply only to the kms API"},
		{"iam=unregistration-delay:1s", nil, "apply only to the kms API"},
		{"iam=token-ttl:5s,refresh-fails", cloudsim.Faults{"iam": {TokenTTL: 5 * time.Second, RefreshFails: true}}, ""},
		{"iam=token-ttl:500ms", nil, "shorter than one second"},
		{"iam=token-ttl", nil, "want token-ttl:DURATION"},
		{"iam=refresh-fails:yes", nil, "takes no value"},
		{"kms=refresh-fails", nil, "apply only to the iam API"},
		{"global-catalog=unreadable:plan-1,unreadable:plan-2", cloudsim.Faults{"global-catalog": {Unreadable: []string{"plan-1", "plan-2"}}}, ""},
		{"kms=unreadable:plan-1", nil, "applies only to the global-catalog API"},
		{"global-catalog=unreadable", nil, "want unreadable:CATALOG_ID"},
		{"global-catalog=unreadable:", nil, "want unreadable:CATALOG_ID"},
		{"iam-policy=propagation:30s", cloudsim.Faults{"iam-policy": {Propagation: 30 * time.Second}}, ""},
		{"iam-policy=propagation", nil, "want propagation:DURATION"},
		{"iam-policy=propagation:-1s", nil, "must not be negative"},
		{"appconfig=propagation:30s", nil, "applies only to the iam-policy API"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := cloudsim.ParseFaults(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestInjectedErrors(t *testing.T) {
	sim := simtest.Start(t)
	ctx := context.Background()
	rcSvc := newRC(t, sim, cloudsim.DemoAdminAPIKey)
	list := func() error {
		_, _, err := rcSvc.ListResourceInstances(&rc.ListResourceInstancesOptions{})
		return err
	}
	tests := []struct {
		name   string
		faults string
		call   func() error
		want   int
	}{
		{"rc 503", "resource-controller=error:1:503", list, http.StatusServiceUnavailable},
		{"rc 429", "resource-controller=error:1:429", list, http.StatusTooManyRequests},
		{"iam 500 reaches the service call", "iam=error:1:500", func() error {
			_, _, err := newRC(t, sim, cloudsim.DemoAdminAPIKey).ListResourceInstances(&rc.ListResourceInstancesOptions{})
			return err
		}, http.StatusInternalServerError},
		{"kms 503", "kms=error:1:503", func() error {
			_, err := newKP(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.KeyProtectUSSouthGUID).GetKeys(ctx, 0, 0)
			return err
		}, http.StatusServiceUnavailable},
		{"appconfig 500", "appconfig=error:1", func() error {
			_, _, err := acDo(newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigEUGUID), http.MethodGet, "/integrations", nil)
			return err
		}, http.StatusInternalServerError},
		{"iam-policy 503", "iam-policy=error:1:503", func() error {
			svc := newIAMPolicy(t, sim, cloudsim.DemoAdminAPIKey)
			_, _, err := svc.ListPolicies(svc.NewListPoliciesOptions(cloudsim.DemoAccountID))
			return err
		}, http.StatusServiceUnavailable},
		{"catalog 500", "global-catalog=error:1:500", func() error {
			svc := newCatalog(t, sim, cloudsim.DemoAdminAPIKey)
			_, _, err := svc.GetCatalogEntry(svc.NewGetCatalogEntryOptions("kms"))
			return err
		}, http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim.SetFaults(t, tt.faults)
			t.Cleanup(func() { _ = sim.Server.SetFaults(nil) })
			wantStatus(t, tt.call(), tt.want)
		})
	}
	// Without faults, everything works again.
	if err := list(); err != nil {
		t.Fatal(err)
	}
	var ke *kp.Error
	sim.SetFaults(t, "kms=error:1:503")
	_, err := newKP(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.KeyProtectUSSouthGUID).GetKeys(ctx, 0, 0)
	if !errors.As(err, &ke) || len(ke.Reasons) == 0 || ke.Reasons[0].Code != "SERVICE_UNAVAILABLE_ERR" {
		t.Errorf("kms fault = %v", err)
	}
}

func TestErrorRateAndLatency(t *testing.T) {
	sim := simtest.Start(t, func(o *cloudsim.Options) {
		o.Faults = cloudsim.Faults{"resource-manager": {ErrorRate: 0.5, ErrorStatus: 503}, "global-catalog": {Latency: 150 * time.Millisecond}}
	})
	tok := token(t, sim, cloudsim.DemoAdminAPIKey)
	get := func(path string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, sim.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	var statuses []int
	for range 6 {
		resp := get("/v2/resource_groups")
		statuses = append(statuses, resp.StatusCode)
		if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
			t.Error("503 without Retry-After")
		}
	}
	if want := []int{200, 503, 200, 503, 200, 503}; !reflect.DeepEqual(statuses, want) {
		t.Errorf("statuses = %v, want %v", statuses, want)
	}
	start := time.Now()
	if resp := get("/api/v1/kms"); resp.StatusCode != http.StatusOK {
		t.Fatalf("catalog status %d", resp.StatusCode)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("latency %v, want >= 150ms", d)
	}
}

func TestAdminFaults(t *testing.T) {
	sim := simtest.Start(t)
	put := func(body string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodPut, sim.URL+"/admin/faults", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := put(`{"kms":{"latency":"10ms","error_rate":1,"error_status":429,"unregistration_fails":true,"unregistration_keeps_failing":true,"unregistration_delay":"5s"},"iam":{"token_ttl":"5s","refresh_fails":true}}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT: %d %s", resp.StatusCode, body)
	}
	want := cloudsim.Faults{"kms": {Latency: 10 * time.Millisecond, ErrorRate: 1, ErrorStatus: 429, UnregistrationFails: true,
		UnregistrationKeepsFailing: true, UnregistrationDelay: 5 * time.Second}, "iam": {TokenTTL: 5 * time.Second, RefreshFails: true}}
	if got := sim.Server.Faults(); !reflect.DeepEqual(got, want) {
		t.Errorf("Faults() = %+v", got)
	}
	getResp, err := http.Get(sim.URL + "/admin/faults")
	if err != nil {
		t.Fatal(err)
	}
	defer getResp.Body.Close()
	var got cloudsim.Faults
	if err := json.NewDecoder(getResp.Body).Decode(&got); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("GET = %+v, %v", got, err)
	}
	for _, bad := range []string{`{"kms":{"error_rate":3}}`, `{"nope":{}}`, `{"kms":{"latency":"soon"}}`, `not json`, `{"kms":{"colour":1}}`} {
		if resp, body := put(bad); resp.StatusCode != http.StatusBadRequest || !bytes.Contains([]byte(body), []byte("faults")) {
			t.Errorf("PUT %s: %d %s", bad, resp.StatusCode, body)
		}
	}
	if got := sim.Server.Faults(); !reflect.DeepEqual(got, want) {
		t.Errorf("bad PUT changed faults: %+v", got)
	}
	resp, _ = put(`{}`)
	if resp.StatusCode != http.StatusOK || len(sim.Server.Faults()) != 0 {
		t.Errorf("clearing faults: %d %v", resp.StatusCode, sim.Server.Faults())
	}
}

// A web page on another origin must not change the faults or wipe the demo data: the administration endpoints take
// only application/json (which a cross-site form cannot send) from cloudsim's own origin.
func TestAdminRefusesCrossSiteRequests(t *testing.T) {
	sim := simtest.Start(t)
	host := strings.TrimPrefix(sim.URL, "http://")
	tests := []struct {
		name, method, path, contentType, origin, fetchSite string
		want                                               int
	}{
		{"faults from a form", http.MethodPut, "/admin/faults", "application/x-www-form-urlencoded", "", "", http.StatusUnsupportedMediaType},
		{"faults as text", http.MethodPut, "/admin/faults", "text/plain", "", "", http.StatusUnsupportedMediaType},
		{"faults from another origin", http.MethodPut, "/admin/faults", "application/json", "https://evil.example", "", http.StatusForbidden},
		{"faults from another port", http.MethodPut, "/admin/faults", "application/json", "http://127.0.0.1:1", "", http.StatusForbidden},
		{"faults from an opaque origin", http.MethodPut, "/admin/faults", "application/json", "null", "", http.StatusForbidden},
		{"faults cross-site", http.MethodPut, "/admin/faults", "application/json", "", "cross-site", http.StatusForbidden},
		{"reset without a content type", http.MethodPost, "/admin/reset", "", "", "", http.StatusUnsupportedMediaType},
		{"reset from a form", http.MethodPost, "/admin/reset", "multipart/form-data; boundary=x", "", "", http.StatusUnsupportedMediaType},
		{"reset from another origin", http.MethodPost, "/admin/reset", "application/json", "https://evil.example", "", http.StatusForbidden},
		{"reset cross-site", http.MethodPost, "/admin/reset", "application/json", "", "cross-site", http.StatusForbidden},
		{"faults from the same origin", http.MethodPut, "/admin/faults", "application/json; charset=utf-8", "http://" + host, "same-origin", http.StatusOK},
	}
	keyID := writeSomething(t, sim)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim.SetFaults(t, "kms=latency:1ms")
			req, _ := http.NewRequest(tt.method, sim.URL+tt.path, strings.NewReader(`{"appconfig":{"error_rate":1}}`))
			for name, value := range map[string]string{"Content-Type": tt.contentType, "Origin": tt.origin, "Sec-Fetch-Site": tt.fetchSite} {
				if value != "" {
					req.Header.Set(name, value)
				}
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.want || tt.want != http.StatusOK && !strings.Contains(string(body), "admin: ") {
				t.Fatalf("status %d %s, want %d", resp.StatusCode, body, tt.want)
			}
			if tt.want == http.StatusOK {
				return
			}
			if got := sim.Server.Faults(); !reflect.DeepEqual(got, cloudsim.Faults{"kms": {Latency: time.Millisecond}}) {
				t.Errorf("refused request changed the faults: %+v", got)
			}
			checkWritten(t, sim, keyID, true)
		})
	}
}

// TestPropagationFault: a new authorization grants nothing and answers 404 to a GET while it propagates, as on IBM Cloud
// (terraform-provider-ibm issues 4478 and 4413); it is listed at once, and takes effect when the delay is over.
func TestPropagationFault(t *testing.T) {
	sim := simtest.Start(t)
	sim.SetFaults(t, "iam-policy=propagation:1h")
	policies := newIAMPolicy(t, sim, cloudsim.DemoAdminAPIKey)
	id := kpReader(t, sim)
	_, _, err := policies.GetPolicy(policies.NewGetPolicyOptions(id))
	wantStatus(t, err, http.StatusNotFound)
	list, _, err := policies.ListPolicies(policies.NewListPoliciesOptions(cloudsim.DemoAccountID).SetType("authorization"))
	if err != nil || len(list.Policies) != 2 {
		t.Errorf("list while propagating = %+v, %v; want the new policy listed", list, err)
	}
	svc := newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigEnterpriseGUID)
	body := kmsIntegration("kms-1", cloudsim.KeyProtectUSSouthCRN, sim.URL, cloudsim.AppConfigRootKeyID)
	_, resp, err := acDo(svc, http.MethodPost, "/integrations", body)
	wantAppConfigRefusal(t, resp, err, http.StatusForbidden, "not authorized")
	// A policy that existed before is not delayed: app-config-eu's still works.
	if _, _, err := policies.GetPolicy(policies.NewGetPolicyOptions(cloudsim.EUAuthorizationPolicyID)); err != nil {
		t.Errorf("old policy: %v", err)
	}

	// With a short delay the policy takes effect by itself (polled, with a wide bound).
	sim.SetFaults(t, "iam-policy=propagation:200ms")
	en := mustAuthorize(t, sim, subjectAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "apprapp"),
		resourceAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "event-notifications", "serviceInstance", cloudsim.EventNotificationsGUID),
		cloudsim.RoleEventSourceManagerCRN)
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, _, err := acDo(svc, http.MethodPost, "/integrations", enIntegration("en-1", cloudsim.EventNotificationsCRN, sim.URL))
		if err == nil {
			break
		}
		if httpStatus(err) != http.StatusForbidden || time.Now().After(deadline) {
			t.Fatalf("integration after the delay: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, _, err := policies.GetPolicy(policies.NewGetPolicyOptions(en)); err != nil {
		t.Errorf("GET after the delay: %v", err)
	}
	// Clearing the fault ends every delay.
	sim.SetFaults(t, "")
	if _, _, err := policies.GetPolicy(policies.NewGetPolicyOptions(id)); err != nil {
		t.Errorf("GET after clearing the fault: %v", err)
	}
	if _, _, err := acDo(svc, http.MethodPost, "/integrations", body); err != nil {
		t.Errorf("integration after clearing the fault: %v", err)
	}
}
