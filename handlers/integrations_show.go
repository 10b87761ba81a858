package handlers

import (
	"context"
	"net/http"
	"slices"
	"sync"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/crn"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

func integrationsURL(guid string) string { return "/instances/" + guid + "/integrations" }

func kmsPanelURL(guid string) string { return integrationsURL(guid) + "/kms" }

// showIntegrations renders the Integrations page of an App Configuration instance.
func (s *Server) showIntegrations(c echo.Context) error {
	page, _, err := s.integrationsPage(c, c.Param("guid"))
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.IntegrationsView(page))
}

// integrationsPage loads the App Configuration instance and its integrations and fills both tiles; a panel handler sets
// page.Panel before rendering it.
func (s *Server) integrationsPage(c echo.Context, guid string) (views.IntegrationsPage, resources.Instance, error) {
	user := currentUser(c)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	ac, err := s.appConfigInstance(ctx, c, guid)
	if err != nil {
		return views.IntegrationsPage{}, resources.Instance{}, err
	}
	var (
		wg      sync.WaitGroup
		list    []appconfig.Integration
		listErr error
	)
	wg.Go(func() { list, listErr = s.services.Integrations.ListIntegrations(ctx, user.Token, kms.AppConfigOf(ac)) })
	if ac.IsEnterprise() {
		// The Key Management panel opens on Key Protect instances: read them now, so opening it costs no extra round.
		wg.Go(func() {
			_, _ = s.services.KeyManagement.Instances(ctx, user.Identity.IAMID, user.Token, resources.ServiceKeyProtect)
		})
	}
	wg.Wait()
	page := views.IntegrationsPage{Instance: s.instanceFrame(c, ac)}
	if listErr != nil {
		if ibmcloud.IsKind(listErr, ibmcloud.KindUnauthorized) {
			return page, ac, listErr
		}
		retry := integrationsURL(ac.GUID)
		page.KMS = views.KMSTile{ConnectURL: kmsPanelURL(ac.GUID), PlanAllowed: ac.IsEnterprise(), RetryURL: retry,
			Notice: kmsErrorNotice("kms-tile-error", "The integrations of this instance could not be read", listErr)}
		page.EN = views.ENTile{ConnectURL: enPanelURL(ac.GUID), PlanAllowed: ac.IsEnterprise(), RetryURL: retry,
			Notice: kmsErrorNotice("en-tile-error", "The integrations of this instance could not be read", listErr)}
		return page, ac, nil
	}
	page.KMS = s.kmsTile(ctx, c, ac, list)
	page.EN = s.enTile(ctx, user, ac, list) // EN tile
	return page, ac, nil
}

// appConfigInstance reads the App Configuration instance named by guid, remembered briefly per user; anything else is not found.
func (s *Server) appConfigInstance(ctx context.Context, c echo.Context, guid string) (resources.Instance, error) {
	if !crn.IsGUID(guid) {
		return resources.Instance{}, echo.NewHTTPError(http.StatusNotFound)
	}
	user := currentUser(c)
	ac, err := s.services.KeyManagement.Instance(ctx, user.Identity.IAMID, user.Token, guid)
	if err != nil {
		return resources.Instance{}, err
	}
	if ac.Service != resources.ServiceAppConfig {
		return resources.Instance{}, echo.NewHTTPError(http.StatusNotFound)
	}
	return ac, nil
}

// instanceFrame describes the App Configuration instance's page frame with Integrations selected.
func (s *Server) instanceFrame(c echo.Context, ac resources.Instance) layout.InstancePageProps {
	return layout.InstancePageProps{Shell: s.shell(c, "Integrations - "+ac.Name), GUID: ac.GUID, Name: ac.Name, State: ac.State,
		Plan: ac.PlanName, Region: ac.Region, Current: "integrations", DeleteURL: "/instances/" + ac.GUID + "/delete"}
}

// kmsTile describes the Key Management tile: the empty state, the plan gate, or the connected instance and its root key.
func (s *Server) kmsTile(ctx context.Context, c echo.Context, ac resources.Instance, list []appconfig.Integration) views.KMSTile {
	tile := views.KMSTile{ConnectURL: kmsPanelURL(ac.GUID), PlanAllowed: ac.IsEnterprise()}
	i := slices.IndexFunc(list, func(in appconfig.Integration) bool { return in.Type == appconfig.TypeKMS })
	if i < 0 {
		return tile
	}
	in := list[i]
	user := currentUser(c)
	tile.Connected = true
	tile.RefreshURL = kmsPanelURL(ac.GUID) + "/refresh"
	tile.CSRFToken = csrfToken(c)
	tile.DisconnectURL = kmsPanelURL(ac.GUID) + "/disconnect"
	tile.RootKeyID = in.RootKeyID
	tile.RootKeyName = in.RootKeyID
	tile.KeyStatus = keyStatus(in.KeyStatus)
	if !in.CreatedTime.IsZero() {
		tile.ConnectedAt = in.CreatedTime.UTC().Format("2 Jan 2006, 15:04 UTC")
	}
	parsed, err := crn.Parse(in.KMSInstanceCRN)
	if err != nil {
		tile.Service, tile.InstanceName = "Key management", in.KMSInstanceCRN
		return tile
	}
	tile.Service = resources.ServiceDisplayName(parsed.ServiceName)
	tile.Scheme = in.SchemeType
	if tile.Scheme == "" {
		tile.Scheme = schemeOf(parsed.ServiceName)
	}
	tile.Region, tile.InstanceName = parsed.Location, parsed.ServiceInst
	instances, err := s.services.KeyManagement.Instances(ctx, user.Identity.IAMID, user.Token, parsed.ServiceName)
	if err != nil {
		tile.Notice = kmsErrorNotice("kms-tile-error", "The key management instance could not be read", err)
		return tile
	}
	j := slices.IndexFunc(instances, func(inst resources.Instance) bool { return inst.GUID == parsed.ServiceInst })
	if j < 0 {
		tile.InstanceGone = true
		tile.Notice = &components.InlineNotificationProps{ID: "kms-tile-gone", Kind: components.NotificationWarning,
			Title: "Instance not found", Subtitle: "The connected key management instance no longer exists, or you cannot see it. " +
				"App Configuration cannot use its root key: disconnect it, then connect another key."}
		return tile
	}
	target := instances[j]
	tile.InstanceName, tile.Region, tile.InstanceURL = target.Name, target.Region, "/kms/"+target.GUID
	if name, err := s.rootKeyName(ctx, user, kms.At(target), in.RootKeyID); err == nil {
		tile.RootKeyName = name
	} else if !ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
		tile.Notice = kmsErrorNotice("kms-tile-error", "The root key could not be read", err)
	}
	return tile
}

// rootKeyName finds a key's name in the remembered root key list, or reads the key itself.
func (s *Server) rootKeyName(ctx context.Context, user User, inst kms.Instance, id string) (string, error) {
	keys, err := s.services.KeyManagement.RootKeys(ctx, user.Identity.IAMID, user.Token, inst)
	if err == nil {
		if i := slices.IndexFunc(keys, func(k kms.Key) bool { return k.ID == id }); i >= 0 {
			return keys[i].Name, nil
		}
	}
	key, err := s.services.KeyManagement.Key(ctx, user.Token, inst, id)
	return key.Name, err
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

// schemeOf names the encryption scheme of a key management service: BYOK for Key Protect, KYOK for HPCS.
func schemeOf(service string) string {
	if service == resources.ServiceHPCS {
		return appconfig.SchemeKYOK
	}
	return appconfig.SchemeBYOK
}

// kmsErrorNotice turns a failure into an error notification with what happened and what to do.
func kmsErrorNotice(id, title string, err error) *components.InlineNotificationProps {
	return &components.InlineNotificationProps{ID: id, Kind: components.NotificationError, Title: title, Subtitle: failureText(err)}
}
