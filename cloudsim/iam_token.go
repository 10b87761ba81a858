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

// iamTokenRoutes registers the IAM token endpoints of go-sdk-core (/identity/token) and of the kp client (/oidc/token).
func (s *Server) iamTokenRoutes(mux *http.ServeMux) {
	s.public(mux, "POST /identity/token", apiIAM, s.handleToken)
	s.public(mux, "POST /oidc/token", apiIAM, s.handleToken)
}

// handleToken exchanges an API key or a refresh token for IAM tokens.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errorf(http.StatusBadRequest, "BXNIM0109E", "The request body could not be parsed as a form.")
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
		var err error
		if u, err = s.userFromRefreshToken(r.PostForm.Get("refresh_token")); err != nil {
			return errorf(http.StatusBadRequest, "BXNIM0407E", "Provided refresh token is invalid or expired.")
		}
	case "":
		return errorf(http.StatusBadRequest, "BXNIM0109E", "Property missing or empty. Property name: 'grant_type'.")
	default:
		return errorf(http.StatusBadRequest, "BXNIM0103E", "Unsupported grant type: "+grant+".")
	}
	access, refresh, exp, err := s.issueTokens(r, u, grant)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token":  access,
		"refresh_token": refresh,
		"token_type":    "Bearer",
		"expires_in":    int64(s.opts.TokenTTL / time.Second),
		"expiration":    exp.Unix(),
		"scope":         "ibm openid",
		"ims_user_id":   1000001,
	})
	return nil
}
