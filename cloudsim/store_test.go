package cloudsim_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	kp "github.com/IBM/keyprotect-go-client"
	rc "github.com/IBM/platform-services-go-sdk/resourcecontrollerv2"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
)

// startAt starts a sim on dataDir and returns it with a simtest-like view.
func startAt(t *testing.T, dataDir string, reset bool) (*cloudsim.Running, *simtest.Sim) {
	t.Helper()
	run, err := cloudsim.Start("127.0.0.1:0", cloudsim.Options{DataDir: dataDir, Reset: reset})
	if err != nil {
		t.Fatal(err)
	}
	return run, &simtest.Sim{URL: run.URL, Server: run.Server}
}

// writeSomething creates a key, a policy and a KMS integration, and deletes an instance.
func writeSomething(t *testing.T, sim *simtest.Sim) string {
	t.Helper()
	k, err := newKP(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.KeyProtectUSSouthGUID).CreateRootKey(context.Background(), "durable-key", nil)
	if err != nil {
		t.Fatal(err)
	}
	kpReader(t, sim)
	svc := newAppConfig(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.AppConfigEnterpriseGUID)
	if _, _, err := acDo(svc, http.MethodPost, "/integrations", kmsIntegration("kms-1", cloudsim.KeyProtectUSSouthCRN, sim.URL, k.ID)); err != nil {
		t.Fatal(err)
	}
	rcSvc := newRC(t, sim, cloudsim.DemoAdminAPIKey)
	if _, err := rcSvc.DeleteResourceInstance(rcSvc.NewDeleteResourceInstanceOptions(cloudsim.AppConfigLiteGUID)); err != nil {
		t.Fatal(err)
	}
	return k.ID
}

// checkWritten verifies what writeSomething wrote; want false checks the demo data instead.
func checkWritten(t *testing.T, sim *simtest.Sim, keyID string, want bool) {
	t.Helper()
	c := newKP(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.KeyProtectUSSouthGUID)
	_, err := c.GetKey(context.Background(), keyID)
	if (err == nil) != want {
		t.Errorf("key %s present = %v, want %v", keyID, err == nil, want)
	}
	regs, err := c.ListRegistrations(context.Background(), "", cloudsim.AppConfigEnterpriseCRN)
	if err != nil || (len(regs.Registrations) == 1) != want {
		t.Errorf("registrations = %+v, %v", regs, err)
	}
	list, _, err := newRC(t, sim, cloudsim.DemoAdminAPIKey).ListResourceInstances((&rc.ListResourceInstancesOptions{}).SetName("app-config-lite"))
	if err != nil || (len(list.Resources) == 0) != want {
		t.Errorf("app-config-lite listed = %d, want deleted %v (%v)", len(list.Resources), want, err)
	}
	svc := newIAMPolicy(t, sim, cloudsim.DemoAdminAPIKey)
	pols, _, err := svc.ListPolicies(svc.NewListPoliciesOptions(cloudsim.DemoAccountID))
	if err != nil || (len(pols.Policies) == 2) != want {
		t.Errorf("policies = %d, %v", len(pols.Policies), err)
	}
}

func TestStateSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	run, sim := startAt(t, dir, false)
	tok := token(t, sim, cloudsim.DemoAdminAPIKey)
	keyID := writeSomething(t, sim)
	if err := run.Close(); err != nil {
		t.Fatal(err)
	}

	run, sim = startAt(t, dir, false)
	checkWritten(t, sim, keyID, true)
	// Tokens issued before the restart stay valid.
	req, _ := http.NewRequest(http.MethodGet, sim.URL+"/v2/resource_groups", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("old token after restart: %v %v", resp, err)
	}
	if err := run.Close(); err != nil {
		t.Fatal(err)
	}

	run, sim = startAt(t, dir, true)
	defer run.Close()
	checkWritten(t, sim, keyID, false)
}

func TestCrashLosesNothingAcknowledged(t *testing.T) {
	dir := t.TempDir()
	run, sim := startAt(t, dir, false)
	defer run.Close()
	keyID := writeSomething(t, sim)
	// Copy the database while the sim is still running, as if the process were killed after the last answer.
	b, err := os.ReadFile(filepath.Join(dir, "cloudsim.db"))
	if err != nil {
		t.Fatal(err)
	}
	crashed := t.TempDir()
	if err := os.WriteFile(filepath.Join(crashed, "cloudsim.db"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	run2, sim2 := startAt(t, crashed, false)
	defer run2.Close()
	checkWritten(t, sim2, keyID, true)
}

func TestResetRestoresDemoData(t *testing.T) {
	sim := simtest.Start(t)
	keyID := writeSomething(t, sim)
	if err := sim.Server.Reset(); err != nil {
		t.Fatal(err)
	}
	checkWritten(t, sim, keyID, false)
	writeSomething(t, sim)
	resp, err := http.Post(sim.URL+"/admin/reset", "application/json", nil)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("POST /admin/reset: %v %v", resp, err)
	}
	checkWritten(t, sim, keyID, false)
}

func TestClockAndDeterministicIDs(t *testing.T) {
	fixed := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	sim := simtest.Start(t, func(o *cloudsim.Options) {
		o.Clock = func() time.Time { return fixed }
		o.DeterministicIDs = true
	})
	k, err := newKP(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.KeyProtectUSSouthGUID).CreateRootKey(context.Background(), "clocked", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !k.CreationDate.Equal(fixed) || k.ID != "00000000-0000-4000-8000-000000000001" {
		t.Errorf("key = %s %v", k.ID, k.CreationDate)
	}
	svc := newRC(t, sim, cloudsim.DemoAdminAPIKey)
	in, _, err := svc.CreateResourceInstance(svc.NewCreateResourceInstanceOptions("clocked", "eu-de", cloudsim.ProductionResourceGroupID, cloudsim.AppConfigEnterprisePlanID))
	if err != nil {
		t.Fatal(err)
	}
	if in.CreatedAt.String() != "2025-06-01T12:00:00.000Z" || *in.GUID != "00000000-0000-4000-8000-000000000002" {
		t.Errorf("instance = %s %s", *in.GUID, in.CreatedAt)
	}
}

func TestConcurrentRequests(t *testing.T) {
	sim := simtest.Start(t)
	ctx := context.Background()
	const workers, perWorker = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker*3)
	for w := range workers {
		wg.Go(func() {
			c := newKP(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.KeyProtectUSSouthGUID)
			rcSvc := newRC(t, sim, cloudsim.DemoViewerAPIKey)
			for i := range perWorker {
				if _, err := c.CreateRootKey(ctx, fmt.Sprintf("key-%d-%d", w, i), nil); err != nil {
					errs <- err
				}
				if _, err := c.GetKeys(ctx, 0, 0); err != nil {
					errs <- err
				}
				if _, _, err := rcSvc.ListResourceInstances(&rc.ListResourceInstancesOptions{}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 20 {
			_ = sim.Server.SetFaults(cloudsim.Faults{"global-catalog": {Latency: time.Millisecond}})
			_ = sim.Server.Faults()
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	keys, err := newKP(t, sim, cloudsim.DemoAdminAPIKey, cloudsim.KeyProtectUSSouthGUID).ListKeys(ctx, &kp.ListKeysOptions{})
	if err != nil || len(keys.Keys) != 4+workers*perWorker {
		t.Errorf("keys = %d, %v; want %d", len(keys.Keys), err, 4+workers*perWorker)
	}
}

// BenchmarkCreateKey measures one acknowledged write (POST /api/v2/keys) in memory and on disk (bbolt, fsync).
func BenchmarkCreateKey(b *testing.B) {
	for _, disk := range []bool{false, true} {
		name := map[bool]string{false: "memory", true: "bbolt"}[disk]
		b.Run(name, func(b *testing.B) {
			sim := simtest.Start(b, func(o *cloudsim.Options) {
				if disk {
					o.DataDir = b.TempDir()
				}
			})
			tok := token(b, sim, cloudsim.DemoAdminAPIKey)
			body := `{"metadata":{"collectionType":"application/vnd.ibm.kms.key+json","collectionTotal":1},"resources":[{"type":"application/vnd.ibm.kms.key+json","name":"bench-key","extractable":false}]}`
			b.ResetTimer()
			for b.Loop() {
				req, _ := http.NewRequest(http.MethodPost, sim.URL+"/api/v2/keys", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tok)
				req.Header.Set("Bluemix-Instance", cloudsim.KeyProtectUSSouthGUID)
				resp, err := http.DefaultClient.Do(req)
				if err != nil || resp.StatusCode != http.StatusCreated {
					b.Fatalf("create: %v %v", resp, err)
				}
				resp.Body.Close()
			}
		})
	}
}
