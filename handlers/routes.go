package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/static"
)

// routes registers every route of the console in one table.
func (s *Server) routes(e *echo.Echo) {
	public := routeTable{e: e}
	public.GET(routeStatic, echo.WrapHandler(static.Handler()))
	public.GET(routeHealth, s.showHealth)
	public.GET(routeReady, s.showReadiness)

	signIn := routeTable{e: e, middleware: []echo.MiddlewareFunc{s.requireSessionStore}}
	signIn.GET(routeSignIn, s.showSignIn)
	signIn.POST(routeSignIn, s.signIn)
	public.POST(routeSignOut, s.signOut)

	app := routeTable{e: e, middleware: []echo.MiddlewareFunc{deadline(s.cfg.PageTimeout), noStore, s.requireUser}}
	// Connecting may wait for a new service authorization to take effect, within a longer bound.
	connecting := routeTable{e: e, middleware: []echo.MiddlewareFunc{deadline(s.cfg.PageTimeout + s.cfg.ConnectWait), noStore, s.requireUser}}
	app.GET(routeResourceList, s.showResourceList)
	app.GET(routeInstance, s.showInstance)
	app.GET(routeAuthorizations, s.showAuthorizations)
	app.GET(routeAuthorizationCreate, s.showAuthorizationWizard)
	app.POST(routeAuthorizationCreate, s.createAuthorization)
	app.GET(routeAuthorizationRemove, s.showAuthorizationRemoval)
	app.POST(routeAuthorizationRemove, s.removeAuthorization)
	app.GET(routeENPanel, s.showENPanel)
	connecting.POST(routeENPanel, s.connectEN)
	app.POST(routeENRefresh, s.refreshEN)
	app.GET(routeENDisconnect, s.showENDisconnect)
	app.POST(routeENDisconnect, s.disconnectEN)
	app.GET(routeInstanceDelete, s.showInstanceDelete)
	app.POST(routeInstanceDelete, s.deleteInstance)
	app.GET(routeInstanceDeleted, s.showInstanceDeleted)
	app.GET(routeKMSInstance, s.showKMSInstance)
	app.GET(routeKMSKey, s.showKMSKey)
	app.POST(routeKMSKeySync, s.syncKMSKey)
	app.GET(routeIntegrations, s.showIntegrations)
	app.GET(routeKMSPanel, s.showKMSPanel)
	connecting.POST(routeKMSPanel, s.connectKMS)
	app.POST(routeKMSRefresh, s.refreshKMS)
	app.POST(routeKMSInstanceCreate, s.createKMSInstance)
	app.POST(routeKMSRootKeyCreate, s.createKMSRootKey)
}

// routeTable registers routes with the middleware they share. Unlike an Echo group, it adds no catch-all route, so the
// router itself answers an unknown path with 404, a known path with the wrong method with 405 and its Allow header, and
// OPTIONS with 204 and Allow.
type routeTable struct {
	e          *echo.Echo
	middleware []echo.MiddlewareFunc
}

// GET registers a page that answers GET and HEAD (a HEAD is served by the GET handler; net/http drops its body).
func (t routeTable) GET(path string, h echo.HandlerFunc) {
	t.e.Match([]string{http.MethodGet, http.MethodHead}, path, h, t.middleware...)
}

// POST registers a form action.
func (t routeTable) POST(path string, h echo.HandlerFunc) {
	t.e.POST(path, h, t.middleware...)
}
