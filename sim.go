package main

import (
	"context"
	"fmt"
	"io"

	"appconfig-console/cloudsim"
)

// runSim serves the emulator alone and prints how to point the SDKs and the ibmcloud CLI's variables at it.
func runSim(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("appconfig-console sim", stderr)
	addr := fs.String("addr", envOr(getenv, "CONSOLE_SIM_ADDR", "127.0.0.1:8081"), "address the emulator listens on (CONSOLE_SIM_ADDR)")
	dataDir := fs.String("data-dir", envOr(getenv, "CONSOLE_DATA_DIR", ".data"), "directory for the emulator's data (CONSOLE_DATA_DIR)")
	faultSpec := fs.String("faults", envOr(getenv, "CONSOLE_SIM_FAULTS", ""), "faults to inject, e.g. kms=latency:100ms (CONSOLE_SIM_FAULTS)")
	reset := fs.Bool("reset", false, "restore the demo data before starting")
	logLevel := fs.String("log-level", envOr(getenv, "CONSOLE_LOG_LEVEL", "info"), "debug, info, warn or error (CONSOLE_LOG_LEVEL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	faults, err := cloudsim.ParseFaults(*faultSpec)
	if err != nil {
		return fmt.Errorf("--faults: %w", err)
	}
	cfg := config{DataDir: *dataDir, LogLevel: *logLevel}
	if _, err := parseLogLevel(*logLevel); err != nil {
		return err
	}
	sim, err := cloudsim.Start(*addr, cloudsim.Options{DataDir: cfg.simDataDir(), Reset: *reset, Faults: faults, Logger: cfg.logger(stderr)})
	if err != nil {
		return fmt.Errorf("starting the emulator on %s: %w", *addr, err)
	}
	defer sim.Close()
	fmt.Fprintf(stdout, `cloudsim is serving the IBM Cloud APIs on %[1]s

Point the Go SDKs at it:
  IAM authenticator URL (go-sdk-core):   %[1]s
  Key Protect TokenURL (kp client):      %[1]s/oidc/token
  Resource Controller / Resource Manager / IAM Policy Management URL: %[1]s
  Global Catalog URL:                    %[1]s/api/v1
  Key management endpoint (BaseURL):     %[1]s
  App Configuration URL:                 %[1]s/apprapp/feature/v1/instances/<guid>

Or the SDKs' environment variables:
  export IBMCLOUD_IAM_API_ENDPOINT=%[1]s
  export RESOURCE_CONTROLLER_URL=%[1]s
  export RESOURCE_MANAGER_URL=%[1]s
  export IAM_POLICY_MANAGEMENT_URL=%[1]s
  export GLOBAL_CATALOG_URL=%[1]s/api/v1
  export IBMCLOUD_APP_CONFIG_API_ENDPOINT=%[1]s
  export IBMCLOUD_API_KEY=%[2]s

Demo API keys: %[2]s (administrator, %[3]s), %[4]s (read-only, %[5]s)
Consoles sharing it: go run . --sim-url %[1]s --addr 127.0.0.1:<port> --data-dir <dir>
Faults: GET/PUT %[1]s/admin/faults, reset: POST %[1]s/admin/reset (Content-Type: application/json, same origin only)
`, sim.URL, cloudsim.DemoAdminAPIKey, cloudsim.AdminEmail, cloudsim.DemoViewerAPIKey, cloudsim.ViewerEmail)
	<-ctx.Done()
	return nil
}
