package auth

import "time"

// SessionLifetime is the longest a signed-in session lives from sign-in, however active: renewals do not extend it.
const SessionLifetime = 12 * time.Hour

// RenewalWindow is how long after a token was renewed because an upstream refused it another refusal means the renewal
// did not help, and the user must sign in again rather than renew once more.
const RenewalWindow = time.Minute

// LifetimeOver reports whether a session signed in at signedInAt has lived its longest at now.
func LifetimeOver(signedInAt, now time.Time) bool {
	return now.Sub(signedInAt) >= SessionLifetime
}

// RenewedRecently reports whether a renewal at renewedAt (the zero time for none) lies within RenewalWindow of now.
func RenewedRecently(renewedAt, now time.Time) bool {
	return !renewedAt.IsZero() && now.Sub(renewedAt) < RenewalWindow
}
