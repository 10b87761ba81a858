package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/static"
)

// routes registers every route of the console in one table.
func (s *Server) routes(e *echo.Echo) {
	public := routeTable{e: e}
	public.GET("/static/*", echo.WrapHandler(static.Handler()))
	public.GET("/healthz", s.showHealth)

	public.GET("/signin", s.showSignIn)
	public.POST("/signin", s.signIn)
	public.POST("/signout", s.signOut)

	app := routeTable{e: e, middleware: []echo.MiddlewareFunc{deadline(s.cfg.PageTimeout), noStore, s.requireUser}}
	// Connecting may wait for a new service authorization to take effect, within a longer bound.
	connecting := routeTable{e: e, middleware: []echo.MiddlewareFunc{deadline(s.cfg.PageTimeout + s.cfg.ConnectWait), noStore, s.requireUser}}
	app.GET("/", s.showResourceList)
	app.GET("/instances/:guid", s.showInstance)
	app.GET("/iam/authorizations", s.showAuthorizations)
	app.GET("/iam/authorizations/create", s.showAuthorizationWizard)
	app.POST("/iam/authorizations/create", s.createAuthorization)
	app.GET("/iam/authorizations/:id/remove", s.showAuthorizationRemoval)
	app.POST("/iam/authorizations/:id/remove", s.removeAuthorization)
	app.GET("/instances/:guid/integrations/en", s.showENPanel)
	connecting.POST("/instances/:guid/integrations/en", s.connectEN)
	app.POST("/instances/:guid/integrations/en/refresh", s.refreshEN)
	app.GET("/instances/:guid/integrations/en/disconnect", s.showENDisconnect)
	app.POST("/instances/:guid/integrations/en/disconnect", s.disconnectEN)
	app.GET("/instances/:guid/delete", s.showInstanceDelete)
	app.POST("/instances/:guid/delete", s.deleteInstance)
	app.GET("/instances/:guid/deleted", s.showInstanceDeleted)
	app.GET("/kms/:guid", s.showKMSInstance)
	app.GET("/kms/:guid/keys/:keyID", s.showKMSKey)
	app.POST("/kms/:guid/keys/:keyID/sync", s.syncKMSKey)
	app.GET("/instances/:guid/integrations", s.showIntegrations)
	app.GET("/instances/:guid/integrations/kms", s.showKMSPanel)
	connecting.POST("/instances/:guid/integrations/kms", s.connectKMS)
	app.POST("/instances/:guid/integrations/kms/refresh", s.refreshKMS)
	app.POST("/instances/:guid/integrations/kms/instances", s.createKMSInstance)
	app.POST("/instances/:guid/integrations/kms/keys", s.createKMSRootKey)
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
