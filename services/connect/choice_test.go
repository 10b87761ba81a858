package connect_test

import (
	"errors"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/connect"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
	"appconfig-console/services/usercache"
)

// TestConnectChoice connects what the Key Management panel's form names on cloudsim: an address that names no App
// Configuration instance, an incomplete choice and an instance the user does not see are refused before any write,
// each saying which instances it found; a complete choice connects.
func TestConnectChoice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                string
		appConfig, instance string
		key                 string
		wantErr             error
		wantProblem         connect.Problem
		wantAppConfig       string
		wantKMS             string
		wantIntegration     bool
	}{
		{name: "no instance address", appConfig: "not-an-instance", instance: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, wantErr: connect.ErrNoAppConfig},
		{name: "an instance of another service", appConfig: cloudsim.KeyProtectUSSouthGUID, instance: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, wantErr: connect.ErrNoAppConfig},
		{name: "no root key", appConfig: cloudsim.AppConfigEnterpriseGUID, instance: cloudsim.KeyProtectUSSouthGUID,
			wantProblem: connect.ProblemNoChoice, wantAppConfig: "app-config-enterprise"},
		{name: "an instance the user does not see", appConfig: cloudsim.AppConfigEnterpriseGUID, instance: cloudsim.AppConfigLiteGUID,
			key: cloudsim.AppConfigRootKeyID, wantProblem: connect.ProblemInstanceGone, wantAppConfig: "app-config-enterprise"},
		{name: "a complete choice", appConfig: cloudsim.AppConfigEnterpriseGUID, instance: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, wantAppConfig: "app-config-enterprise", wantKMS: "key-protect-us-south", wantIntegration: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := servicetest.Start(t)
			instances := resources.NewInstanceCache(env.Resources, usercache.DefaultTTL, time.Now, nil)
			c := connect.NewConnector(env.Integrations, env.IAM, kms.NewKeyCache(env.Keys, usercache.DefaultTTL, time.Now, nil), instances,
				connect.Wait{Total: 5 * time.Second, First: 100 * time.Millisecond, Max: time.Second}, nil)
			tok, integrations := env.Admin, env.Integrations
			conn, err := c.ConnectChoice(t.Context(), connect.KMSChoice{UserID: cloudsim.AdminIAMID, AccountID: cloudsim.DemoAccountID,
				Token: tok, AppConfig: tt.appConfig, Service: resources.ServiceKeyProtect, Instance: tt.instance, KeyID: tt.key, Authorize: true})
			var ce *connect.Error
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
			case tt.wantIntegration:
				if err != nil {
					t.Fatal(err)
				}
			case !errors.As(err, &ce) || ce.Problem != tt.wantProblem:
				t.Fatalf("error %v, want problem %d", err, tt.wantProblem)
			}
			if conn.AppConfig.Name != tt.wantAppConfig || conn.KMS.Name != tt.wantKMS {
				t.Errorf("found App Configuration %q and key management %q, want %q and %q", conn.AppConfig.Name, conn.KMS.Name, tt.wantAppConfig, tt.wantKMS)
			}
			list, err := integrations.ListIntegrations(t.Context(), tok, appconfig.InstanceOf(resources.Instance{GUID: cloudsim.AppConfigEnterpriseGUID, Region: "us-south"}))
			if err != nil {
				t.Fatal(err)
			}
			if made := kms.IntegrationOf(list) != nil; made != tt.wantIntegration {
				t.Errorf("Key Management integration made: %v, want %v", made, tt.wantIntegration)
			}
			if tt.wantIntegration && (conn.Integration.RootKeyID != tt.key || !conn.AuthorizationCreated) {
				t.Errorf("result %+v: not the chosen key, or no authorization created", conn.Result)
			}
		})
	}
}
