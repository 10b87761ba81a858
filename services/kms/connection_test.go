package kms_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
)

// TestConnection reads the Key Management integration of app-config-eu (key-protect-eu-de, eu-root-key) as the
// Integrations page shows it, and variations of it.
func TestConnection(t *testing.T) {
	const missingGUID = "00000000-0000-4000-8000-00000000beef"
	tests := []struct {
		name         string
		change       func(*appconfig.Integration)
		faults       string
		wantNil      bool
		wantUnread   bool
		wantInstance string
		wantGone     bool
		wantInstErr  bool
		wantKeyName  string
		wantKeyErr   bool
		wantScheme   string
	}{
		{name: "connected", wantInstance: "key-protect-eu-de", wantKeyName: "eu-root-key", wantScheme: appconfig.SchemeBYOK},
		{name: "no Key Management integration", change: func(in *appconfig.Integration) { in.Type = appconfig.TypeEventNotifications }, wantNil: true},
		{name: "unreadable CRN", change: func(in *appconfig.Integration) { in.KMSInstanceCRN = "not-a-crn" }, wantUnread: true,
			wantKeyName: cloudsim.EURootKeyID},
		{name: "instance gone", change: func(in *appconfig.Integration) {
			in.KMSInstanceCRN = strings.Replace(in.KMSInstanceCRN, cloudsim.KeyProtectEUDEGUID, missingGUID, 1)
		}, wantGone: true, wantKeyName: cloudsim.EURootKeyID, wantScheme: appconfig.SchemeBYOK},
		{name: "key gone shows its ID", change: func(in *appconfig.Integration) { in.RootKeyID = missingGUID }, wantInstance: "key-protect-eu-de",
			wantKeyName: missingGUID, wantScheme: appconfig.SchemeBYOK},
		{name: "instances unreadable", faults: "resource-controller=error:1:500", wantInstErr: true, wantKeyName: cloudsim.EURootKeyID,
			wantScheme: appconfig.SchemeBYOK},
		{name: "key unreadable", faults: "kms=error:1:500", wantInstance: "key-protect-eu-de", wantKeyErr: true,
			wantKeyName: cloudsim.EURootKeyID, wantScheme: appconfig.SchemeBYOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := servicetest.Start(t)
			ctx := context.Background()
			list, err := f.Integrations.ListIntegrations(ctx, f.Admin, appconfig.InstanceOf(f.Instance(t, cloudsim.AppConfigEUGUID)))
			if err != nil || len(list) == 0 {
				t.Fatalf("integrations of app-config-eu: %v, %v", list, err)
			}
			for i := range list {
				if tt.change != nil && list[i].Type == appconfig.TypeKMS {
					tt.change(&list[i])
				}
			}
			panels := kms.NewPanels(resources.NewInstanceCache(f.Resources, 0, time.Now, nil),
				kms.NewKeyCache(f.Keys, 0, time.Now, nil), f.IAM, f.Resources)
			f.Sim.SetFaults(t, tt.faults)
			conn := panels.Connection(ctx, "u", f.Admin, list)
			if (conn == nil) != tt.wantNil {
				t.Fatalf("connection %+v, want nil %v", conn, tt.wantNil)
			}
			if conn == nil {
				return
			}
			instance := ""
			if conn.Instance != nil {
				instance = conn.Instance.Name
			}
			if conn.CRNUnreadable != tt.wantUnread || instance != tt.wantInstance || conn.InstanceGone != tt.wantGone ||
				(conn.InstanceErr != nil) != tt.wantInstErr || conn.RootKeyName != tt.wantKeyName || (conn.KeyErr != nil) != tt.wantKeyErr ||
				conn.Scheme != tt.wantScheme {
				t.Errorf("got unreadable %v, instance %q, gone %v, instance error %v, key %q, key error %v, scheme %q",
					conn.CRNUnreadable, instance, conn.InstanceGone, conn.InstanceErr, conn.RootKeyName, conn.KeyErr, conn.Scheme)
			}
		})
	}
}
