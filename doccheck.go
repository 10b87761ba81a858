package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"appconfig-console/cloudsim"
	"appconfig-console/docshots"
	"appconfig-console/ibmcli"
)

// runDoccheck walks the numbered procedures of a documentation page in the console and reports, step by step, the labels
// found and acted on and those the console does not have; it fails when a label is missing.
func runDoccheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("appconfig-console doccheck", stderr)
	out := fs.String("out", "doccheck-report", "directory for the HTML report (report.html) and one screenshot per step")
	chromium := chromiumFlag(fs, getenv)
	noPrereq := fs.Bool("no-prerequisites", false, "do not create the authorization the page's prerequisites ask for before walking")
	images := fs.String("images", "", "directory of the page's images: compare each with the console's screen of the same name")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: appconfig-console doccheck [flags] PAGE.md")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("doccheck: name one documentation page (markdown)")
	}
	file := fs.Arg(0)
	page, err := docshots.ReadDoc(file)
	if err != nil {
		return fmt.Errorf("doccheck: %w", err)
	}
	if len(page.Procedures) == 0 && len(page.Commands) == 0 {
		return fmt.Errorf("doccheck: %s has no numbered procedure and no ibmcloud command", file)
	}
	browser, err := docshots.NewBrowser(ctx, *chromium)
	if err != nil {
		return err
	}
	defer browser.Close()
	rep, err := checkDoc(ctx, browser, file, page, *out, !*noPrereq, *images, stdout)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, rep.Summary())
	fmt.Fprintf(stdout, "HTML report: %s\n", filepath.Join(*out, "report.html"))
	if rep.Failed() > 0 {
		return fmt.Errorf("doccheck: %d of %d steps of %s do not match the console", rep.Failed(), len(rep.Steps), file)
	}
	if n := rep.CommandsFailed(); n > 0 {
		return fmt.Errorf("doccheck: %d of %d commands of %s do not run as the page says", n, len(rep.Commands), file)
	}
	if n := rep.NotesCounted(docshots.NoteMissing); n > 0 {
		return fmt.Errorf("doccheck: the console does not show what IBM Cloud allows for %d notes of %s", n, file)
	}
	if n := rep.NotesCounted(docshots.NoteContradicted); n > 0 {
		return fmt.Errorf("doccheck: IBM Cloud does not answer as %d notes of %s say", n, file)
	}
	if n := rep.ImagesDiffering(); n > 0 {
		return fmt.Errorf("doccheck: %d of %d images of %s do not match the console's screens", n, len(rep.Images), file)
	}
	return nil
}

// checkDoc walks page on a fresh demo console and writes the HTML report into dir; prerequisites creates the
// authorization of app-config-enterprise to Key Protect first, as the page asks of its readers. With images set, the
// page's images are read from that directory and compared with the screens of the same names, photographed on a demo
// console of their own (the walk changes its console's data). The page's ibmcloud commands run last, with the console's
// own CLI, on a fresh demo console of their own too.
func checkDoc(ctx context.Context, browser *docshots.Browser, name string, page docshots.DocPage, dir string, prerequisites bool, images string, progress io.Writer) (docshots.Report, error) {
	var checks []docshots.ImageCheck
	if images != "" {
		if dir == "" {
			return docshots.Report{}, errors.New("doccheck: --images needs a report directory (--out)")
		}
		demo, err := docshots.StartDemo()
		if err != nil {
			return docshots.Report{}, err
		}
		fmt.Fprintf(progress, "Images of %s, from %s\n", name, images)
		checks, err = docshots.CheckImages(browser, demo, docshots.ImageRefs(page), images, dir, progress)
		demo.Close()
		if err != nil {
			return docshots.Report{}, err
		}
	}
	demo, err := docshots.StartDemo()
	if err != nil {
		return docshots.Report{}, err
	}
	defer demo.Close()
	if prerequisites {
		if err := demo.AuthorizeAppConfig(cloudsim.AppConfigEnterpriseGUID, cloudsim.ServiceKeyProtect); err != nil {
			return docshots.Report{}, err
		}
	}
	rep, err := docshots.Walk(browser, demo, name, page, docshots.WalkOptions{
		Start: docshots.DefaultStart(cloudsim.AppConfigEnterpriseGUID),
		Values: map[string]string{"Account ID": cloudsim.OtherAccountID, "Source resource group ID": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
			"Source service instance ID": cloudsim.AppConfigEnterpriseGUID},
		Dir:      dir,
		Progress: progress,
		View:     docshots.DefaultView,
		CLI:      ibmcli.Run,
	})
	rep.Images = checks
	if err != nil {
		return rep, err
	}
	if len(page.Commands) > 0 {
		if rep.Commands, err = checkCommands(ctx, browser, page.Commands, prerequisites, progress); err != nil {
			return rep, err
		}
	}
	if dir != "" {
		err = rep.WriteHTML(filepath.Join(dir, "report.html"))
	}
	return rep, err
}

// checkCommands runs the page's ibmcloud commands on a fresh demo console. The prerequisite authorization is created
// first unless the commands create an authorization themselves (as the page's CLI route does: a second one would be
// refused as a duplicate).
func checkCommands(ctx context.Context, browser *docshots.Browser, cmds []docshots.Command, prerequisites bool, progress io.Writer) ([]docshots.CommandResult, error) {
	demo, err := docshots.StartDemo()
	if err != nil {
		return nil, err
	}
	defer demo.Close()
	authorizes := slices.ContainsFunc(cmds, func(c docshots.Command) bool {
		return strings.Contains(c.Text, "iam authorization-policy-create")
	})
	if prerequisites && !authorizes {
		if err := demo.AuthorizeAppConfig(cloudsim.AppConfigEnterpriseGUID, cloudsim.ServiceKeyProtect); err != nil {
			return nil, err
		}
	}
	return docshots.RunCommands(ctx, browser, demo, ibmcli.Run, cmds, docshots.DemoCommandValues(), progress)
}
