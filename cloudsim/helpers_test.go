package cloudsim_test

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/IBM/go-sdk-core/v5/core"
	kp "github.com/IBM/keyprotect-go-client"
	kpiam "github.com/IBM/keyprotect-go-client/iam"
	"github.com/IBM/platform-services-go-sdk/globalcatalogv1"
	"github.com/IBM/platform-services-go-sdk/iampolicymanagementv1"
	"github.com/IBM/platform-services-go-sdk/resourcecontrollerv2"
	"github.com/IBM/platform-services-go-sdk/resourcemanagerv2"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
)

// TestMain turns off the kp client's retries: they are package globals and would make every injected 5xx cost ~15 s.
func TestMain(m *testing.M) {
	kp.RetryMax = 0
	kpiam.RetryMax = 0
	os.Exit(m.Run())
}

// iamAuth returns an IAM authenticator for apiKey against the sim.
func iamAuth(sim *simtest.Sim, apiKey string) *core.IamAuthenticator {
	return &core.IamAuthenticator{ApiKey: apiKey, URL: sim.URL}
}

// newRC returns a Resource Controller client for apiKey.
func newRC(t testing.TB, sim *simtest.Sim, apiKey string) *resourcecontrollerv2.ResourceControllerV2 {
	t.Helper()
	svc, err := resourcecontrollerv2.NewResourceControllerV2(&resourcecontrollerv2.ResourceControllerV2Options{URL: sim.URL, Authenticator: iamAuth(sim, apiKey)})
	return mustClient(t, svc, err)
}

// newRM returns a Resource Manager client for apiKey.
func newRM(t testing.TB, sim *simtest.Sim, apiKey string) *resourcemanagerv2.ResourceManagerV2 {
	t.Helper()
	svc, err := resourcemanagerv2.NewResourceManagerV2(&resourcemanagerv2.ResourceManagerV2Options{URL: sim.URL, Authenticator: iamAuth(sim, apiKey)})
	return mustClient(t, svc, err)
}

// newIAMPolicy returns an IAM Policy Management client for apiKey.
func newIAMPolicy(t testing.TB, sim *simtest.Sim, apiKey string) *iampolicymanagementv1.IamPolicyManagementV1 {
	t.Helper()
	svc, err := iampolicymanagementv1.NewIamPolicyManagementV1(
		&iampolicymanagementv1.IamPolicyManagementV1Options{URL: sim.URL, Authenticator: iamAuth(sim, apiKey)})
	return mustClient(t, svc, err)
}

// newCatalog returns a Global Catalog client for apiKey.
func newCatalog(t testing.TB, sim *simtest.Sim, apiKey string) *globalcatalogv1.GlobalCatalogV1 {
	t.Helper()
	svc, err := globalcatalogv1.NewGlobalCatalogV1(&globalcatalogv1.GlobalCatalogV1Options{URL: sim.URL + "/api/v1", Authenticator: iamAuth(sim, apiKey)})
	return mustClient(t, svc, err)
}

// newKP returns a key management client for instanceGUID that signs in with apiKey through /oidc/token.
func newKP(t testing.TB, sim *simtest.Sim, apiKey, instanceGUID string) *kp.Client {
	t.Helper()
	c, err := kp.New(kp.ClientConfig{BaseURL: sim.URL, APIKey: apiKey, TokenURL: sim.URL + "/oidc/token", InstanceID: instanceGUID, Timeout: 10}, nil)
	return mustClient(t, c, err)
}

// newAppConfig returns a go-sdk-core client for the App Configuration integrations API of instance guid.
func newAppConfig(t testing.TB, sim *simtest.Sim, apiKey, guid string) *core.BaseService {
	t.Helper()
	svc, err := core.NewBaseService(&core.ServiceOptions{URL: sim.URL + "/apprapp/feature/v1/instances/" + guid, Authenticator: iamAuth(sim, apiKey)})
	return mustClient(t, svc, err)
}

// mustClient returns svc, failing the test if creating it failed.
func mustClient[T any](t testing.TB, svc T, err error) T {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// collect returns f of each item, in order.
func collect[T any](items []T, f func(T) string) []string {
	var out []string
	for _, item := range items {
		out = append(out, f(item))
	}
	return out
}

// httpStatus returns the HTTP status carried by an SDK error, or 0.
func httpStatus(err error) int {
	var ae *core.AuthenticationError
	if errors.As(err, &ae) && ae.HTTPProblem != nil && ae.Response != nil {
		return ae.Response.StatusCode
	}
	var hp *core.HTTPProblem
	if errors.As(err, &hp) && hp.Response != nil {
		return hp.Response.StatusCode
	}
	var ke *kp.Error
	if errors.As(err, &ke) {
		return ke.StatusCode
	}
	var se *statusError
	if errors.As(err, &se) {
		return se.status
	}
	return 0
}

// wantStatus fails the test unless err carries status.
func wantStatus(t testing.TB, err error, status int) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want HTTP %d", status)
	}
	if got := httpStatus(err); got != status {
		t.Fatalf("got error %v (HTTP %d), want HTTP %d", err, got, status)
	}
}

// wantAppConfigRefusal fails the test unless err carries status and the App Configuration error body of resp has a
// message containing text.
func wantAppConfigRefusal(t testing.TB, resp *core.DetailedResponse, err error, status int, text string) {
	t.Helper()
	wantStatus(t, err, status)
	if msg, _ := resp.Result.(map[string]any)["message"].(string); !strings.Contains(msg, text) {
		t.Errorf("refusal body %v has no message containing %q", resp.Result, text)
	}
}

// token returns an access token for apiKey.
func token(t testing.TB, sim *simtest.Sim, apiKey string) string {
	t.Helper()
	tok, err := iamAuth(sim, apiKey).GetToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// acDo sends one App Configuration request through go-sdk-core and decodes the JSON answer.
func acDo(svc *core.BaseService, method, path string, body any) (map[string]any, *core.DetailedResponse, error) {
	b := core.NewRequestBuilder(method)
	path, rawQuery, _ := strings.Cut(path, "?")
	if _, err := b.ResolveRequestURL(svc.Options.URL, path, nil); err != nil {
		return nil, nil, err
	}
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, nil, err
	}
	for name, values := range query {
		b.AddQuery(name, values[0])
	}
	b.AddHeader("Accept", "application/json")
	if body != nil {
		if _, err := b.SetBodyContentJSON(body); err != nil {
			return nil, nil, err
		}
		b.AddHeader("Content-Type", "application/json")
	}
	req, err := b.Build()
	if err != nil {
		return nil, nil, err
	}
	var out map[string]any
	resp, err := svc.Request(req, &out)
	if err != nil && resp != nil {
		// BaseService.Request's error hides the *core.HTTPProblem from errors.As: keep the status from the response.
		err = &statusError{status: resp.StatusCode, err: err}
	}
	return out, resp, err
}

// statusError carries the HTTP status of a failed App Configuration request.
type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

// kmsRaw sends a key management request that keyprotect-go-client v0.17.3 has no method for (registration create/delete).
func kmsRaw(t testing.TB, sim *simtest.Sim, apiKey, method, instanceGUID, path, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, sim.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token(t, sim, apiKey))
	req.Header.Set("Bluemix-Instance", instanceGUID)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// registrationPath is the path of the registration of resourceCRN on key keyID.
func registrationPath(keyID, resourceCRN string) string {
	return "/api/v2/keys/" + keyID + "/registrations/" + url.PathEscape(resourceCRN)
}

// kmsIntegration is the create body of a KMS integration.
func kmsIntegration(id, kmsCRN, endpoint, rootKeyID string) map[string]any {
	return map[string]any{"integration_id": id, "integration_type": "KMS", "metadata": map[string]any{
		"kms_instance_crn": kmsCRN, "kms_endpoint": endpoint, "root_key_id": rootKeyID}}
}

// enIntegration is the create body of an Event Notifications integration.
func enIntegration(id, enCRN, endpoint string) map[string]any {
	return map[string]any{"integration_id": id, "integration_type": "EVENT_NOTIFICATIONS", "metadata": map[string]any{
		"event_notifications_instance_crn": enCRN, "event_notifications_endpoint": endpoint,
		"event_notifications_source_name": "app-config", "event_notifications_source_description": "events"}}
}

// attrs builds policy attributes from name/value pairs.
func subjectAttrs(pairs ...string) []iampolicymanagementv1.SubjectAttribute {
	var out []iampolicymanagementv1.SubjectAttribute
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, iampolicymanagementv1.SubjectAttribute{Name: core.StringPtr(pairs[i]), Value: core.StringPtr(pairs[i+1])})
	}
	return out
}

// resourceAttrs builds resource attributes (operator stringEquals) from name/value pairs.
func resourceAttrs(pairs ...string) []iampolicymanagementv1.ResourceAttribute {
	var out []iampolicymanagementv1.ResourceAttribute
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, iampolicymanagementv1.ResourceAttribute{Name: core.StringPtr(pairs[i]), Value: core.StringPtr(pairs[i+1]), Operator: core.StringPtr("stringEquals")})
	}
	return out
}

// authorization builds the create options of an authorization policy.
func authorization(svc *iampolicymanagementv1.IamPolicyManagementV1, subject []iampolicymanagementv1.SubjectAttribute,
	resource []iampolicymanagementv1.ResourceAttribute, roleCRNs ...string) *iampolicymanagementv1.CreatePolicyOptions {
	var roles []iampolicymanagementv1.PolicyRole
	for _, crn := range roleCRNs {
		roles = append(roles, iampolicymanagementv1.PolicyRole{RoleID: core.StringPtr(crn)})
	}
	return svc.NewCreatePolicyOptions("authorization",
		[]iampolicymanagementv1.PolicySubject{{Attributes: subject}}, roles,
		[]iampolicymanagementv1.PolicyResource{{Attributes: resource}})
}

// mustAuthorize creates an authorization policy or fails the test.
func mustAuthorize(t testing.TB, sim *simtest.Sim, subject []iampolicymanagementv1.SubjectAttribute,
	resource []iampolicymanagementv1.ResourceAttribute, roleCRNs ...string) string {
	t.Helper()
	svc := newIAMPolicy(t, sim, cloudsim.DemoAdminAPIKey)
	p, _, err := svc.CreatePolicy(authorization(svc, subject, resource, roleCRNs...))
	if err != nil {
		t.Fatalf("create authorization: %v", err)
	}
	return *p.ID
}

// kpReader authorizes app-config-enterprise to read key-protect-us-south and returns the policy's ID.
func kpReader(t testing.TB, sim *simtest.Sim) string {
	return mustAuthorize(t, sim,
		subjectAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "apprapp", "serviceInstance", cloudsim.AppConfigEnterpriseGUID),
		resourceAttrs("accountId", cloudsim.DemoAccountID, "serviceName", "kms", "serviceInstance", cloudsim.KeyProtectUSSouthGUID),
		cloudsim.RoleReaderCRN)
}
