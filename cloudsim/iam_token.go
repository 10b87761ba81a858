package cloudsim

import (
	"net/http"
	"time"
)

// IAM grant types.
const (
	grantAPIKey       = "urn:ibm:params:oauth:grant-type:apikey"
	grantRefreshToken = "refresh_token"
)

// refreshNotSupported is the refresh_token IAM returns to a grant made without client credentials.
const refreshNotSupported = "not_supported"

// iamClients are the IAM clients cloudsim knows, by ID, with their secrets: the ibmcloud CLI's client bx/bx, which
// IBM Cloud's own tools use to get refresh tokens (ibm-strictness.md section 1).
var iamClients = map[string]string{"bx": "bx"}

// handleToken exchanges an API key or a refresh token for IAM tokens.
//
// Client credentials follow go-sdk-core's IamAuthenticator (core/iam_authenticator.go): they travel as a Basic
// Authorization header; without them IAM answers an API-key grant with "refresh_token": "not_supported", and a refresh
// token must be presented by the same client that obtained it (doc comment of IamAuthenticator.RefreshToken). The
// error bodies are IAM's ({"errorCode":"BXNIM...","errorMessage":...,"context":...}); the exact codes for a wrong
// client secret and a refresh from another client are *unconfirmed* (BXNIM0400E and BXNIM0407E are used).
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request, _ *user) error {
	if err := r.ParseForm(); err != nil {
		return errorf(http.StatusBadRequest, "BXNIM0109E", "The request body could not be parsed as a form.")
	}
	client, secret, hasClient := r.BasicAuth()
	if hasClient {
		if want, ok := iamClients[client]; !ok || secret != want {
			return errorf(http.StatusBadRequest, "BXNIM0400E", "Provided client id or client secret is invalid.")
		}
	}
	var u *user
	grant := r.PostForm.Get("grant_type")
	switch grant {
	case grantAPIKey:
		key := r.PostForm.Get("apikey")
		if key == "" {
			return errorf(http.StatusBadRequest, "BXNIM0109E", "Property missing or empty. Property name: 'apikey'.")
		}
		if u = s.store.read().userByAPIKey(key); u == nil {
			return errorf(http.StatusBadRequest, "BXNIM0415E", "Provided API key could not be found.")
		}
	case grantRefreshToken:
		rc, err := s.readRefreshToken(r.PostForm.Get("refresh_token"))
		switch {
		case err != nil, s.faults.refreshFails():
			return errorf(http.StatusBadRequest, "BXNIM0407E", "Provided refresh token is invalid or expired.")
		case !hasClient || rc.Client != client:
			return errorf(http.StatusBadRequest, "BXNIM0407E", "Provided refresh token was not issued to this client.")
		}
		if u = s.store.read().Users[rc.IAMID]; u == nil {
			return errorf(http.StatusBadRequest, "BXNIM0407E", "Provided refresh token is invalid or expired.")
		}
	case "":
		return errorf(http.StatusBadRequest, "BXNIM0109E", "Property missing or empty. Property name: 'grant_type'.")
	default:
		return errorf(http.StatusBadRequest, "BXNIM0103E", "Unsupported grant type: "+grant+".")
	}
	if !hasClient {
		client = ""
	}
	ttl := s.tokenTTL()
	access, refresh, exp, err := s.issueTokens(r, u, grant, client, ttl)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token":  access,
		"refresh_token": refresh,
		"token_type":    "Bearer",
		"expires_in":    int64(ttl / time.Second),
		"expiration":    exp.Unix(),
		"scope":         "ibm openid",
		"ims_user_id":   1000001,
	})
	return nil
}

// tokenTTL is the lifetime of access tokens issued now: the iam fault's token-ttl when set, else Options.TokenTTL.
func (s *Server) tokenTTL() time.Duration {
	if d := s.faults.tokenTTL(); d > 0 {
		return d
	}
	return s.opts.TokenTTL
}
