package handlers_test

import (
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/routes"
)

// BenchmarkIntegrationsPage measures the CPU and allocations of a warm Integrations page (the user has loaded it
// before, so the integration list and instances are remembered) against cloudsim without latency, as the browser asks
// for it (gzip included). Console, cloudsim and client share the process: read the profile for the console's share.
func BenchmarkIntegrationsPage(b *testing.B) {
	bc := newBenchConsole(b, 0)
	page := routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID)
	bc.get(page, false)
	b.ReportAllocs()
	for b.Loop() {
		bc.get(page, false)
	}
}
