package handlers

import "appconfig-console/routes"

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
