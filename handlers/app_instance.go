package handlers

import (
	"context"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/crn"
	"appconfig-console/services/resources"
	"appconfig-console/views/layout"
)

// integrationsRead is one request's read of an App Configuration instance's integrations.
type integrationsRead struct {
	once sync.Once
	list []appconfig.Integration
	err  error
}

// integrationsOf reads the App Configuration instance's integrations once per request: a panel shown over the
// Integrations page reads them for both.
func (s *Server) integrationsOf(ctx context.Context, c echo.Context, ac resources.Instance) ([]appconfig.Integration, error) {
	key := "integrations:" + ac.GUID
	s.requestMemo.Lock()
	read, ok := c.Get(key).(*integrationsRead)
	if !ok {
		read = &integrationsRead{}
		c.Set(key, read)
	}
	s.requestMemo.Unlock()
	read.once.Do(func() {
		read.list, read.err = s.services.Integrations.ListIntegrations(ctx, currentUser(c).Token, appconfig.InstanceOf(ac))
	})
	return read.list, read.err
}

// appConfigInstance reads the App Configuration instance named by guid, remembered briefly per user; anything else is not found.
func (s *Server) appConfigInstance(ctx context.Context, c echo.Context, guid string) (resources.Instance, error) {
	if !crn.IsGUID(guid) {
		return resources.Instance{}, echo.NewHTTPError(http.StatusNotFound)
	}
	user := currentUser(c)
	ac, err := s.services.Instances.Instance(ctx, user.Identity.IAMID, user.Token, guid)
	if err != nil {
		return resources.Instance{}, err
	}
	if ac.Service != resources.ServiceAppConfig {
		return resources.Instance{}, echo.NewHTTPError(http.StatusNotFound)
	}
	return ac, nil
}

// instanceFrame is the page frame of an App Configuration instance, with Integrations selected and Actions... > Delete.
func instanceFrame(shell layout.ShellProps, inst resources.Instance) layout.InstancePageProps {
	return layout.InstancePageProps{
		Shell: shell, GUID: inst.GUID, Name: inst.Name, State: inst.State, Plan: planLabel(inst), Region: inst.Region,
		Current: "integrations", DeleteURL: instanceDeleteURL(inst.GUID),
	}
}
