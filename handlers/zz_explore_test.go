package handlers_test

import (
	"fmt"
	"testing"
	"time"

	"appconfig-console/cloudsim"
)

func TestZZExplore(t *testing.T) {
	tc := newTestConsole(t)
	tc.signIn(cloudsim.DemoAdminAPIKey)
	for _, f := range []string{"", "appconfig=error:1:500", "appconfig=error:1:503", "kms=error:1:500", "resource-controller=error:1:500"} {
		fs, _ := cloudsim.ParseFaults(f)
		tc.sim.Server.SetFaults(fs)
		for i := 0; i < 2; i++ {
			start := time.Now()
			r, _ := tc.get("/instances/" + cloudsim.AppConfigEUGUID + "/integrations")
			fmt.Println(f, r.StatusCode, time.Since(start))
		}
	}
}
