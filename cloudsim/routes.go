package cloudsim

import "net/http"

// apiHandler handles an API request for user u (nil when the route takes no token); a returned *apiError is written
// in the API's format.
type apiHandler func(w http.ResponseWriter, r *http.Request, u *user) error

// tokenUse is how a route treats the request's access token.
type tokenUse int

const (
	// tokenRequired needs a valid access token; writes (any method but GET and HEAD) also need write access.
	tokenRequired tokenUse = iota
	// tokenOptional answers without a token, as tokenRequired does with one: a request that sends an Authorization
	// header is authenticated, and refused when its token is not valid.
	tokenOptional
	// tokenIgnored reads no access token (the IAM token endpoints, whose Authorization header carries client credentials).
	tokenIgnored
)

// route is one endpoint of an API.
type route struct {
	api     string
	token   tokenUse
	pattern string
	handler apiHandler
}

// apiRoutes lists the endpoints of every emulated API.
func (s *Server) apiRoutes() []route {
	const integrations = "/apprapp/feature/v1/instances/{guid}/integrations"
	return []route{
		// IAM token endpoints of go-sdk-core (/identity/token) and of the kp client (/oidc/token).
		{apiIAM, tokenIgnored, "POST /identity/token", s.handleToken},
		{apiIAM, tokenIgnored, "POST /oidc/token", s.handleToken},

		// Resource Controller v2 instances.
		{apiResourceController, tokenRequired, "GET /v2/resource_instances", s.listInstances},
		{apiResourceController, tokenRequired, "POST /v2/resource_instances", s.createInstance},
		{apiResourceController, tokenRequired, "GET /v2/resource_instances/{id}", s.getInstance},
		{apiResourceController, tokenRequired, "DELETE /v2/resource_instances/{id}", s.deleteInstance},

		// Resource Manager v2 resource groups.
		{apiResourceManager, tokenRequired, "GET /v2/resource_groups", s.listResourceGroups},
		{apiResourceManager, tokenRequired, "GET /v2/resource_groups/{id}", s.getResourceGroup},

		// Global Catalog v1 reads under /api/v1. They serve the public catalog without a token:
		// ibm-cloud-docs/billing-usage getting-pricing-api.md lists the services with
		// `curl https://globalcatalog.cloud.ibm.com/api/v1?q=kind:service` and a service's plans with
		// `/api/v1/{id}/plan`, sending no Authorization header. A token that is sent must still be valid (*unconfirmed*:
		// that IBM refuses a bad token on a public read rather than ignoring it; cloudsim answers IAM's 401 as on every
		// other API). Every entry cloudsim's catalog holds is public (*unconfirmed* for IBM: private entries, visible
		// only to accounts they are shared with, are not modelled).
		{apiGlobalCatalog, tokenOptional, "GET /api/v1", s.listCatalogEntries},
		{apiGlobalCatalog, tokenOptional, "GET /api/v1/{$}", s.listCatalogEntries},
		{apiGlobalCatalog, tokenOptional, "GET /api/v1/{id}", s.getCatalogEntry},
		{apiGlobalCatalog, tokenOptional, "GET /api/v1/{id}/{kind}", s.getCatalogChildren},

		// IAM Policy Management v1 policies and v2 roles.
		{apiIAMPolicy, tokenRequired, "GET /v1/policies", s.listPolicies},
		{apiIAMPolicy, tokenRequired, "POST /v1/policies", s.createPolicy},
		{apiIAMPolicy, tokenRequired, "GET /v1/policies/{id}", s.getPolicy},
		{apiIAMPolicy, tokenRequired, "DELETE /v1/policies/{id}", s.deletePolicy},
		{apiIAMPolicy, tokenRequired, "GET /v2/roles", s.listRoles},

		// Key Protect / HPCS key management under /api/v2; the instance is the Bluemix-Instance header.
		{apiKMS, tokenRequired, "GET /api/v2/keys", s.listKeys},
		{apiKMS, tokenRequired, "POST /api/v2/keys", s.createKey},
		{apiKMS, tokenRequired, "POST /api/v2/keys_with_policy_overrides", s.createKey},
		{apiKMS, tokenRequired, "GET /api/v2/keys/{id}", s.getKey},
		{apiKMS, tokenRequired, "GET /api/v2/keys/{id}/metadata", s.getKey},
		{apiKMS, tokenRequired, "DELETE /api/v2/keys/{id}", s.deleteKey},
		{apiKMS, tokenRequired, "POST /api/v2/keys/{id}/actions/{action}", s.keyAction},
		{apiKMS, tokenRequired, "GET /api/v2/keys/registrations", s.listRegistrations},
		{apiKMS, tokenRequired, "GET /api/v2/keys/{id}/registrations", s.listRegistrations},
		{apiKMS, tokenRequired, "POST /api/v2/keys/{id}/registrations/{crn...}", s.refuseRegistrationWrite},
		{apiKMS, tokenRequired, "PUT /api/v2/keys/{id}/registrations/{crn...}", s.refuseRegistrationWrite},
		{apiKMS, tokenRequired, "PATCH /api/v2/keys/{id}/registrations/{crn...}", s.refuseRegistrationWrite},
		{apiKMS, tokenRequired, "DELETE /api/v2/keys/{id}/registrations/{crn...}", s.refuseRegistrationWrite},
		{apiKMS, tokenRequired, "GET /api/v2/key_rings", s.listKeyRings},

		// App Configuration integrations.
		{apiAppConfig, tokenRequired, "GET " + integrations, s.listIntegrations},
		{apiAppConfig, tokenRequired, "POST " + integrations, s.createIntegration},
		{apiAppConfig, tokenRequired, "GET " + integrations + "/{id}", s.getIntegration},
		{apiAppConfig, tokenRequired, "DELETE " + integrations + "/{id}", s.deleteIntegration},
	}
}

// routes builds the router.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.apiRoutes() {
		s.handle(mux, rt)
	}
	s.adminRoutes(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "cloudsim: no API at " + r.URL.Path, "status_code": http.StatusNotFound})
	})
	return s.logRequests(mux)
}

// handle registers rt with the faults of its API, checking the token as rt.token says.
func (s *Server) handle(mux *http.ServeMux, rt route) {
	mux.HandleFunc(rt.pattern, func(w http.ResponseWriter, r *http.Request) {
		if s.injectFault(w, r, rt.api) {
			return
		}
		var u *user
		if rt.token == tokenRequired || rt.token == tokenOptional && r.Header.Get("Authorization") != "" {
			var err error
			if u, err = s.authenticate(r); err != nil {
				s.finish(w, r, rt.api, err)
				return
			}
			if rt.token == tokenRequired && r.Method != http.MethodGet && r.Method != http.MethodHead && !u.canWrite() {
				s.finish(w, r, rt.api, roleRefusal(rt.api))
				return
			}
		}
		s.finish(w, r, rt.api, rt.handler(w, r, u))
	})
}
