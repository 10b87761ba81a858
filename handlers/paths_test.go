package handlers

import (
	"strings"
	"testing"
)

func TestPathBuildersFillTheirRoutes(t *testing.T) {
	t.Parallel()
	const guid, key = "3f7a9c2e-1b4d-4e8f-a6c5-0d9e8f7a6b51", "e5a7c9d1-3f4b-4d6e-8a0c-2b4d6f8a0c27"
	tests := []struct {
		route, path string
	}{
		{routeAuthorizationRemove, authorizationRemoveURL("ab/c d")},
		{routeInstance, appInstanceURL(guid)},
		{routeInstanceDelete, instanceDeleteURL(guid)},
		{routeInstanceDeleted, instanceDeletedURL(guid)},
		{routeKMSInstance, kmsInstanceURL(guid)},
		{routeKMSKey, kmsKeyURL(guid, key)},
		{routeKMSKeySync, kmsKeySyncURL(guid, key)},
		{routeIntegrations, integrationsURL(guid)},
		{routeENPanel, enPanelURL(guid)},
		{routeENRefresh, enRefreshURL(guid)},
		{routeENDisconnect, enDisconnectURL(guid)},
		{routeKMSPanel, kmsPanelURL(guid)},
		{routeKMSRefresh, kmsRefreshURL(guid)},
		{routeKMSInstanceCreate, kmsInstanceCreateURL(guid)},
		{routeKMSRootKeyCreate, kmsRootKeyCreateURL(guid)},
	}
	for _, tt := range tests {
		route, path := strings.Split(tt.route, "/"), strings.Split(tt.path, "/")
		if len(route) != len(path) {
			t.Errorf("%s built %s", tt.route, tt.path)
			continue
		}
		for i := range route {
			param := strings.HasPrefix(route[i], ":")
			if param && (path[i] == "" || strings.ContainsAny(path[i], " /:")) || !param && route[i] != path[i] {
				t.Errorf("%s built %s", tt.route, tt.path)
			}
		}
	}
	if got := authorizationRemoveURL("ab/c d"); got != "/iam/authorizations/ab%2Fc%20d/remove" {
		t.Errorf("an ID is not escaped: %s", got)
	}
}
