package handlers

import (
	"github.com/labstack/echo/v4"

	"appconfig-console/static"
)

// routes registers every route of the console in one table.
func (s *Server) routes(e *echo.Echo) {
	e.GET("/static/*", echo.WrapHandler(static.Handler()))
	e.GET("/healthz", s.showHealth)

	e.GET("/signin", s.showSignIn)
	e.POST("/signin", s.signIn)
	e.POST("/signout", s.signOut)

	app := e.Group("", s.requireUser)
	app.GET("/", s.showResourceList)
	app.GET("/instances/:guid", s.showInstance)
	app.GET("/iam/authorizations", s.showAuthorizations)
	app.GET("/iam/authorizations/create", s.showAuthorizationWizard)
	app.POST("/iam/authorizations/create", s.createAuthorization)
	app.GET("/iam/authorizations/:id/remove", s.showAuthorizationRemoval)
	app.POST("/iam/authorizations/:id/remove", s.removeAuthorization)
	app.GET("/instances/:guid/integrations/en", s.showENPanel)
	app.POST("/instances/:guid/integrations/en", s.connectEN)
	app.GET("/instances/:guid/integrations/en/refresh", s.refreshEN)
	app.GET("/instances/:guid/integrations/en/disconnect", s.showENDisconnect)
	app.POST("/instances/:guid/integrations/en/disconnect", s.disconnectEN)
	app.GET("/instances/:guid/delete", s.showInstanceDelete)
	app.POST("/instances/:guid/delete", s.deleteInstance)
	app.GET("/instances/:guid/deleted", s.showInstanceDeleted)
	app.GET("/kms/:guid", s.showKMSInstance)
	app.GET("/kms/:guid/keys/:keyID", s.showKMSKey)
	app.GET("/kms/:guid/keys/:keyID/registrations/delete", s.showRegistrationDelete)
	app.POST("/kms/:guid/keys/:keyID/registrations/delete", s.deleteRegistration)
	app.GET("/instances/:guid/integrations", s.showIntegrations)
	app.GET("/instances/:guid/integrations/kms", s.showKMSPanel)
	app.POST("/instances/:guid/integrations/kms", s.connectKMS)
	app.POST("/instances/:guid/integrations/kms/refresh", s.refreshKMS)
	app.POST("/instances/:guid/integrations/kms/instances", s.createKMSInstance)
	app.POST("/instances/:guid/integrations/kms/keys", s.createKMSRootKey)
}
