package cloudsim

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"
)

// accessClaims are the claims of an access token, shaped like IBM Cloud IAM's.
type accessClaims struct {
	IAMID      string       `json:"iam_id"`
	ID         string       `json:"id"`
	RealmID    string       `json:"realmid"`
	Sub        string       `json:"sub"`
	Email      string       `json:"email"`
	Name       string       `json:"name"`
	GivenName  string       `json:"given_name,omitempty"`
	FamilyName string       `json:"family_name,omitempty"`
	Account    accountClaim `json:"account"`
	IAT        int64        `json:"iat"`
	Exp        int64        `json:"exp"`
	ISS        string       `json:"iss"`
	GrantType  string       `json:"grant_type"`
	Scope      string       `json:"scope"`
	ClientID   string       `json:"client_id"`
	ACR        int          `json:"acr"`
	AMR        []string     `json:"amr"`
}

// accountClaim is the "account" claim of an access token.
type accountClaim struct {
	Valid bool   `json:"valid"`
	BSS   string `json:"bss"`
	Name  string `json:"name,omitempty"`
}

// refreshClaims are the contents of a refresh token.
type refreshClaims struct {
	Use    string `json:"use"`
	IAMID  string `json:"iam_id"`
	Client string `json:"cid"`
	Exp    int64  `json:"exp"`
	Nonce  string `json:"nonce"`
}

// refreshTokenTTL is the lifetime of refresh tokens.
const refreshTokenTTL = 30 * 24 * time.Hour

var b64 = base64.RawURLEncoding

// sign returns the HMAC-SHA256 of data under the state's token secret.
func (s *Server) sign(data string) string {
	mac := hmac.New(sha256.New, s.store.read().Meta.TokenSecret)
	mac.Write([]byte(data))
	return b64.EncodeToString(mac.Sum(nil))
}

// issueTokens returns a JWT-shaped access token living ttl and a refresh token for u, and the access token's expiry.
// A grant made without a client (client "") gets the refresh token "not_supported", as IAM answers it.
func (s *Server) issueTokens(r *http.Request, u *user, grantType, client string, ttl time.Duration) (access, refresh string, exp time.Time, err error) {
	now := time.Now()
	exp = now.Add(ttl).Truncate(time.Second)
	given, family, _ := strings.Cut(u.Name, " ")
	claims := accessClaims{
		IAMID: u.IAMID, ID: u.IAMID, RealmID: "IBMid", Sub: u.Email, Email: u.Email, Name: u.Name,
		GivenName: given, FamilyName: family,
		Account: accountClaim{Valid: true, BSS: u.AccountID, Name: u.AccountName},
		IAT:     now.Unix(), Exp: exp.Unix(), ISS: s.baseURL(r) + "/identity",
		GrantType: grantType, Scope: "ibm openid", ClientID: cmp.Or(client, "default"), ACR: 1, AMR: []string{"pwd"},
	}
	header, _ := json.Marshal(map[string]string{"kid": "cloudsim-1", "alg": "HS256", "typ": "JWT"})
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", "", time.Time{}, err
	}
	unsigned := b64.EncodeToString(header) + "." + b64.EncodeToString(payload)
	access = unsigned + "." + s.sign(unsigned)

	if client == "" {
		return access, refreshNotSupported, exp, nil
	}
	rc, err := json.Marshal(refreshClaims{Use: "refresh", IAMID: u.IAMID, Client: client, Exp: now.Add(refreshTokenTTL).Unix(), Nonce: randomHex(8)})
	if err != nil {
		return "", "", time.Time{}, err
	}
	body := b64.EncodeToString(rc)
	refresh = body + "." + s.sign("refresh."+body)
	return access, refresh, exp, nil
}

// readRefreshToken returns the claims of a valid, unexpired refresh token ("not_supported" is none).
func (s *Server) readRefreshToken(tok string) (refreshClaims, error) {
	body, sig, ok := strings.Cut(tok, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(s.sign("refresh."+body))) {
		return refreshClaims{}, errors.New("bad signature")
	}
	raw, err := b64.DecodeString(body)
	if err != nil {
		return refreshClaims{}, err
	}
	var rc refreshClaims
	if err := json.Unmarshal(raw, &rc); err != nil || rc.Use != "refresh" {
		return refreshClaims{}, errors.New("not a refresh token")
	}
	if time.Now().Unix() >= rc.Exp {
		return refreshClaims{}, errors.New("expired")
	}
	return rc, nil
}

// authenticate returns the user of the request's valid bearer token, or errUnauthorized.
func (s *Server) authenticate(r *http.Request) (*user, error) {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil, errUnauthorized
	}
	parts := strings.Split(strings.TrimSpace(tok), ".")
	if len(parts) != 3 || !hmac.Equal([]byte(parts[2]), []byte(s.sign(parts[0]+"."+parts[1]))) {
		return nil, errUnauthorized
	}
	raw, err := b64.DecodeString(parts[1])
	if err != nil {
		return nil, errUnauthorized
	}
	var c accessClaims
	if err := json.Unmarshal(raw, &c); err != nil || time.Now().Unix() >= c.Exp {
		return nil, errUnauthorized
	}
	u := s.store.read().Users[c.IAMID]
	if u == nil {
		return nil, errUnauthorized
	}
	return u, nil
}
