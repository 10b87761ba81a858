package handlers

import (
	"context"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
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
// Integrations page reads them for both, and a read startIntegrations began is joined.
func (s *Server) integrationsOf(ctx context.Context, c echo.Context, ac resources.Instance) ([]appconfig.Integration, error) {
	read, fetch := s.integrationsRead(ctx, c, ac)
	read.once.Do(fetch)
	return read.list, read.err
}

// startIntegrations begins the request's read of the App Configuration instance's integrations without waiting for it.
func (s *Server) startIntegrations(ctx context.Context, c echo.Context, ac resources.Instance) {
	read, fetch := s.integrationsRead(ctx, c, ac)
	go read.once.Do(fetch)
}

// integrationsRead returns the request's one read of the instance's integrations, and the function that reads them;
// that function does not use c, so it may run after the request ended.
func (s *Server) integrationsRead(ctx context.Context, c echo.Context, ac resources.Instance) (*integrationsRead, func()) {
	key := "integrations:" + ac.GUID
	s.requestMemo.Lock()
	read, ok := c.Get(key).(*integrationsRead)
	if !ok {
		read = &integrationsRead{}
		c.Set(key, read)
	}
	s.requestMemo.Unlock()
	tok, inst := currentUser(c).Token, appconfig.InstanceOf(ac)
	return read, func() { read.list, read.err = s.services.Integrations.ListIntegrations(ctx, tok, inst) }
}

// appConfigInstance reads the App Configuration instance named by id (a GUID or its CRN), remembered briefly per user;
// anything else is not found.
func (s *Server) appConfigInstance(ctx context.Context, c echo.Context, id string) (resources.Instance, error) {
	return s.appConfigInstanceThen(ctx, c, id, nil)
}

// appConfigInstanceWithIntegrations is appConfigInstance that starts reading the instance's integrations as soon as
// its region is known, before its plan is named, for a page that shows them; and, from that place, anticipates the Key
// Management panel the page opens (KMSPanelReader.AnticipatePanel).
func (s *Server) appConfigInstanceWithIntegrations(ctx context.Context, c echo.Context, id string) (resources.Instance, error) {
	return s.appConfigInstanceThen(ctx, c, id, func(place resources.Instance) {
		if place.Service != resources.ServiceAppConfig {
			return
		}
		s.startIntegrations(ctx, c, place)
		user := currentUser(c)
		s.services.KMSPanels.AnticipatePanel(ctx, user.Identity.IAMID, user.Token, place)
	})
}

// appConfigInstanceThen is appConfigInstance calling located as InstanceCache.InstanceLocated does.
func (s *Server) appConfigInstanceThen(ctx context.Context, c echo.Context, id string, located func(resources.Instance)) (resources.Instance, error) {
	if !isInstanceID(id) {
		return resources.Instance{}, echo.NewHTTPError(http.StatusNotFound)
	}
	user := currentUser(c)
	ac, err := s.services.Instances.InstanceLocated(ctx, user.Identity.IAMID, user.Token, id, located)
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
		Shell: shell, GUID: inst.GUID, IntegrationsURL: integrationsURL(instanceAddress(inst)), Name: inst.Name, State: inst.State, Plan: planLabel(inst), Region: inst.Region,
		Current: "integrations", DeleteURL: instanceDeleteURL(instanceAddress(inst)),
	}
}
