package handlers

import (
	"cmp"
	"net/url"

	"github.com/labstack/echo/v4"

	"appconfig-console/routes"
	"appconfig-console/services/crn"
	"appconfig-console/services/resources"
)

// instanceID returns the instance the address names in its :instance segment, a GUID or a CRN (crn.InstanceGUID tells
// whether it is either), "" when it is not escaped properly. Echo matches a path with escapes on its raw form and cuts
// the parameter from it, so a CRN's %2F stays in its segment, and the value is unescaped here.
func instanceID(c echo.Context) string {
	id, err := url.PathUnescape(c.Param("instance"))
	if err != nil {
		return ""
	}
	return id
}

// isInstanceID reports whether id names an instance by GUID or CRN.
func isInstanceID(id string) bool {
	_, ok := crn.InstanceGUID(id)
	return ok
}

// instanceAddress is how the console's links name an instance: by its CRN, as IBM Cloud's console does, which tells
// where the instance is before Resource Controller answers; by its GUID when the CRN is not known.
func instanceAddress(inst resources.Instance) string { return cmp.Or(inst.CRN, inst.GUID) }

// The path builders of the routes handlers link to, each reversing its route's name.

func resourceListURL() string                 { return routes.Path(routes.ResourceList) }
func signInURL() string                       { return routes.Path(routes.SignInPage) }
func authorizationsURL() string               { return routes.Path(routes.Authorizations) }
func authorizationCreateURL() string          { return routes.Path(routes.AuthorizationCreate) }
func authorizationRemoveURL(id string) string { return routes.Path(routes.AuthorizationRemove, id) }
func appInstanceURL(guid string) string       { return routes.Path(routes.Instance, guid) }
func instanceDeleteURL(guid string) string    { return routes.Path(routes.InstanceDelete, guid) }
func instanceDeletedURL(guid string) string   { return routes.Path(routes.InstanceDeleted, guid) }
func kmsInstanceURL(guid string) string       { return routes.Path(routes.KMSInstance, guid) }
func kmsKeyURL(kmsGUID, keyID string) string  { return routes.Path(routes.KMSKey, kmsGUID, keyID) }
func kmsKeySyncURL(kmsGUID, keyID string) string {
	return routes.Path(routes.KMSKeySync, kmsGUID, keyID)
}
func integrationsURL(guid string) string      { return routes.Path(routes.Integrations, guid) }
func enPanelURL(guid string) string           { return routes.Path(routes.ENPanel, guid) }
func enRefreshURL(guid string) string         { return routes.Path(routes.ENRefresh, guid) }
func enDisconnectURL(guid string) string      { return routes.Path(routes.ENDisconnect, guid) }
func kmsPanelURL(guid string) string          { return routes.Path(routes.KMSPanel, guid) }
func kmsRefreshURL(guid string) string        { return routes.Path(routes.KMSRefresh, guid) }
func kmsInstanceCreateURL(guid string) string { return routes.Path(routes.KMSInstanceCreate, guid) }
func kmsRootKeyCreateURL(guid string) string  { return routes.Path(routes.KMSRootKeyCreate, guid) }
