// Command pageweight measures a first visit to the Integrations page (HTML, CSS, JS and fonts, as transferred with
// gzip) on an in-process console with cloudsim, prints the table, and exits 1 when a budget is exceeded.
//
//	go run ./cmd/pageweight [-path /instances/<guid>/integrations]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/cmd/pageweight/weigh"
	"appconfig-console/routes"
)

func main() {
	path := flag.String("path", routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID), "page to weigh")
	flag.Parse()
	if err := run(*path); err != nil {
		fmt.Fprintln(os.Stderr, "pageweight:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	console, err := inproc.Start()
	if err != nil {
		return err
	}
	defer console.Close()
	client, err := inproc.SignIn(console.URL, cloudsim.DemoAdminAPIKey)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	report, err := weigh.Page(ctx, client, console.URL, path)
	if err != nil {
		return err
	}
	fmt.Print(report)
	if over := report.OverBudget(); len(over) > 0 {
		return fmt.Errorf("over budget: %v", over)
	}
	return nil
}
