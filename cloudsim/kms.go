package cloudsim

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Key Protect collection types.
const (
	kmsKeyType          = "application/vnd.ibm.kms.key+json"
	kmsRegistrationType = "application/vnd.ibm.kms.registration+json"
	kmsKeyRingType      = "application/vnd.ibm.kms.key_ring+json"
)

// kmsTime formats a time as Key Protect does (RFC 3339, Z).
func kmsTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// kmsInstance returns the key management instance named by the Bluemix-Instance header.
func kmsInstance(st *state, r *http.Request, u *user) (*instance, error) {
	guid := strings.TrimSpace(r.Header.Get("Bluemix-Instance"))
	if p, ok := parseCRN(guid); ok {
		guid = p.GUID // the last part of an instance CRN is its GUID
	}
	if guid == "" {
		return nil, errorf(http.StatusBadRequest, "BAD_HEADER_ERR", "The Bluemix-Instance header is required: set it to the GUID of a Key Protect or Hyper Protect Crypto Services instance.")
	}
	in := st.Instances[guid]
	if in == nil || !in.isKeyManagement() {
		return nil, errorf(http.StatusNotFound, "INSTANCE_NOT_FOUND_ERR", "Instance "+guid+" is not a key management instance of this account.")
	}
	if in.AccountID != u.AccountID {
		// The user has no role on another account's instance: Key Protect answers 401 UNAUTHORIZED_ERR.
		return nil, errKMSNoAccess
	}
	return in, nil
}

// instanceKey returns the key id of instance in.
func instanceKey(st *state, in *instance, id string) (*key, error) {
	k := st.Keys[id]
	if k == nil || k.InstanceGUID != in.GUID {
		return nil, errorf(http.StatusNotFound, "KEY_NOT_FOUND_ERR", "Key does not exist")
	}
	return k, nil
}

// kmsKey returns the key management instance of the request and its key of the path's id.
func kmsKey(st *state, r *http.Request, u *user) (*instance, *key, error) {
	in, err := kmsInstance(st, r, u)
	if err != nil {
		return nil, nil, err
	}
	k, err := instanceKey(st, in, r.PathValue("id"))
	return in, k, err
}

// kmsList returns the key management instance of a list request and the page it asks for: limit (200 by default, 1
// to 5000) and offset.
func kmsList(st *state, r *http.Request, u *user) (in *instance, limit, offset int, err error) {
	if in, err = kmsInstance(st, r, u); err != nil {
		return nil, 0, 0, err
	}
	limit, offset, aerr := listPage(r, 200, 5000, offsetParam)
	if aerr != nil {
		return nil, 0, 0, aerr
	}
	return in, limit, offset, nil
}

// keyCRN returns the CRN of a key of instance in.
func keyCRN(in *instance, k *key) string {
	return fmt.Sprintf("crn:v1:bluemix:public:%s:%s:a/%s:%s:key:%s", in.Service, in.Region, in.AccountID, in.GUID, k.ID)
}

// keyJSON renders a key as Key Protect does: numeric state, extractable always present, RFC 3339 Z dates.
func keyJSON(in *instance, k *key) map[string]any {
	out := map[string]any{
		"type":              kmsKeyType,
		"id":                k.ID,
		"name":              k.Name,
		"state":             k.State,
		"extractable":       k.Extractable,
		"crn":               keyCRN(in, k),
		"keyRingID":         "default",
		"imported":          false,
		"algorithmType":     "AES",
		"algorithmMetadata": map[string]any{"bitLength": "256", "mode": "CBC_PAD"},
		"createdBy":         k.CreatedBy,
		"creationDate":      kmsTime(k.CreationDate),
		"lastUpdateDate":    kmsTime(k.LastUpdateDate),
		"keyVersion":        map[string]any{"id": k.ID, "creationDate": kmsTime(k.CreationDate)},
		"dualAuthDelete":    map[string]any{"enabled": false},
		"deleted":           k.DeletionDate != nil,
	}
	if k.Description != "" {
		out["description"] = k.Description
	}
	if k.DeletionDate != nil {
		out["deletedBy"] = k.DeletedBy
		out["deletionDate"] = kmsTime(*k.DeletionDate)
	}
	return out
}

// kmsCollection is Key Protect's collection envelope.
func kmsCollection(collectionType string, resources []map[string]any) map[string]any {
	return map[string]any{
		"metadata":  map[string]any{"collectionType": collectionType, "collectionTotal": len(resources)},
		"resources": nonNil(resources),
	}
}

// keyFilter selects keys for a list.
type keyFilter struct {
	states      []int
	extractable *bool
	search      string
}

// parseKeyFilter reads the state, extractable, search and filter parameters of a key list.
func parseKeyFilter(r *http.Request) (keyFilter, error) {
	q := r.URL.Query()
	f := keyFilter{states: []int{keyPreActivation, keyActive, keySuspended, keyDeactivated}}
	apply := func(name, value string) error {
		switch name {
		case "state":
			f.states = nil
			for _, v := range strings.Split(value, ",") {
				n, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil || !slices.Contains([]int{0, 1, 2, 3, 5}, n) {
					return errorf(http.StatusBadRequest, "BAD_PARAM_ERR", "The state parameter must be a comma-separated list of 0, 1, 2, 3 and 5.")
				}
				f.states = append(f.states, n)
			}
		case "extractable":
			b, err := strconv.ParseBool(value)
			if err != nil {
				return errorf(http.StatusBadRequest, "BAD_PARAM_ERR", "The extractable parameter must be true or false.")
			}
			f.extractable = &b
		}
		return nil
	}
	for _, name := range []string{"state", "extractable"} {
		if v := q.Get(name); v != "" {
			if err := apply(name, v); err != nil {
				return f, err
			}
		}
	}
	for _, term := range strings.Fields(q.Get("filter")) {
		name, value, _ := strings.Cut(term, "=")
		if err := apply(name, value); err != nil {
			return f, err
		}
	}
	f.search = strings.ToLower(strings.TrimSuffix(q.Get("search"), ","))
	return f, nil
}

// matches reports whether k passes the filter.
func (f keyFilter) matches(k *key) bool {
	if !slices.Contains(f.states, k.State) || f.extractable != nil && *f.extractable != k.Extractable {
		return false
	}
	return f.search == "" || strings.Contains(strings.ToLower(k.Name), f.search) || strings.Contains(k.ID, f.search)
}

// listKeys serves GET /api/v2/keys with limit, offset, state, extractable, search and filter.
func (s *Server) listKeys(w http.ResponseWriter, r *http.Request, u *user) error {
	st := s.store.read()
	in, limit, offset, err := kmsList(st, r, u)
	if err != nil {
		return err
	}
	f, err := parseKeyFilter(r)
	if err != nil {
		return err
	}
	var keys []*key
	for _, k := range st.Keys {
		if k.InstanceGUID == in.GUID && f.matches(k) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b *key) int {
		return cmp.Or(a.CreationDate.Compare(b.CreationDate), strings.Compare(a.ID, b.ID))
	})
	var resources []map[string]any
	for _, k := range pageOf(keys, offset, limit) {
		resources = append(resources, keyJSON(in, k))
	}
	writeJSON(w, http.StatusOK, kmsCollection(kmsKeyType, resources))
	return nil
}

// getKey serves GET /api/v2/keys/{id} and /metadata: exactly one resource.
func (s *Server) getKey(w http.ResponseWriter, r *http.Request, u *user) error {
	in, k, err := kmsKey(s.store.read(), r, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, kmsCollection(kmsKeyType, []map[string]any{keyJSON(in, k)}))
	return nil
}

// createKeyRequest is the body of POST /api/v2/keys.
type createKeyRequest struct {
	Resources []struct {
		Name        string `json:"name"`
		Description string `json:"description"`
		Extractable bool   `json:"extractable"`
		Payload     string `json:"payload"`
	} `json:"resources"`
}

// createKey serves POST /api/v2/keys (the kp client sends no Content-Type).
func (s *Server) createKey(w http.ResponseWriter, r *http.Request, u *user) error {
	var req createKeyRequest
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err := json.Unmarshal(body, &req); err != nil || len(req.Resources) != 1 {
		return errorf(http.StatusBadRequest, "BAD_BODY_ERR", "The request body must be a key collection with exactly one resource.")
	}
	spec := req.Resources[0]
	if n := len(spec.Name); n < 2 || n > 90 || strings.TrimSpace(spec.Name) != spec.Name {
		return errorf(http.StatusBadRequest, "KEY_NAME_ERR", "The key name must be 2 to 90 characters long, without leading or trailing spaces.")
	}
	var created *key
	var in *instance
	return s.updateThenJSON(w, http.StatusCreated, func(st *state) error {
		var err error
		if in, err = kmsInstance(st, r, u); err != nil {
			return err
		}
		now := s.now()
		created = &key{ID: s.newID(st), InstanceGUID: in.GUID, Name: spec.Name, Description: spec.Description,
			Extractable: spec.Extractable, State: keyActive, CreatedBy: u.IAMID, CreationDate: now, LastUpdateDate: now}
		st.Keys[created.ID] = created
		return nil
	}, func(*state) any { return kmsCollection(kmsKeyType, []map[string]any{keyJSON(in, created)}) })
}

// deleteKey serves DELETE /api/v2/keys/{id}[?force=true]. A key with registrations is refused (409
// PROTECTED_RESOURCE_ERR) unless forced; a registration with preventKeyDeletion refuses even a forced delete
// (409 PREV_KEY_DEL_ERR).
func (s *Server) deleteKey(w http.ResponseWriter, r *http.Request, u *user) error {
	force := r.URL.Query().Get("force") == "true"
	var in *instance
	var deleted *key
	err := s.store.update(func(st *state) error {
		var k *key
		var err error
		if in, k, err = kmsKey(st, r, u); err != nil {
			return err
		}
		if k.DeletionDate != nil {
			return errorf(http.StatusGone, "KEY_DELETED_ERR", "The key has already been deleted.")
		}
		now := s.now()
		regs := keyRegistrations(st, k.ID, now)
		for _, reg := range regs {
			if reg.PreventKeyDeletion {
				return errorf(http.StatusConflict, "PREV_KEY_DEL_ERR",
					"The key cannot be deleted because it protects a resource with a retention policy: "+reg.ResourceCRN)
			}
		}
		if len(regs) > 0 && !force {
			return errorf(http.StatusConflict, "PROTECTED_RESOURCE_ERR",
				fmt.Sprintf("Key is protecting one or more cloud resources (%d registrations). Delete them or force the deletion.", len(regs)))
		}
		deleted = st.editKey(k)
		deleted.State, deleted.DeletionDate, deleted.DeletedBy, deleted.LastUpdateDate = keyDestroyed, &now, u.IAMID, now
		deleted.LastNotified = &now
		return nil
	})
	if err != nil {
		return err
	}
	if r.Header.Get("Prefer") == "return=representation" {
		writeJSON(w, http.StatusOK, kmsCollection(kmsKeyType, []map[string]any{keyJSON(in, deleted)}))
		return nil
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// keyAction serves POST /api/v2/keys/{id}/actions/{action} for disable, enable and sync.
func (s *Server) keyAction(w http.ResponseWriter, r *http.Request, u *user) error {
	action := r.PathValue("action")
	unregistration := s.faults.unregistration()
	return s.updateThenStatus(w, http.StatusNoContent, func(st *state) error {
		_, k, err := kmsKey(st, r, u)
		if err != nil {
			return err
		}
		var from, to int
		switch action {
		case "disable":
			from, to = keyActive, keySuspended
		case "enable":
			from, to = keySuspended, keyActive
		case "sync":
			return syncKey(st, k, unregistration, s.now())
		default:
			return errorf(http.StatusBadRequest, "UNSUPPORTED_ACTION_ERR", "cloudsim does not support the key action "+action+".")
		}
		if k.Extractable {
			return errorf(http.StatusBadRequest, "KEY_ROOT_REQ_ERR", "This action is only allowed on root keys.")
		}
		if k.State != from {
			return errorf(http.StatusConflict, "KEY_ACTION_INVALID_STATE_ERR",
				fmt.Sprintf("The key is in state %d; %s needs state %d.", k.State, action, from))
		}
		now := s.now()
		k = st.editKey(k)
		// Disabling and enabling notify the services of the key's associated resources (sync-resources.md).
		k.State, k.LastUpdateDate, k.LastNotified = to, now, &now
		return nil
	})
}

// syncInterval is how long after the last notification of a key's associated resources a sync is refused:
// "The sync API can only be initialized if it has been longer than an hour since the last notification to the
// associated cloud services of the key", else 409 (ibm-cloud-docs/key-protect integrations/sync-resources.md).
const syncInterval = time.Hour

// syncKey serves the sync action (POST /api/v2/keys/{id}/actions/sync, keyprotect-go-client SyncAssociatedResources,
// 204 on success): it notifies the services owning the key's associated resources, which re-check them. The only
// owner emulated is App Configuration, which unregisters instances that no longer exist (see unregisterAppConfig).
// Within syncInterval of the last notification (a sync or a lifecycle action) it answers 409 REQ_TOO_EARLY_ERR with the
// body keyprotect-go-client's TestSyncAssociatedResourcesError shows (kp_test.go): errorMsg "Conflict: Could not
// initiate sync requests to associated resources: ...", reason message "...: Sync cannot be performed until at least
// <RFC 3339 time>".
func syncKey(st *state, k *key, f Fault, now time.Time) error {
	if k.LastNotified != nil && now.Before(k.LastNotified.Add(syncInterval)) {
		until := k.LastNotified.Add(syncInterval)
		e := errorf(http.StatusConflict, "REQ_TOO_EARLY_ERR",
			"The key was updated recently: Please wait and try again: Sync cannot be performed until at least "+kmsTime(until))
		e.Summary = "Conflict: Could not initiate sync requests to associated resources: Please see 'reasons' for more details (REQ_TOO_EARLY_ERR)"
		return e
	}
	k = st.editKey(k)
	k.LastNotified = &now
	for _, reg := range keyRegistrations(st, k.ID, now) {
		if p, ok := parseCRN(reg.ResourceCRN); ok && reg.CreatedBy == appConfigServiceID && p.Service == ServiceAppConfig && st.Instances[p.GUID] == nil {
			unregisterAppConfig(st, reg, f, true, now)
		}
	}
	return nil
}

// refuseRegistrationWrite serves POST, PUT, PATCH and DELETE of /api/v2/keys/{id}/registrations/{crn}: creating,
// replacing, updating or deleting a registration is service-to-service only, so a user token gets 403
// SERVICE_ONLY_ERR (ibm-cloud-docs/key-protect error-messages.md, "This action can only be done by a service").
// Every token cloudsim issues is a user's; App Configuration registers and unregisters inside cloudsim. Whether IBM
// checks the key before refusing is *unconfirmed*; cloudsim checks only the instance header.
func (s *Server) refuseRegistrationWrite(_ http.ResponseWriter, r *http.Request, u *user) error {
	if _, err := kmsInstance(s.store.read(), r, u); err != nil {
		return err
	}
	return errorf(http.StatusForbidden, "SERVICE_ONLY_ERR", "This action can only be done by a service (service to service)")
}

// keyRegistrations returns the registrations of a key that exist at now, sorted by creation date.
func keyRegistrations(st *state, keyID string, now time.Time) []*registration {
	var out []*registration
	for _, reg := range st.Registrations {
		if reg.KeyID == keyID && reg.live(now) {
			out = append(out, reg)
		}
	}
	sortRegistrations(out)
	return out
}

// sortRegistrations sorts registrations by creation date, key and CRN.
func sortRegistrations(regs []*registration) {
	slices.SortFunc(regs, func(a, b *registration) int {
		return cmp.Or(a.CreationDate.Compare(b.CreationDate), strings.Compare(a.KeyID, b.KeyID), strings.Compare(a.ResourceCRN, b.ResourceCRN))
	})
}

// registrationJSON renders a registration as Key Protect does.
func registrationJSON(reg *registration, k *key) map[string]any {
	out := map[string]any{
		"keyId":              reg.KeyID,
		"resourceCrn":        reg.ResourceCRN,
		"createdBy":          reg.CreatedBy,
		"creationDate":       kmsTime(reg.CreationDate),
		"updatedBy":          reg.UpdatedBy,
		"lastUpdated":        kmsTime(reg.LastUpdated),
		"preventKeyDeletion": reg.PreventKeyDeletion,
		"keyVersion":         map[string]any{"id": k.ID, "creationDate": kmsTime(k.CreationDate)},
	}
	if reg.Description != "" {
		out["description"] = reg.Description
	}
	return out
}

// crnQueryMatches matches a resource CRN against urlEncodedResourceCRNQuery (a trailing * matches any suffix).
func crnQueryMatches(query, crn string) bool {
	if prefix, ok := strings.CutSuffix(query, "*"); ok {
		return strings.HasPrefix(crn, prefix)
	}
	return query == crn
}

// listRegistrations serves GET /api/v2/keys/registrations and /api/v2/keys/{id}/registrations.
func (s *Server) listRegistrations(w http.ResponseWriter, r *http.Request, u *user) error {
	st := s.store.read()
	in, limit, offset, err := kmsList(st, r, u)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var regs []*registration
	if id := r.PathValue("id"); id != "" {
		k, err := instanceKey(st, in, id)
		if err != nil {
			return err
		}
		regs = keyRegistrations(st, k.ID, s.now())
	} else {
		now := s.now()
		for _, reg := range st.Registrations {
			if k := st.Keys[reg.KeyID]; k != nil && k.InstanceGUID == in.GUID && reg.live(now) {
				regs = append(regs, reg)
			}
		}
		sortRegistrations(regs)
	}
	crnQuery := cmp.Or(q.Get("urlEncodedResourceCRNQuery"), q.Get("urlEncodedResourceCRN"))
	prevent := q.Get("preventKeyDeletion")
	var resources []map[string]any
	var matched []*registration
	for _, reg := range regs {
		if crnQuery != "" && !crnQueryMatches(crnQuery, reg.ResourceCRN) || prevent != "" && (prevent == "true") != reg.PreventKeyDeletion {
			continue
		}
		matched = append(matched, reg)
	}
	for _, reg := range pageOf(matched, offset, limit) {
		resources = append(resources, registrationJSON(reg, st.Keys[reg.KeyID]))
	}
	body := kmsCollection(kmsRegistrationType, resources)
	if q.Get("totalCount") == "true" {
		body["metadata"].(map[string]any)["totalCount"] = len(matched)
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// registerResource records that root key k protects resourceCRN; the owning service (App Configuration) calls it.
func registerResource(st *state, k *key, resourceCRN, description, by string, prevent bool, now time.Time) error {
	if k.Extractable {
		return errorf(http.StatusBadRequest, "KEY_ROOT_REQ_ERR", "Registrations are only allowed on root keys.")
	}
	if k.State != keyActive {
		// "The key state must be active (state value is 1) when registering the key with a cloud resource":
		// 422 KEY_INVALID_STATE_ERR (ibm-cloud-docs/key-protect error-messages.md).
		return errorf(http.StatusUnprocessableEntity, "KEY_INVALID_STATE_ERR", "Key is not in a valid state")
	}
	if _, ok := parseCRN(resourceCRN); !ok {
		return errorf(http.StatusBadRequest, "BAD_CRN_ERR", "The resource CRN "+resourceCRN+" is not a valid CRN.")
	}
	id := registrationID(k.ID, resourceCRN)
	if reg := st.Registrations[id]; reg != nil && reg.live(now) {
		return errorf(http.StatusConflict, "REGISTRATION_DUPLICATE_ERR", "The key is already registered with this resource.")
	}
	st.Registrations[id] = &registration{KeyID: k.ID, ResourceCRN: resourceCRN, Description: description, PreventKeyDeletion: prevent,
		CreatedBy: by, UpdatedBy: by, CreationDate: now, LastUpdated: now}
	return nil
}

// listKeyRings serves GET /api/v2/key_rings: every instance has the "default" ring.
func (s *Server) listKeyRings(w http.ResponseWriter, r *http.Request, u *user) error {
	in, err := kmsInstance(s.store.read(), r, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, kmsCollection(kmsKeyRingType, []map[string]any{
		{"id": "default", "creationDate": kmsTime(in.CreatedAt), "createdBy": in.CreatedBy},
	}))
	return nil
}
