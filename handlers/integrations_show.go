package handlers

import (
	"context"
	"net/http"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/crn"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// showIntegrations renders the Integrations page of an App Configuration instance.
func (s *Server) showIntegrations(c echo.Context) error {
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	ac, err := s.appConfigInstance(ctx, c, c.Param("guid"))
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.IntegrationsView(s.integrationsPage(ctx, c, ac)))
}

// respondOverIntegrations sends overlay (a panel or a confirmation) alone to htmx, always with status 200 as htmx swaps
// only successes, and to a browser the Integrations page with overlay open over it, within the request's one deadline.
func (s *Server) respondOverIntegrations(c echo.Context, status int, ac resources.Instance, overlay templ.Component) error {
	if isFragmentRequest(c) {
		return render(c, http.StatusOK, overlay)
	}
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	page := s.integrationsPage(ctx, c, ac)
	page.Panel = overlay
	return render(c, status, views.IntegrationsView(page))
}

// integrationsPage reads the App Configuration instance's integrations and fills both tiles; respondOverIntegrations
// sets page.Panel before rendering it.
func (s *Server) integrationsPage(ctx context.Context, c echo.Context, ac resources.Instance) views.IntegrationsPage {
	user := currentUser(c)
	var (
		wg      sync.WaitGroup
		list    []appconfig.Integration
		listErr error
	)
	wg.Go(func() { list, listErr = s.integrationsOf(ctx, c, ac) })
	if ac.IsEnterprise() {
		// The Key Management panel opens on Key Protect instances: read them now, so opening it costs no extra round.
		wg.Go(func() {
			_, _ = s.services.Instances.Instances(ctx, user.Identity.IAMID, user.Token, resources.ServiceKeyProtect)
		})
	}
	wg.Wait()
	page := views.IntegrationsPage{Instance: instanceFrame(s.shell(c, "Integrations - "+ac.Name), ac)}
	if listErr != nil {
		retry := integrationsURL(ac.GUID)
		page.KMS = views.KMSTile{ConnectURL: kmsPanelURL(ac.GUID), PlanAllowed: ac.IsEnterprise(), RetryURL: retry,
			Notice: errorNotice(c, "kms-tile-error", "The integrations of this instance could not be read", listErr)}
		page.EN = views.ENTile{ConnectURL: enPanelURL(ac.GUID), PlanAllowed: ac.IsEnterprise(), RetryURL: retry,
			Notice: errorNotice(c, "en-tile-error", "The integrations of this instance could not be read", listErr)}
		return page
	}
	page.KMS = s.kmsTile(ctx, c, ac, list)
	page.EN = s.enTile(ctx, c, user, ac, list)
	return page
}

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

// kmsTile describes the Key Management tile: the empty state, the plan gate, or the connected instance and its root key.
func (s *Server) kmsTile(ctx context.Context, c echo.Context, ac resources.Instance, list []appconfig.Integration) views.KMSTile {
	tile := views.KMSTile{ConnectURL: kmsPanelURL(ac.GUID), PlanAllowed: ac.IsEnterprise()}
	user := currentUser(c)
	conn := s.services.KMSPanels.Connection(ctx, user.Identity.IAMID, user.Token, list)
	if conn == nil {
		return tile
	}
	in := conn.Integration
	tile.Connected = true
	tile.RefreshURL = kmsRefreshURL(ac.GUID)
	tile.CSRFToken = csrfToken(c)
	tile.DeleteInstanceURL = instanceDeleteURL(ac.GUID)
	tile.RootKeyID, tile.RootKeyName = in.RootKeyID, conn.RootKeyName
	tile.KeyStatus = keyStatus(in.KeyStatus)
	if !in.CreatedTime.IsZero() {
		tile.ConnectedAt = in.CreatedTime.UTC().Format("2006-01-02 15:04 UTC")
	}
	if conn.CRNUnreadable {
		tile.Service, tile.InstanceName = "Key management", in.KMSInstanceCRN
		return tile
	}
	tile.Service, tile.Scheme = resources.ServiceDisplayName(conn.Service), conn.Scheme
	tile.Region, tile.InstanceName = conn.Region, conn.InstanceGUID
	switch {
	case conn.InstanceErr != nil:
		tile.Notice = errorNotice(c, "kms-tile-error", "The key management instance could not be read", conn.InstanceErr)
	case conn.InstanceGone:
		tile.InstanceGone = true
		tile.Notice = &components.InlineNotificationProps{ID: "kms-tile-gone", Kind: components.NotificationWarning,
			Title: "Instance not found", Subtitle: "The connected key management instance no longer exists, or you cannot see it. " +
				"App Configuration cannot use its root key: disconnect it, then connect another key."}
	default:
		tile.InstanceName, tile.Region, tile.InstanceURL = conn.Instance.Name, conn.Instance.Region, kmsInstanceURL(conn.Instance.GUID)
		if conn.KeyErr != nil {
			tile.Notice = errorNotice(c, "kms-tile-error", "The root key could not be read", conn.KeyErr)
		}
	}
	return tile
}

// keyStatus shows an integration's key status: usable, disabled or deleted.
func keyStatus(status string) components.StatusIndicatorProps {
	switch status {
	case appconfig.KeyUsable:
		return components.StatusIndicatorProps{Status: components.StatusActive, Label: "Usable"}
	case appconfig.KeyDisabled:
		return components.StatusIndicatorProps{Status: components.StatusWarning, Label: "Disabled"}
	case appconfig.KeyDeleted:
		return components.StatusIndicatorProps{Status: components.StatusError, Label: "Deleted"}
	}
	return components.StatusIndicatorProps{Status: components.StatusNeutral, Label: "Unknown"}
}
