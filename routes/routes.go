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
	{Instance, http.MethodGet, "/instances/:instance"},
	{Authorizations, http.MethodGet, "/iam/authorizations"},
	{AuthorizationWizard, http.MethodGet, "/iam/authorizations/create"},
	{AuthorizationCreate, http.MethodPost, "/iam/authorizations/create"},
	{AuthorizationRemoval, http.MethodGet, "/iam/authorizations/:id/remove"},
	{AuthorizationRemove, http.MethodPost, "/iam/authorizations/:id/remove"},
	{Integrations, http.MethodGet, "/instances/:instance/integrations"},
	{ENPanel, http.MethodGet, "/instances/:instance/integrations/en"},
	{ENConnect, http.MethodPost, "/instances/:instance/integrations/en"},
	{ENRefresh, http.MethodPost, "/instances/:instance/integrations/en/refresh"},
	{ENDisconnectConfirm, http.MethodGet, "/instances/:instance/integrations/en/disconnect"},
	{ENDisconnect, http.MethodPost, "/instances/:instance/integrations/en/disconnect"},
	{KMSPanel, http.MethodGet, "/instances/:instance/integrations/kms"},
	{KMSConnect, http.MethodPost, "/instances/:instance/integrations/kms"},
	{KMSRefresh, http.MethodPost, "/instances/:instance/integrations/kms/refresh"},
	{KMSInstanceCreate, http.MethodPost, "/instances/:instance/integrations/kms/instances"},
	{KMSRootKeyCreate, http.MethodPost, "/instances/:instance/integrations/kms/keys"},
	{InstanceDeleteConfirm, http.MethodGet, "/instances/:instance/delete"},
	{InstanceDelete, http.MethodPost, "/instances/:instance/delete"},
	{InstanceDeleted, http.MethodGet, "/instances/:instance/deleted"},
	{KMSInstance, http.MethodGet, "/kms/:instance"},
	{KMSKey, http.MethodGet, "/kms/:instance/keys/:keyID"},
	{KMSKeySync, http.MethodPost, "/kms/:instance/keys/:keyID/sync"},
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

// Path returns the path of the named route with its parameters filled, in order, by the path-escaped values; a colon
// is escaped too, as IBM Cloud's console writes an instance's CRN in its addresses
// (/services/apprapp/crn%3Av1%3Abluemix%3Apublic%3Aapprapp%3Aus-south%3Aa%2F...%3A...%3A%3A).
func Path(name string, values ...string) string {
	segments := strings.Split(Get(name).Pattern, "/")
	for i, s := range segments {
		if strings.HasPrefix(s, ":") && len(values) > 0 {
			segments[i], values = strings.ReplaceAll(url.PathEscape(values[0]), ":", "%3A"), values[1:]
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
