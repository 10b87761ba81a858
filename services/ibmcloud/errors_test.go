package ibmcloud_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"

	"appconfig-console/cloudsim"
	"appconfig-console/services/auth"
	"appconfig-console/services/ibmcloud"
)

// A 401 from Key Protect, Hyper Protect Crypto Services or App Configuration is a missing role (they answer 401 where
// the platform APIs answer 403); a 401 from the platform APIs is a refused token.
func TestClassifyTellsMissingRolesFromRefusedTokens(t *testing.T) {
	u := startUpstream(t, "")
	conn := ibmcloud.NewConnector(ibmcloud.SimEndpoints(u.URL), testLimits)
	ctx := context.Background()
	viewer, err := auth.NewService(u.sim.URL, http.DefaultClient, time.Now).SignIn(cloudsim.DemoViewerAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	viewerKP, _ := conn.KeyManagement(viewer.Token, "kms", u.URL, cloudsim.KeyProtectUSSouthGUID)
	viewerAC, _ := conn.AppConfig(viewer.Token, "eu-de", cloudsim.AppConfigEUGUID)
	badRC, _ := conn.ResourceController(ibmcloud.Token{AccessToken: "not-a-token"})
	kpWrite := func() error { _, err := viewerKP.CreateRootKey(ctx, "viewer-key", nil); return err }

	tests := []struct {
		name, service string
		err           func() error
		wantKind      ibmcloud.Kind
	}{
		{"Key Protect key create", "Key Protect", kpWrite, ibmcloud.KindForbidden},
		{"Hyper Protect Crypto Services key create", "Hyper Protect Crypto Services", kpWrite, ibmcloud.KindForbidden},
		{"App Configuration integration delete", "App Configuration", func() error {
			b := core.NewRequestBuilder(core.DELETE)
			if _, err := b.ResolveRequestURL(viewerAC.Options.URL, "/integrations/"+cloudsim.EUKMSIntegrationID, nil); err != nil {
				return err
			}
			return ibmcloud.Do("App Configuration", viewerAC, b, nil)
		}, ibmcloud.KindForbidden},
		{"Resource Controller with a refused token", "Resource Controller", func() error { return listInstances(ctx, badRC) }, ibmcloud.KindUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ibmcloud.Classify(tt.service, tt.err())
			if e == nil || e.Kind != tt.wantKind || e.Status != http.StatusUnauthorized || e.Service != tt.service {
				t.Fatalf("Classify = %+v, want kind %v with status 401", e, tt.wantKind)
			}
		})
	}
}
