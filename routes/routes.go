// Package routes names every route of the console, with its method and pattern, and builds their paths by name: the
// router registers these patterns, and handlers, views and tests reverse the names, so no path is written twice.
package routes

import (
	"net/http"
	"net/url"
	"strings"
)

// Names of the console's routes.
const (
	Static                = "static"
	Health                = "health"
	Ready                 = "ready"
	SignInPage            = "signin-page"
	SignIn                = "signin"
	SignOut               = "signout"
	ResourceList          = "resource-list"
	Instance              = "instance"
	Authorizations        = "authorizations"
	AuthorizationWizard   = "authorization-wizard"
	AuthorizationCreate   = "authorization-create"
	AuthorizationRemoval  = "authorization-removal"
	AuthorizationRemove   = "authorization-remove"
	Integrations          = "integrations"
	ENPanel               = "en-panel"
	ENConnect             = "en-connect"
	ENRefresh             = "en-refresh"
	ENDisconnectConfirm   = "en-disconnect-confirm"
	ENDisconnect          = "en-disconnect"
	KMSPanel              = "kms-panel"
	KMSConnect            = "kms-connect"
	KMSRefresh            = "kms-refresh"
	KMSInstanceCreate     = "kms-instance-create"
	KMSRootKeyCreate      = "kms-root-key-create"
	InstanceDeleteConfirm = "instance-delete-confirm"
	InstanceDelete        = "instance-delete"
	InstanceDeleted       = "instance-deleted"
	KMSInstance           = "kms-instance"
	KMSKey                = "kms-key"
	KMSKeySync            = "kms-key-sync"
)

// Route is one route: its name, its method (a GET route answers HEAD too) and its pattern, whose ":name" segments are
// parameters.
type Route struct {
	Name    string
	Method  string
	Pattern string
}

// All are the console's routes.
var All = []Route{
	{Static, http.MethodGet, "/static/*"},
	{Health, http.MethodGet, "/healthz"},
	{Ready, http.MethodGet, "/readyz"},
	{SignInPage, http.MethodGet, "/signin"},
	{SignIn, http.MethodPost, "/signin"},
	{SignOut, http.MethodPost, "/signout"},
	{ResourceList, http.MethodGet, "/"},
	{Instance, http.MethodGet, "/instances/:guid"},
	{Authorizations, http.MethodGet, "/iam/authorizations"},
	{AuthorizationWizard, http.MethodGet, "/iam/authorizations/create"},
	{AuthorizationCreate, http.MethodPost, "/iam/authorizations/create"},
	{AuthorizationRemoval, http.MethodGet, "/iam/authorizations/:id/remove"},
	{AuthorizationRemove, http.MethodPost, "/iam/authorizations/:id/remove"},
	{Integrations, http.MethodGet, "/instances/:guid/integrations"},
	{ENPanel, http.MethodGet, "/instances/:guid/integrations/en"},
	{ENConnect, http.MethodPost, "/instances/:guid/integrations/en"},
	{ENRefresh, http.MethodPost, "/instances/:guid/integrations/en/refresh"},
	{ENDisconnectConfirm, http.MethodGet, "/instances/:guid/integrations/en/disconnect"},
	{ENDisconnect, http.MethodPost, "/instances/:guid/integrations/en/disconnect"},
	{KMSPanel, http.MethodGet, "/instances/:guid/integrations/kms"},
	{KMSConnect, http.MethodPost, "/instances/:guid/integrations/kms"},
	{KMSRefresh, http.MethodPost, "/instances/:guid/integrations/kms/refresh"},
	{KMSInstanceCreate, http.MethodPost, "/instances/:guid/integrations/kms/instances"},
	{KMSRootKeyCreate, http.MethodPost, "/instances/:guid/integrations/kms/keys"},
	{InstanceDeleteConfirm, http.MethodGet, "/instances/:guid/delete"},
	{InstanceDelete, http.MethodPost, "/instances/:guid/delete"},
	{InstanceDeleted, http.MethodGet, "/instances/:guid/deleted"},
	{KMSInstance, http.MethodGet, "/kms/:guid"},
	{KMSKey, http.MethodGet, "/kms/:guid/keys/:keyID"},
	{KMSKeySync, http.MethodPost, "/kms/:guid/keys/:keyID/sync"},
}

// Get returns the named route; an unknown name is a programming error and panics.
func Get(name string) Route {
	for _, r := range All {
		if r.Name == name {
			return r
		}
	}
	panic("routes: no route named " + name)
}

// Path returns the path of the named route with its parameters filled, in order, by the path-escaped values.
func Path(name string, values ...string) string {
	segments := strings.Split(Get(name).Pattern, "/")
	for i, s := range segments {
		if strings.HasPrefix(s, ":") && len(values) > 0 {
			segments[i], values = url.PathEscape(values[0]), values[1:]
		}
	}
	return strings.Join(segments, "/")
}

// Under reports whether path is the named route's path for some parameters, or below it.
func Under(path, name string) bool {
	pattern := strings.Split(strings.TrimSuffix(Get(name).Pattern, "/*"), "/")
	segments := strings.Split(path, "/")
	if len(segments) < len(pattern) {
		return false
	}
	for i, p := range pattern {
		if !strings.HasPrefix(p, ":") && p != segments[i] || strings.HasPrefix(p, ":") && segments[i] == "" {
			return false
		}
	}
	return true
}
