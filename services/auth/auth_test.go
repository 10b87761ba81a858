package auth_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/services/auth"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/servicetest"
)

// newService returns the auth service against a fresh cloudsim, through the connector's HTTP client as main.go wires it.
func newService(t *testing.T) (*simtest.Sim, *auth.Service) {
	t.Helper()
	sim := simtest.Start(t)
	connector := servicetest.Connector(sim)
	return sim, auth.NewService(connector.Endpoints().IAM, connector.HTTPClient(), time.Now)
}

func TestSignIn(t *testing.T) {
	tests := []struct {
		name     string
		apiKey   string
		faults   string
		want     auth.Identity
		wantErr  error
		wantKind ibmcloud.Kind
	}{
		{name: "administrator", apiKey: cloudsim.DemoAdminAPIKey,
			want: auth.Identity{IAMID: cloudsim.AdminIAMID, Email: cloudsim.AdminEmail, AccountID: cloudsim.DemoAccountID, AccountName: "Demo Account"}},
		{name: "viewer", apiKey: cloudsim.DemoViewerAPIKey,
			want: auth.Identity{IAMID: cloudsim.ViewerIAMID, Email: cloudsim.ViewerEmail, AccountID: cloudsim.DemoAccountID, AccountName: "Demo Account"}},
		{name: "key with surrounding spaces", apiKey: "  " + cloudsim.DemoAdminAPIKey + "\n",
			want: auth.Identity{IAMID: cloudsim.AdminIAMID, Email: cloudsim.AdminEmail, AccountID: cloudsim.DemoAccountID, AccountName: "Demo Account"}},
		{name: "wrong key", apiKey: "cloudsim-admin-WRONG", wantErr: auth.ErrInvalidAPIKey},
		{name: "empty key", apiKey: "", wantErr: auth.ErrInvalidAPIKey},
		{name: "blank key", apiKey: "   ", wantErr: auth.ErrInvalidAPIKey},
		{name: "IAM unavailable", apiKey: cloudsim.DemoAdminAPIKey, faults: "iam=error:1:503", wantKind: ibmcloud.KindUnavailable},
		{name: "IAM failing", apiKey: cloudsim.DemoAdminAPIKey, faults: "iam=error:1:500", wantKind: ibmcloud.KindUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim, svc := newService(t)
			if tt.faults != "" {
				sim.SetFaults(t, tt.faults)
			}
			start := time.Now()
			session, err := svc.SignIn(tt.apiKey)
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
			case tt.wantKind != ibmcloud.KindUnknown:
				if errors.Is(err, auth.ErrInvalidAPIKey) {
					t.Fatalf("an IAM outage was reported as an invalid API key: %v", err)
				}
				var e *ibmcloud.Error
				if !errors.As(err, &e) || e.Kind != tt.wantKind {
					t.Fatalf("err = %#v, want an *ibmcloud.Error of kind %v", err, tt.wantKind)
				}
				if e.Status < 500 {
					t.Errorf("status = %d, want IAM's 5xx", e.Status)
				}
				if time.Since(start) > 2*time.Second {
					t.Errorf("sign-in took %v against a failing IAM", time.Since(start))
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if session.Identity != tt.want {
					t.Errorf("identity = %+v, want %+v", session.Identity, tt.want)
				}
				if session.Token.AccessToken == "" || session.Token.RefreshToken == "" {
					t.Errorf("token = %+v, want access and refresh tokens", session.Token)
				}
				if d := time.Until(session.Token.Expiry); d < 50*time.Minute || d > 61*time.Minute {
					t.Errorf("expiry in %v, want about an hour", d)
				}
				if strings.Contains(session.Token.AccessToken, tt.apiKey) {
					t.Error("the access token carries the API key")
				}
			}
		})
	}
}

func TestRefresh(t *testing.T) {
	_, svc := newService(t)
	first, err := svc.SignIn(cloudsim.DemoViewerAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		refresh string
		wantErr bool
	}{
		{name: "refresh token", refresh: first.Token.RefreshToken},
		{name: "garbage", refresh: "not-a-refresh-token", wantErr: true},
		{name: "access token instead", refresh: first.Token.AccessToken, wantErr: true},
		{name: "tampered signature", refresh: first.Token.RefreshToken + "x", wantErr: true},
		{name: "none", refresh: "", wantErr: true},
		{name: "not_supported", refresh: "not_supported", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, err := svc.Refresh(tt.refresh)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("refresh with %q succeeded: %+v", tt.refresh, next.Identity)
				}
				if !errors.Is(err, auth.ErrRenewalRefused) {
					t.Errorf("err = %v, want the rejection IAM's 400 maps to", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if next.Token.AccessToken == "" || next.Token.AccessToken == first.Token.AccessToken {
				t.Errorf("refresh gave no new access token")
			}
			if next.Token.RefreshToken == "" {
				t.Errorf("refresh gave no refresh token")
			}
			if next.Identity != first.Identity {
				t.Errorf("identity after refresh = %+v, want %+v", next.Identity, first.Identity)
			}
			if next.Token.Expiry.Before(first.Token.Expiry) {
				t.Errorf("expiry went back: %v before %v", next.Token.Expiry, first.Token.Expiry)
			}
		})
	}
}

// A renewal IAM refuses, fails or does not answer in time is told apart: refused, unavailable, timeout.
func TestRefreshFailures(t *testing.T) {
	tests := []struct {
		name     string
		faults   string
		wantErr  error
		wantKind ibmcloud.Kind
	}{
		{name: "refused", faults: "iam=refresh-fails", wantErr: auth.ErrRenewalRefused},
		{name: "unavailable", faults: "iam=error:1:503", wantKind: ibmcloud.KindUnavailable},
		{name: "time-out", faults: "iam=latency:2s", wantKind: ibmcloud.KindTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := simtest.Start(t)
			svc := auth.NewService(ibmcloud.SimEndpoints(sim.URL).IAM, &http.Client{Timeout: 500 * time.Millisecond}, time.Now)
			first, err := svc.SignIn(cloudsim.DemoAdminAPIKey)
			if err != nil {
				t.Fatal(err)
			}
			sim.SetFaults(t, tt.faults)
			_, err = svc.Refresh(first.Token.RefreshToken)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if errors.Is(err, auth.ErrRenewalRefused) || !ibmcloud.IsKind(err, tt.wantKind) {
				t.Fatalf("err = %v, want kind %v", err, tt.wantKind)
			}
		})
	}
}

// An IAM that issues no usable refresh token ("not_supported") leaves the session with none, and renewal is refused
// without asking IAM.
func TestNotSupportedRefreshToken(t *testing.T) {
	sim := simtest.Start(t)
	calls := 0
	iam := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		// A real token from the sim, answered with IAM's refresh token for a grant without client credentials.
		resp, err := (&core.IamAuthenticator{ApiKey: cloudsim.DemoAdminAPIKey, URL: sim.URL}).RequestToken()
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": resp.AccessToken, "refresh_token": resp.RefreshToken,
			"token_type": "Bearer", "expires_in": resp.ExpiresIn, "expiration": resp.Expiration})
	}))
	t.Cleanup(iam.Close)
	svc := auth.NewService(iam.URL, iam.Client(), time.Now)
	session, err := svc.SignIn(cloudsim.DemoAdminAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	if session.Token.AccessToken == "" || session.Token.RefreshToken != "" {
		t.Errorf("token = %+v, want an access token and no refresh token", session.Token)
	}
	if _, err := svc.Refresh(session.Token.RefreshToken); !errors.Is(err, auth.ErrRenewalRefused) {
		t.Errorf("err = %v, want ErrRenewalRefused", err)
	}
	if calls != 1 {
		t.Errorf("IAM was called %d times, want once (the sign-in)", calls)
	}
}

func TestRefreshWhileIAMDown(t *testing.T) {
	sim, svc := newService(t)
	first, err := svc.SignIn(cloudsim.DemoAdminAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	sim.SetFaults(t, "iam=error:1:503")
	_, err = svc.Refresh(first.Token.RefreshToken)
	if errors.Is(err, auth.ErrInvalidAPIKey) || !ibmcloud.IsKind(err, ibmcloud.KindUnavailable) {
		t.Fatalf("err = %v, want kind unavailable", err)
	}
}

func TestParseIdentity(t *testing.T) {
	jwt := func(payload string) string {
		return "eyJhbGciOiJIUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + ".c2ln"
	}
	tests := []struct {
		name    string
		token   string
		want    auth.Identity
		wantErr bool
	}{
		{name: "empty", token: "", wantErr: true},
		{name: "not a JWT", token: "opaque-token", wantErr: true},
		{name: "two parts", token: "a.b", wantErr: true},
		{name: "four parts", token: "a.b.c.d", wantErr: true},
		{name: "payload not base64", token: "a.!!!.c", wantErr: true},
		{name: "payload not JSON", token: jwt("not json"), wantErr: true},
		{name: "payload a JSON array", token: jwt(`[1,2]`), wantErr: true},
		{name: "no iam_id", token: jwt(`{"email":"x@example.com","account":{"bss":"acc"}}`), wantErr: true},
		{name: "no account", token: jwt(`{"iam_id":"IBMid-1","email":"x@example.com"}`), wantErr: true},
		{name: "all claims", token: jwt(`{"iam_id":"IBMid-1","email":"x@example.com","account":{"bss":"acc1","name":"Acme"}}`),
			want: auth.Identity{IAMID: "IBMid-1", Email: "x@example.com", AccountID: "acc1", AccountName: "Acme"}},
		{name: "email from sub", token: jwt(`{"iam_id":"IBMid-1","sub":"s@example.com","account":{"bss":"acc1","name":"Acme"}}`),
			want: auth.Identity{IAMID: "IBMid-1", Email: "s@example.com", AccountID: "acc1", AccountName: "Acme"}},
		{name: "no account name", token: jwt(`{"iam_id":"IBMid-1","email":"x@example.com","account":{"bss":"0123456789abcdef"}}`),
			want: auth.Identity{IAMID: "IBMid-1", Email: "x@example.com", AccountID: "0123456789abcdef", AccountName: "Account 01234567"}},
		{name: "short account ID without name", token: jwt(`{"iam_id":"IBMid-1","email":"x@example.com","account":{"bss":"abc"}}`),
			want: auth.Identity{IAMID: "IBMid-1", Email: "x@example.com", AccountID: "abc", AccountName: "Account abc"}},
		{name: "padded payload", token: "h." + base64.URLEncoding.EncodeToString([]byte(`{"iam_id":"i","account":{"bss":"acc1","name":"A"}}`)) + ".s",
			want: auth.Identity{IAMID: "i", AccountID: "acc1", AccountName: "A"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := auth.ParseIdentity(tt.token)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseIdentity(%q) = %+v, want an error", tt.token, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("identity = %+v, want %+v", got, tt.want)
			}
		})
	}
}
