package handlers

import (
	"github.com/labstack/echo/v4"

	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// iamProps returns the Access (IAM) frame's props with Authorizations selected.
func (s *Server) iamProps(c echo.Context, title string, crumb string) layout.IAMPageProps {
	p := layout.IAMPageProps{Shell: s.shell(c, title), Title: title, Current: "authorizations"}
	if crumb != "" {
		p.Breadcrumbs = []components.BreadcrumbItem{{Label: "Authorizations", Href: authorizationsURL()}}
		p.Shell.Title = crumb
	}
	return p
}
