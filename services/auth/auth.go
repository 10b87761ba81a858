// Package auth signs users in with an IBM Cloud API key and renews their IAM tokens.
package auth

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"

	"appconfig-console/services/ibmcloud"
)

// Identity is who a token belongs to, read from the IAM access token's claims.
type Identity struct {
	IAMID       string
	Email       string
	AccountID   string
	AccountName string
}

// Session is what a successful sign-in or refresh yields: the tokens and the identity they carry.
type Session struct {
	Token    ibmcloud.Token
	Identity Identity
}

// ErrInvalidAPIKey is returned when IAM does not accept the API key.
var ErrInvalidAPIKey = errors.New("the API key was not accepted")

// ErrRenewalRefused is returned when IAM does not accept the refresh token (revoked, expired, or from another client),
// or when the sign-in got none.
var ErrRenewalRefused = errors.New("IAM did not accept the refresh token")

// The IAM client the console signs in as: the ibmcloud CLI's client bx/bx. IAM issues a usable refresh token only to a
// grant that carries client credentials (without them it answers "refresh_token": "not_supported"), and a refresh must
// use the same client (go-sdk-core core/iam_authenticator.go, doc comments of RefreshToken, ClientId, ClientSecret).
// go-sdk-core itself never needs one when it holds the API key (it asks again with the key); the console keeps no key.
const (
	iamClientID     = "bx"
	iamClientSecret = "bx"
)

// refreshNotSupported is the refresh_token IAM answers to a grant without client credentials.
const refreshNotSupported = "not_supported"

// Service exchanges API keys and refresh tokens for IAM tokens.
type Service struct {
	iamURL string
	client *http.Client
	now    func() time.Time
}

// NewService returns a Service that calls the IAM token endpoint at iamURL with client.
func NewService(iamURL string, client *http.Client, now func() time.Time) *Service {
	return &Service{iamURL: iamURL, client: client, now: now}
}

// SignIn exchanges an API key for IAM tokens; the key is used once and kept nowhere.
func (s *Service) SignIn(apiKey string) (Session, error) {
	apiKey = strings.TrimSpace(apiKey)
	if apiKey == "" {
		return Session{}, ErrInvalidAPIKey
	}
	return s.request(&core.IamAuthenticator{ApiKey: apiKey, URL: s.iamURL, Client: s.client,
		ClientId: iamClientID, ClientSecret: iamClientSecret}, ErrInvalidAPIKey)
}

// Refresh renews tokens with a refresh token, as the client that signed in; it returns ErrRenewalRefused when IAM
// refuses the token (or there is none) and an *ibmcloud.Error when IAM fails or does not answer in time.
func (s *Service) Refresh(refreshToken string) (Session, error) {
	if refreshToken == "" || refreshToken == refreshNotSupported {
		return Session{}, ErrRenewalRefused
	}
	return s.request(&core.IamAuthenticator{RefreshToken: refreshToken, URL: s.iamURL, Client: s.client,
		ClientId: iamClientID, ClientSecret: iamClientSecret}, ErrRenewalRefused)
}

// request asks IAM for tokens; refused is the error for IAM's refusal of the credentials (400, 401 or 404).
func (s *Service) request(authenticator *core.IamAuthenticator, refused error) (Session, error) {
	resp, err := authenticator.RequestToken()
	if err != nil {
		classified := ibmcloud.Classify("IAM", err)
		if classified.Status == http.StatusBadRequest || classified.Status == http.StatusUnauthorized || classified.Status == http.StatusNotFound {
			return Session{}, refused
		}
		return Session{}, classified
	}
	identity, err := ParseIdentity(resp.AccessToken)
	if err != nil {
		return Session{}, &ibmcloud.Error{Kind: ibmcloud.KindUnknown, Service: "IAM", Message: "IAM returned an unreadable access token", Err: err}
	}
	expiry := s.now().Add(time.Duration(resp.ExpiresIn) * time.Second)
	if resp.Expiration > 0 {
		expiry = time.Unix(resp.Expiration, 0)
	}
	refresh := resp.RefreshToken
	if refresh == refreshNotSupported {
		refresh = ""
	}
	return Session{
		Token:    ibmcloud.Token{AccessToken: resp.AccessToken, RefreshToken: refresh, Expiry: expiry},
		Identity: identity,
	}, nil
}

// ParseIdentity reads the identity claims of an IAM access token without verifying its signature, since it comes straight from IAM.
func ParseIdentity(accessToken string) (Identity, error) {
	parts := strings.Split(accessToken, ".")
	if len(parts) != 3 {
		return Identity{}, errors.New("access token is not a JWT")
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return Identity{}, err
	}
	var claims struct {
		IAMID   string `json:"iam_id"`
		Email   string `json:"email"`
		Sub     string `json:"sub"`
		Account struct {
			BSS  string `json:"bss"`
			Name string `json:"name"`
		} `json:"account"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		return Identity{}, err
	}
	if claims.IAMID == "" || claims.Account.BSS == "" {
		return Identity{}, errors.New("access token has no iam_id or account")
	}
	id := Identity{IAMID: claims.IAMID, Email: claims.Email, AccountID: claims.Account.BSS, AccountName: claims.Account.Name}
	if id.Email == "" {
		id.Email = claims.Sub
	}
	if id.AccountName == "" {
		id.AccountName = "Account " + id.AccountID[:min(8, len(id.AccountID))]
	}
	return id, nil
}
