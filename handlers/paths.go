package handlers

import (
	"net/url"
	"strings"
)

// The console's routes: each pattern is registered once (routes.go) and filled by the one path builder below it.
const (
	routeStatic              = "/static/*"
	routeHealth              = "/healthz"
	routeReady               = "/readyz"
	routeSignIn              = "/signin"
	routeSignOut             = "/signout"
	routeResourceList        = "/"
	routeInstance            = "/instances/:guid"
	routeAuthorizations      = "/iam/authorizations"
	routeAuthorizationCreate = "/iam/authorizations/create"
	routeAuthorizationRemove = "/iam/authorizations/:id/remove"
	routeInstanceDelete      = "/instances/:guid/delete"
	routeInstanceDeleted     = "/instances/:guid/deleted"
	routeKMSInstance         = "/kms/:guid"
	routeKMSKey              = "/kms/:guid/keys/:keyID"
	routeKMSKeySync          = "/kms/:guid/keys/:keyID/sync"
	routeIntegrations        = "/instances/:guid/integrations"
	routeENPanel             = "/instances/:guid/integrations/en"
	routeENRefresh           = "/instances/:guid/integrations/en/refresh"
	routeENDisconnect        = "/instances/:guid/integrations/en/disconnect"
	routeKMSPanel            = "/instances/:guid/integrations/kms"
	routeKMSRefresh          = "/instances/:guid/integrations/kms/refresh"
	routeKMSInstanceCreate   = "/instances/:guid/integrations/kms/instances"
	routeKMSRootKeyCreate    = "/instances/:guid/integrations/kms/keys"
)

// fill returns pattern with its parameters (":name" segments) replaced, in order, by the path-escaped values.
func fill(pattern string, values ...string) string {
	segments := strings.Split(pattern, "/")
	for i, s := range segments {
		if strings.HasPrefix(s, ":") && len(values) > 0 {
			segments[i], values = url.PathEscape(values[0]), values[1:]
		}
	}
	return strings.Join(segments, "/")
}

func authorizationRemoveURL(id string) string    { return fill(routeAuthorizationRemove, id) }
func appInstanceURL(guid string) string          { return fill(routeInstance, guid) }
func instanceDeleteURL(guid string) string       { return fill(routeInstanceDelete, guid) }
func instanceDeletedURL(guid string) string      { return fill(routeInstanceDeleted, guid) }
func kmsInstanceURL(guid string) string          { return fill(routeKMSInstance, guid) }
func kmsKeyURL(kmsGUID, keyID string) string     { return fill(routeKMSKey, kmsGUID, keyID) }
func kmsKeySyncURL(kmsGUID, keyID string) string { return fill(routeKMSKeySync, kmsGUID, keyID) }
func integrationsURL(guid string) string         { return fill(routeIntegrations, guid) }
func enPanelURL(guid string) string              { return fill(routeENPanel, guid) }
func enRefreshURL(guid string) string            { return fill(routeENRefresh, guid) }
func enDisconnectURL(guid string) string         { return fill(routeENDisconnect, guid) }
func kmsPanelURL(guid string) string             { return fill(routeKMSPanel, guid) }
func kmsRefreshURL(guid string) string           { return fill(routeKMSRefresh, guid) }
func kmsInstanceCreateURL(guid string) string    { return fill(routeKMSInstanceCreate, guid) }
func kmsRootKeyCreateURL(guid string) string     { return fill(routeKMSRootKeyCreate, guid) }
