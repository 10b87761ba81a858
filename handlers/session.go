package handlers

import (
	"encoding/gob"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/auth"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/views/layout"
)

const (
	sessionName    = "console"
	userContextKey = "user"
	// refreshMargin is how long before expiry a token is renewed.
	refreshMargin = 2 * time.Minute
)

// User is the signed-in user of a request: who they are and the token every upstream call is made with.
type User struct {
	Identity auth.Identity
	Token    ibmcloud.Token
	// SignedInAt is when the user signed in; renewals keep it, and the session ends sessionMaxAge after it.
	SignedInAt time.Time
}

func init() {
	gob.Register(User{})
	gob.Register(layout.Flash{})
}

// currentUser returns the signed-in user placed in the context by requireUser.
func currentUser(c echo.Context) User {
	u, _ := c.Get(userContextKey).(User)
	return u
}
