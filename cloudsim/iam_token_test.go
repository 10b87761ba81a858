package cloudsim_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"
	"github.com/IBM/platform-services-go-sdk/resourcecontrollerv2"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
)

func TestTokenClaims(t *testing.T) {
	sim := simtest.Start(t)
	tests := []struct {
		apiKey, iamID, email string
	}{
		{cloudsim.DemoAdminAPIKey, cloudsim.AdminIAMID, cloudsim.AdminEmail},
		{cloudsim.DemoViewerAPIKey, cloudsim.ViewerIAMID, cloudsim.ViewerEmail},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			resp, err := iamAuth(sim, tt.apiKey).RequestToken()
			if err != nil {
				t.Fatal(err)
			}
			if resp.TokenType != "Bearer" || resp.RefreshToken == "" || resp.ExpiresIn != 3600 {
				t.Errorf("token response = %+v", resp)
			}
			if d := time.Until(time.Unix(resp.Expiration, 0)); d < 59*time.Minute || d > 61*time.Minute {
				t.Errorf("expiration in %v, want ~1h", d)
			}
			parts := strings.Split(resp.AccessToken, ".")
			if len(parts) != 3 {
				t.Fatalf("access token has %d parts, want a JWT", len(parts))
			}
			raw, err := base64.RawURLEncoding.DecodeString(parts[1])
			if err != nil {
				t.Fatal(err)
			}
			var claims struct {
				IAMID   string `json:"iam_id"`
				Email   string `json:"email"`
				Exp     int64  `json:"exp"`
				Account struct {
					BSS  string `json:"bss"`
					Name string `json:"name"`
				} `json:"account"`
			}
			if err := json.Unmarshal(raw, &claims); err != nil {
				t.Fatal(err)
			}
			if claims.IAMID != tt.iamID || claims.Email != tt.email || claims.Account.BSS != cloudsim.DemoAccountID || claims.Account.Name != cloudsim.DemoAccountName || claims.Exp != resp.Expiration {
				t.Errorf("claims = %+v", claims)
			}
		})
	}
}

func TestTokenBadAPIKey(t *testing.T) {
	sim := simtest.Start(t)
	_, err := iamAuth(sim, "not-a-key").RequestToken()
	wantStatus(t, err, http.StatusBadRequest)
	if !strings.Contains(err.Error(), "Provided API key could not be found") {
		t.Errorf("error = %v", err)
	}
	// The SDK's error surfaces through service calls too, with IAM's status.
	_, _, err = newRC(t, sim, "not-a-key").ListResourceInstances(&resourcecontrollerv2.ListResourceInstancesOptions{})
	wantStatus(t, err, http.StatusBadRequest)
}

// bxAuth is an IAM authenticator that signs in as the ibmcloud CLI's client bx/bx, which gets refresh tokens.
func bxAuth(sim *simtest.Sim, apiKey string) *core.IamAuthenticator {
	return &core.IamAuthenticator{ApiKey: apiKey, URL: sim.URL, ClientId: "bx", ClientSecret: "bx"}
}

// wantIAMError checks that err is IAM's 400 with an errorCode starting BXNIM, in IAM's error body.
func wantIAMError(t *testing.T, err error) {
	t.Helper()
	wantStatus(t, err, http.StatusBadRequest)
	var authErr *core.AuthenticationError
	if !errors.As(err, &authErr) || authErr.Response == nil {
		t.Fatalf("error %v (%T) is not an authentication error with a response", err, err)
	}
	body, _ := authErr.Response.Result.(map[string]any)
	if code, _ := body["errorCode"].(string); !strings.HasPrefix(code, "BXNIM") || body["errorMessage"] == nil || body["context"] == nil {
		t.Errorf("IAM error body = %v", authErr.Response.Result)
	}
}

// The API-key grant without client credentials gets no usable refresh token; with bx/bx it gets one, usable only by
// the same client (go-sdk-core core/iam_authenticator.go, doc comments of RefreshToken, ClientId and ClientSecret).
func TestRefreshTokenGrant(t *testing.T) {
	sim := simtest.Start(t)
	plain, err := iamAuth(sim, cloudsim.DemoAdminAPIKey).RequestToken()
	if err != nil {
		t.Fatal(err)
	}
	if plain.RefreshToken != "not_supported" {
		t.Errorf("refresh token without client credentials = %q, want not_supported", plain.RefreshToken)
	}
	first, err := bxAuth(sim, cloudsim.DemoAdminAPIKey).RequestToken()
	if err != nil {
		t.Fatal(err)
	}
	if first.RefreshToken == "" || first.RefreshToken == "not_supported" {
		t.Fatalf("refresh token with client bx = %q", first.RefreshToken)
	}
	refreshed, err := (&core.IamAuthenticator{RefreshToken: first.RefreshToken, URL: sim.URL, ClientId: "bx", ClientSecret: "bx"}).RequestToken()
	if err != nil {
		t.Fatal(err)
	}
	if refreshed.AccessToken == "" || refreshed.RefreshToken == "" || refreshed.AccessToken == first.AccessToken && refreshed.RefreshToken == first.RefreshToken {
		t.Errorf("refresh returned no new token: %+v", refreshed)
	}
	refused := []struct {
		name, refresh, client, secret string
	}{
		{"not_supported", "not_supported", "bx", "bx"},
		{"garbage", "garbage", "bx", "bx"},
		{"tampered", first.RefreshToken + "x", "bx", "bx"},
		{"without client credentials", first.RefreshToken, "", ""},
		{"another client", first.RefreshToken, "other", "other"},
		{"wrong client secret", first.RefreshToken, "bx", "nope"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			a := &core.IamAuthenticator{RefreshToken: tt.refresh, URL: sim.URL, ClientId: tt.client, ClientSecret: tt.secret}
			_, err := a.RequestToken()
			wantIAMError(t, err)
		})
	}
}

// The iam faults shorten token lifetimes and refuse refreshes, as a revoked refresh token is refused.
func TestTokenFaults(t *testing.T) {
	sim := simtest.Start(t)
	first, err := bxAuth(sim, cloudsim.DemoAdminAPIKey).RequestToken()
	if err != nil {
		t.Fatal(err)
	}
	sim.SetFaults(t, "iam=token-ttl:5s,refresh-fails")
	short, err := bxAuth(sim, cloudsim.DemoAdminAPIKey).RequestToken()
	if err != nil {
		t.Fatal(err)
	}
	if short.ExpiresIn != 5 || time.Until(time.Unix(short.Expiration, 0)) > 6*time.Second {
		t.Errorf("with token-ttl:5s: expires_in %d, expiration in %v", short.ExpiresIn, time.Until(time.Unix(short.Expiration, 0)))
	}
	_, err = (&core.IamAuthenticator{RefreshToken: first.RefreshToken, URL: sim.URL, ClientId: "bx", ClientSecret: "bx"}).RequestToken()
	wantIAMError(t, err)

	sim.SetFaults(t, "")
	if _, err := (&core.IamAuthenticator{RefreshToken: first.RefreshToken, URL: sim.URL, ClientId: "bx", ClientSecret: "bx"}).RequestToken(); err != nil {
		t.Errorf("refresh after the fault was cleared: %v", err)
	}
}

func TestEveryAPINeedsAValidToken(t *testing.T) {
	sim := simtest.Start(t)
	tests := []struct {
		name, method, path string
		// public: the API answers a request without a token (a bad token is still refused).
		public bool
	}{
		{"resource controller", http.MethodGet, "/v2/resource_instances", false},
		{"resource manager", http.MethodGet, "/v2/resource_groups", false},
		// The public catalog is read without a token (ibm-cloud-docs/billing-usage getting-pricing-api.md).
		{"global catalog", http.MethodGet, "/api/v1/", true},
		{"global catalog plans", http.MethodGet, "/api/v1/" + cloudsim.AppConfigServiceID + "/plan", true},
		{"iam policies", http.MethodGet, "/v1/policies?account_id=" + cloudsim.DemoAccountID, false},
		{"iam roles", http.MethodGet, "/v2/roles", false},
		{"kms", http.MethodGet, "/api/v2/keys", false},
		{"appconfig", http.MethodGet, "/apprapp/feature/v1/instances/" + cloudsim.AppConfigEUGUID + "/integrations", false},
	}
	for _, tt := range tests {
		for _, auth := range []string{"", "Bearer nope", "Bearer a.b.c"} {
			t.Run(tt.name+"/"+auth, func(t *testing.T) {
				req, _ := http.NewRequest(tt.method, sim.URL+tt.path, nil)
				if auth != "" {
					req.Header.Set("Authorization", auth)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				want := http.StatusUnauthorized
				if tt.public && auth == "" {
					want = http.StatusOK
				}
				if resp.StatusCode != want {
					t.Errorf("status = %d, want %d", resp.StatusCode, want)
				}
				if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q", ct)
				}
			})
		}
	}
}

func TestTokenExpiry(t *testing.T) {
	sim := simtest.Start(t, func(o *cloudsim.Options) { o.TokenTTL = time.Second })
	resp, err := bxAuth(sim, cloudsim.DemoAdminAPIKey).RequestToken()
	if err != nil {
		t.Fatal(err)
	}
	rc, err := resourcecontrollerv2.NewResourceControllerV2(&resourcecontrollerv2.ResourceControllerV2Options{
		URL: sim.URL, Authenticator: &core.BearerTokenAuthenticator{BearerToken: resp.AccessToken},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := rc.ListResourceInstances(&resourcecontrollerv2.ListResourceInstancesOptions{}); err != nil {
		t.Fatalf("fresh token refused: %v", err)
	}
	time.Sleep(time.Until(time.Unix(resp.Expiration, 0)) + 50*time.Millisecond)
	_, _, err = rc.ListResourceInstances(&resourcecontrollerv2.ListResourceInstancesOptions{})
	wantStatus(t, err, http.StatusUnauthorized)

	// A refresh token still yields a new, working access token.
	refreshed, err := (&core.IamAuthenticator{RefreshToken: resp.RefreshToken, URL: sim.URL, ClientId: "bx", ClientSecret: "bx"}).RequestToken()
	if err != nil {
		t.Fatal(err)
	}
	rc.Service.Options.Authenticator = &core.BearerTokenAuthenticator{BearerToken: refreshed.AccessToken}
	if _, _, err := rc.ListResourceInstances(&resourcecontrollerv2.ListResourceInstancesOptions{}); err != nil {
		t.Fatalf("refreshed token refused: %v", err)
	}
}
