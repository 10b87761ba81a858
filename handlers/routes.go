package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/routes"
	"appconfig-console/services/crn"
	"appconfig-console/static"
)

// routes registers every named route of the console (package routes holds their methods and patterns) with its
// handler and the middleware it shares.
func (s *Server) routes(e *echo.Echo) {
	public := routeTable{e: e}
	// Signing in needs the session store: while it does not answer, the sign-in pages say so instead of asking IAM.
	signIn := routeTable{e: e, middleware: []echo.MiddlewareFunc{s.requireSessionStore}}
	app := routeTable{e: e, middleware: []echo.MiddlewareFunc{deadline(s.cfg.PageTimeout), revalidate, s.requireUser}}
	// Connecting may wait for a new service authorization to take effect, within a longer bound.
	connecting := routeTable{e: e, middleware: []echo.MiddlewareFunc{deadline(s.cfg.PageTimeout + s.cfg.ConnectWait), revalidate, s.requireUser}}
	for _, r := range []struct {
		table   routeTable
		name    string
		handler echo.HandlerFunc
	}{
		{public, routes.Static, echo.WrapHandler(static.Handler())},
		{public, routes.Health, s.showHealth},
		{public, routes.Ready, s.showReadiness},
		{signIn, routes.SignInPage, s.showSignIn},
		{signIn, routes.SignIn, s.signIn},
		{public, routes.SignOut, s.signOut},
		{app, routes.ResourceList, s.showResourceList},
		{app, routes.Instance, s.showInstance},
		{app, routes.Authorizations, s.showAuthorizations},
		{app, routes.AuthorizationWizard, s.showAuthorizationWizard},
		{app, routes.AuthorizationCreate, s.createAuthorization},
		{app, routes.AuthorizationRemoval, s.showAuthorizationRemoval},
		{app, routes.AuthorizationRemove, s.removeAuthorization},
		{app, routes.ENPanel, s.showENPanel},
		{connecting, routes.ENConnect, s.connectEN},
		{app, routes.ENRefresh, s.refreshEN},
		{app, routes.ENDisconnectConfirm, s.showENDisconnect},
		{app, routes.ENDisconnect, s.disconnectEN},
		{app, routes.InstanceDeleteConfirm, s.showInstanceDelete},
		{app, routes.InstanceDelete, s.deleteInstance},
		{app, routes.InstanceDeleted, s.showInstanceDeleted},
		{app, routes.KMSInstance, s.showKMSInstance},
		{app, routes.KMSKey, s.showKMSKey},
		{app, routes.KMSKeySync, s.syncKMSKey},
		{app, routes.Integrations, s.showIntegrations},
		{app, routes.KMSPanel, s.showKMSPanel},
		{connecting, routes.KMSConnect, s.connectKMS},
		{app, routes.KMSRefresh, s.refreshKMS},
		{app, routes.KMSInstanceCreate, s.createKMSInstance},
		{app, routes.KMSRootKeyCreate, s.createKMSRootKey},
	} {
		r.table.add(r.name, r.handler)
	}
}

// routeTable registers routes with the middleware they share. Unlike an Echo group, it adds no catch-all route, so the
// router itself answers an unknown path with 404, a known path with the wrong method with 405 and its Allow header, and
// OPTIONS with 204 and Allow.
type routeTable struct {
	e          *echo.Echo
	middleware []echo.MiddlewareFunc
}

// add registers the named route under its name; a GET route answers HEAD too (served by the GET handler; net/http
// drops its body). A route whose path names an instance or a key answers 404 before h when it names none.
func (t routeTable) add(name string, h echo.HandlerFunc) {
	r := routes.Get(name)
	if strings.Contains(r.Pattern, ":instance") {
		h = addressed(h, strings.Contains(r.Pattern, ":keyID"))
	}
	methods := []string{r.Method}
	if r.Method == http.MethodGet {
		methods = append(methods, http.MethodHead)
	}
	for _, registered := range t.e.Match(methods, r.Pattern, h, t.middleware...) {
		registered.Name = name
	}
}

// addressed answers 404 to a request whose :instance parameter names no instance (by GUID or CRN), or, with key,
// whose :keyID is no key ID, and passes the rest to h.
func addressed(h echo.HandlerFunc, key bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !isInstanceID(instanceID(c)) || key && !crn.IsGUID(c.Param("keyID")) {
			return echo.NewHTTPError(http.StatusNotFound)
		}
		return h(c)
	}
}
