package main

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/routes"
	"appconfig-console/services/appconfig"
)

// page is one page, panel or form the console serves to a signed-in user.
type page struct {
	key, name string
	method    string
	path      string
	// fragment sends HX-Request, as htmx does.
	fragment bool
	// form is the body of a POST, sent with the session's CSRF token.
	form url.Values
	// status is the answer expected.
	status int
	// from is a page fetched, and not measured, before each measurement: the panel a form is sent from.
	from string
	// ifNoneMatch holds, for each worker of a load, the ETag it sends as If-None-Match, as a browser revalidating its
	// copy does.
	ifNoneMatch []string
	// before are the keys of pages the administrator opens first, in the same process, before the console is left to
	// settle; viewer makes the read-only user send the request; lead is the key of a page that user opens right before
	// it. Such a page is measured for rounds only (the same request is measured alone as another page).
	before []string
	viewer bool
	lead   string
}

// inContext reports whether p is measured after other pages.
func (p page) inContext() bool { return len(p.before) > 0 || p.lead != "" }

// The pages' addresses are those the console links to, naming instances by their CRN.
var (
	integrationsPath = routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseCRN)
	kmsPanelPath     = routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseCRN)
	rootKeysPath     = kmsPanelPath + "?" + url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthCRN}}.Encode()
	wizardPath       = routes.Path(routes.AuthorizationWizard)
	// prefilledWizardPath is the wizard as the Key Management panel links to it.
	prefilledWizardPath = wizardPath + "?" + url.Values{
		"source_service": {"apprapp"}, "source_scope": {"instance"}, "source_instance": {cloudsim.AppConfigEnterpriseGUID},
		"target_service": {"kms"}, "target_scope": {"instance"}, "target_instance": {cloudsim.KeyProtectUSSouthGUID},
		"role": {"Reader"},
	}.Encode()
	kmsInstancePath = routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthCRN)
	kmsKeyPath      = routes.Path(routes.KMSKey, cloudsim.KeyProtectUSSouthCRN, cloudsim.AppConfigRootKeyID)
)

// pages are the pages and panels measured, in the order a user meets them.
var pages = []page{
	{key: "integrations", name: "Integrations page", method: http.MethodGet, path: integrationsPath, status: http.StatusOK},
	{key: "kms-panel", name: "Key Management panel (htmx)", method: http.MethodGet, path: kmsPanelPath, fragment: true, status: http.StatusOK},
	{key: "kms-panel-link", name: "Key Management panel (link)", method: http.MethodGet, path: kmsPanelPath, status: http.StatusOK},
	{key: "root-keys", name: "root keys of a chosen instance (htmx)", method: http.MethodGet, path: rootKeysPath, fragment: true, status: http.StatusOK},
	{key: "kms-panel-after-page", name: "Key Management panel (htmx), after the page", method: http.MethodGet, path: kmsPanelPath, fragment: true,
		status: http.StatusOK, before: []string{"integrations"}, viewer: true, lead: "integrations"},
	{key: "root-keys-after-panel", name: "root keys (htmx), after the panel", method: http.MethodGet, path: rootKeysPath, fragment: true,
		status: http.StatusOK, before: []string{"integrations", "kms-panel"}},
	{key: "root-keys-new-user", name: "root keys (htmx), another user", method: http.MethodGet, path: rootKeysPath, fragment: true,
		status: http.StatusOK, before: []string{"integrations", "kms-panel"}, viewer: true},
	{key: "authorizations", name: "Authorizations list", method: http.MethodGet, path: routes.Path(routes.Authorizations), status: http.StatusOK},
	{key: "wizard", name: "Authorization wizard, blank", method: http.MethodGet, path: wizardPath, status: http.StatusOK},
	{key: "wizard-prefilled", name: "Authorization wizard, pre-filled", method: http.MethodGet, path: prefilledWizardPath, status: http.StatusOK},
	{key: "kms-instance", name: "Key Protect instance page", method: http.MethodGet, path: kmsInstancePath, status: http.StatusOK},
	{key: "kms-key", name: "Key Protect key page", method: http.MethodGet, path: kmsKeyPath, status: http.StatusOK},
	{key: "create", name: "POST Create (Key Management)", method: http.MethodPost, path: kmsPanelPath, status: http.StatusSeeOther,
		form: createForm},
	{key: "create-after-panel", name: "POST Create after the panel", method: http.MethodPost, path: kmsPanelPath, status: http.StatusSeeOther,
		form: createForm, from: rootKeysPath},
}

// createForm is the Key Management panel's Create with the demo's root key, authorizing App Configuration.
var createForm = url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID},
	"key": {cloudsim.AppConfigRootKeyID}, "authorize": {"1"}}

// pageKeys returns the keys of pages, for -pages.
func pageKeys() []string {
	var keys []string
	for _, p := range pages {
		keys = append(keys, p.key)
	}
	return keys
}

// csrfTokenPattern finds the CSRF token a page gives its forms and htmx requests.
var csrfTokenPattern = regexp.MustCompile(`&#34;X-CSRF-Token&#34;:&#34;([A-Za-z0-9_-]{43})&#34;|"X-CSRF-Token":"([A-Za-z0-9_-]{43})"`)

// csrfToken returns the CSRF token of client's session, from a page that reads nothing upstream (a 404 page).
func csrfToken(client *http.Client, base string) (string, error) {
	_, body, err := fetch(client, base, page{method: http.MethodGet, path: "/loadtest-no-such-page"}, "")
	if err != nil {
		return "", err
	}
	m := csrfTokenPattern.FindStringSubmatch(body)
	if m == nil {
		return "", fmt.Errorf("no CSRF token on the 404 page")
	}
	return m[1] + m[2], nil
}

// newRequest builds p's request as a browser (or htmx) sends it, accepting gzip.
func newRequest(base string, p page, csrf string) (*http.Request, error) {
	var body io.Reader
	if p.method == http.MethodPost {
		form := url.Values{"csrf": {csrf}}
		for k, v := range p.form {
			form[k] = v
		}
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(p.method, base+p.path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Accept-Encoding", "gzip")
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if p.fragment {
		req.Header.Set("HX-Request", "true")
	}
	return req, nil
}

// fetch sends p's request and returns its status and body, decompressed.
func fetch(client *http.Client, base string, p page, csrf string) (int, string, error) {
	status, body, _, err := fetchTagged(client, base, p, csrf)
	return status, body, err
}

// fetchTagged is fetch that also returns the answer's ETag.
func fetchTagged(client *http.Client, base string, p page, csrf string) (int, string, string, error) {
	req, err := newRequest(base, p, csrf)
	if err != nil {
		return 0, "", "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		if r, err = gzip.NewReader(resp.Body); err != nil {
			return 0, "", "", err
		}
	}
	body, err := io.ReadAll(r)
	return resp.StatusCode, string(body), resp.Header.Get("ETag"), err
}

// measurement is one request's time and upstream rounds.
type measurement struct {
	took     time.Duration
	rounds   int
	requests int
}

// measure sends p's request once and counts the upstream rounds it caused in the sim's log.
func measure(s *sim, client *http.Client, base string, p page) (measurement, error) {
	if p.from != "" {
		if _, _, err := fetch(client, base, page{method: http.MethodGet, path: p.from}, ""); err != nil {
			return measurement{}, err
		}
	}
	csrf := ""
	if p.method == http.MethodPost {
		var err error
		if csrf, err = csrfToken(client, base); err != nil {
			return measurement{}, err
		}
	}
	mark := s.log.Len()
	began := time.Now()
	status, body, err := fetch(client, base, p, csrf)
	took := time.Since(began)
	if err != nil {
		return measurement{}, err
	}
	if status != p.status {
		return measurement{}, fmt.Errorf("%s: status %d, want %d: %.300s", p.name, status, p.status, body)
	}
	// Requests begun before this one (reads an earlier request left running in the background) are not its own.
	upstream := slices.DeleteFunc(s.log.Since(mark), func(r inproc.Request) bool { return r.Start.Before(began) })
	return measurement{took: took, rounds: inproc.Rounds(upstream), requests: len(upstream)}, nil
}

// measureRounds prints, for each page, cold and warm, its time in multiples of latency and its upstream rounds.
func measureRounds(s *sim, chosen []page, latency time.Duration) error {
	if err := s.setLatency(latency); err != nil {
		return err
	}
	defer s.setLatency(0)
	fmt.Printf("\nrounds: every cloudsim API answers after %s (L); cold = the first request of a fresh console process once /readyz is ready, right after sign-in;\n"+
		"warm = the same request again; a round = upstream requests whose times overlap (from cloudsim's request log)\n\n", latency)
	fmt.Printf("%-40s %9s %6s %7s %5s   %9s %6s %7s %5s\n", "page", "cold", "xL", "rounds", "reqs", "warm", "xL", "rounds", "reqs")
	for _, p := range chosen {
		cold, warm, err := coldAndWarm(s, p, latency)
		if err != nil {
			return err
		}
		fmt.Printf("%-40s %9s %6.2f %7d %5d   %9s %6.2f %7d %5d\n", p.name,
			cold.took.Round(time.Millisecond), float64(cold.took)/float64(latency), cold.rounds, cold.requests,
			warm.took.Round(time.Millisecond), float64(warm.took)/float64(latency), warm.rounds, warm.requests)
	}
	return nil
}

// coldAndWarm measures p in a fresh console process, on the demo data: once as its first request after sign-in (or
// after the pages p names), and again (a POST again on the demo data, so that it does the same work).
func coldAndWarm(s *sim, p page, latency time.Duration) (cold, warm measurement, err error) {
	if err := s.running.Server.Reset(); err != nil {
		return cold, warm, err
	}
	proc, err := startConsole(s.url)
	if err != nil {
		return cold, warm, err
	}
	defer proc.stop()
	client, err := inproc.SignIn(proc.url, cloudsim.DemoAdminAPIKey)
	if err != nil {
		return cold, warm, err
	}
	if client, err = lead(s, client, proc.url, p, latency); err != nil {
		return cold, warm, err
	}
	if cold, err = measure(s, client, proc.url, p); err != nil {
		return cold, warm, err
	}
	if p.method == http.MethodPost {
		if err := s.running.Server.Reset(); err != nil {
			return cold, warm, err
		}
		// The reset is a change behind the console's back: the integration list it wrote through after the POST
		// is remembered until it expires.
		time.Sleep(appconfig.ListTTL)
	}
	warm, err = measure(s, client, proc.url, p)
	if p.method == http.MethodPost {
		err = errors.Join(err, s.running.Server.Reset())
	}
	return cold, warm, err
}

// lead opens the pages p is measured after, as its before, viewer and lead say, and returns the client that sends p.
func lead(s *sim, admin *http.Client, base string, p page, latency time.Duration) (*http.Client, error) {
	open := func(client *http.Client, key string) error {
		i := slices.IndexFunc(pages, func(q page) bool { return q.key == key })
		if status, body, err := fetch(client, base, pages[i], ""); err != nil || status != http.StatusOK {
			return fmt.Errorf("%s, before %s: status %d, %v: %.300s", key, p.name, status, err, body)
		}
		return nil
	}
	for _, key := range p.before {
		if err := open(admin, key); err != nil {
			return nil, err
		}
	}
	if len(p.before) > 0 {
		// Let the reads those pages left running in the background (the catalog's plans) end.
		for n := -1; n != s.log.Len(); time.Sleep(5 * latency) {
			n = s.log.Len()
		}
	}
	client := admin
	if p.viewer {
		var err error
		if client, err = inproc.SignIn(base, cloudsim.DemoViewerAPIKey); err != nil {
			return nil, err
		}
	}
	if p.lead != "" {
		if err := open(client, p.lead); err != nil {
			return nil, err
		}
	}
	return client, nil
}
