package handlers

import (
	"github.com/labstack/echo/v4"

	"appconfig-console/routes"
)

// matchedRoute reports whether the router matched the request to one of the named routes.
func matchedRoute(c echo.Context, names ...string) bool {
	for _, name := range names {
		if c.Path() == routes.Get(name).Pattern {
			return true
		}
	}
	return false
}
