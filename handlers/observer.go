package handlers

// Observer is told of the events the console counts: each sign-in's outcome and each error of the session store.
type Observer interface {
	SignIn(outcome string)
	SessionStoreError(operation string)
}

// The outcomes of a sign-in, as an Observer hears them.
const (
	SignInSuccess       = "success"
	SignInBadKey        = "bad_key"
	SignInThrottled     = "throttled"
	SignInUpstreamError = "upstream_error"
)

// The session store's operations, as an Observer hears of their errors.
const (
	sessionLoad = "load"
	sessionSave = "save"
)

// unobserved is the Observer of a console that counts nothing.
type unobserved struct{}

// SignIn ignores the outcome.
func (unobserved) SignIn(string) {}

// SessionStoreError ignores the error.
func (unobserved) SessionStoreError(string) {}
