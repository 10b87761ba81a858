package ibmcloud

import "time"

// Token is a signed-in user's IAM access token with the refresh token that renews it.
type Token struct {
	AccessToken  string
	RefreshToken string
	Expiry       time.Time
}

// ExpiresWithin reports whether the access token expires within d of now.
func (t Token) ExpiresWithin(now time.Time, d time.Duration) bool {
	return !t.Expiry.After(now.Add(d))
}
