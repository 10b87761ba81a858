package docshots

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"appconfig-console/cloudsim"
)

// signedInTab opens a tab of view and signs it in to the demo console; the caller closes it.
func signedInTab(b *Browser, d *Demo, view View) (*Tab, error) {
	tab, err := b.NewTab(view)
	if err != nil {
		return nil, err
	}
	if err := d.SignIn(tab); err != nil {
		tab.Close()
		return nil, err
	}
	return tab, nil
}

// AuthorizeAppConfig gives the App Configuration instance appConfigGUID Reader access to every instance of the key
// management service (kms or hs-crypto), the prerequisite the Key Management page asks for, through the emulator's IAM API.
func (d *Demo) AuthorizeAppConfig(appConfigGUID, service string) error {
	client := &http.Client{Timeout: 10 * time.Second}
	form := url.Values{"grant_type": {"urn:ibm:params:oauth:grant-type:apikey"}, "apikey": {cloudsim.DemoAdminAPIKey}}
	resp, err := client.Post(d.Sim.URL+"/identity/token", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if err != nil || tok.AccessToken == "" {
		return fmt.Errorf("signing in to the emulator: %v (status %d)", err, resp.StatusCode)
	}
	type attr struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	type attrs struct {
		Attributes []attr `json:"attributes"`
	}
	policy := map[string]any{
		"type": "authorization",
		"subjects": []attrs{{Attributes: []attr{{"accountId", cloudsim.DemoAccountID}, {"serviceName", cloudsim.ServiceAppConfig},
			{"serviceInstance", appConfigGUID}}}},
		"roles":     []map[string]string{{"role_id": cloudsim.RoleReaderCRN}},
		"resources": []attrs{{Attributes: []attr{{"accountId", cloudsim.DemoAccountID}, {"serviceName", service}}}},
	}
	body, _ := json.Marshal(policy)
	req, _ := http.NewRequest(http.MethodPost, d.Sim.URL+"/v1/policies", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err = client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("creating the authorization of App Configuration to %s: status %d", service, resp.StatusCode)
	}
	return nil
}
