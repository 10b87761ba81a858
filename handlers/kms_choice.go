package handlers

import (
	"cmp"
	"net/url"

	"appconfig-console/services/crn"
	"appconfig-console/services/resources"
)

// Instance modes of the Key Management panel.
const (
	kmsModeExisting = "existing"
	kmsModeNew      = "new"
)

// kmsChoice is the state of the Key Management panel, carried by its URL and its form. The chosen instance is named
// by its CRN (InstanceCRN), as the panel's list writes it, so that its keys can be read at once; Instance is its GUID.
// A bare GUID is accepted too.
type kmsChoice struct {
	Service     string
	Mode        string
	Instance    string
	InstanceCRN string
	Key         string
	Authorize   bool
}

// kmsChoiceFrom reads the panel's state, replacing anything malformed by its default.
func kmsChoiceFrom(values url.Values) kmsChoice {
	ch := kmsChoice{Service: values.Get("service"), Mode: values.Get("mode"), Key: values.Get("key"),
		Authorize: values.Get("authorize") != ""}
	if named := values.Get("instance"); named != "" {
		ch.Instance, _ = crn.InstanceGUID(named)
		if ch.Instance != "" && named != ch.Instance {
			ch.InstanceCRN = named
		}
	}
	if ch.Service != resources.ServiceHPCS {
		ch.Service = resources.ServiceKeyProtect
	}
	if ch.Mode != kmsModeNew {
		ch.Mode = kmsModeExisting
	}
	if !crn.IsGUID(ch.Key) || ch.Instance == "" {
		ch.Key = ""
	}
	return ch
}

// query is the canonical query string of the state.
func (ch kmsChoice) query() url.Values {
	q := url.Values{"service": {ch.Service}, "mode": {ch.Mode}}
	if ch.Instance != "" {
		q.Set("instance", cmp.Or(ch.InstanceCRN, ch.Instance))
	}
	if ch.Key != "" {
		q.Set("key", ch.Key)
	}
	if ch.Authorize {
		q.Set("authorize", "1")
	}
	return q
}

// url is the panel's address for the state.
func (ch kmsChoice) url(guid string) string { return withQuery(kmsPanelURL(guid), ch.query()) }
