package cloudsim

import (
	"cmp"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// appConfigServiceID is the identity App Configuration uses when it registers with key management.
const appConfigServiceID = "ServiceId-apprapp"

// appConfigRegistrationDescription is the description of the registration of an App Configuration instance.
func appConfigRegistrationDescription(instanceName string) string {
	return "App Configuration instance " + instanceName + " (customer-managed encryption)"
}

// integrationIDPattern is the allowed form of integration IDs.
var integrationIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,256}$`)

// appConfigInstance returns the App Configuration instance of the path.
func appConfigInstance(st *state, r *http.Request, u *user) (*instance, error) {
	guid := r.PathValue("guid")
	in := st.Instances[guid]
	if in == nil || in.Service != ServiceAppConfig {
		return nil, errorf(http.StatusNotFound, "not_found", "App Configuration instance "+guid+" not found.")
	}
	if in.AccountID != u.AccountID {
		// The user has no role on another account's instance: App Configuration answers 401 (see errAppConfigNoAccess).
		return nil, errAppConfigNoAccess
	}
	return in, nil
}

// appConfigIntegration returns the App Configuration instance of the path and its integration of the path's id.
func appConfigIntegration(st *state, r *http.Request, u *user) (*instance, *integration, error) {
	in, err := appConfigInstance(st, r, u)
	if err != nil {
		return nil, nil, err
	}
	ig := st.Integrations[integrationID(in.GUID, r.PathValue("id"))]
	if ig == nil {
		return nil, nil, errorf(http.StatusNotFound, "not_found", "Integration "+r.PathValue("id")+" not found.")
	}
	return in, ig, nil
}

// keyStatus is the key_status of a KMS integration, from the state of its root key.
func keyStatus(st *state, ig *integration) string {
	k := st.Keys[ig.RootKeyID]
	switch {
	case k == nil || k.State == keyDestroyed:
		return "NON_USABLE_DELETE"
	case k.State == keyActive:
		return "USABLE"
	default:
		return "NON_USABLE_DISABLE"
	}
}

// integrationJSON renders an integration as App Configuration does.
func (s *Server) integrationJSON(r *http.Request, st *state, ig *integration) map[string]any {
	var md map[string]any
	if ig.Type == integrationKMS {
		scheme := "BYOK"
		if p, _ := parseCRN(ig.KMSInstanceCRN); p.Service == ServiceHPCS {
			scheme = "KYOK"
		}
		md = map[string]any{
			"kms_instance_crn": ig.KMSInstanceCRN,
			"kms_endpoint":     cmp.Or(ig.KMSEndpoint, s.baseURL(r)),
			"root_key_id":      ig.RootKeyID,
			"key_status":       keyStatus(st, ig),
			"kms_scheme_type":  scheme,
		}
	} else {
		source := ""
		if in := st.Instances[ig.InstanceGUID]; in != nil {
			source = in.crn()
		}
		// The response carries the source ID (the App Configuration instance's CRN), endpoint and CRN, never the
		// source's name or description (IBM/appconfiguration-go-admin-sdk IntegrationMetadataMetadataEnIntegration).
		md = map[string]any{
			"event_notifications_instance_crn": ig.ENInstanceCRN,
			"event_notifications_endpoint":     cmp.Or(ig.ENEndpoint, s.baseURL(r)),
			"event_notifications_source_id":    source,
		}
	}
	return map[string]any{
		"integration_id":   ig.ID,
		"integration_type": ig.Type,
		"metadata":         md,
		"created_time":     rcTime(ig.CreatedTime),
		"updated_time":     rcTime(ig.UpdatedTime),
		"href":             s.integrationsURL(r, ig.InstanceGUID) + "/" + ig.ID,
	}
}

// integrationsURL is the URL of an instance's integrations collection.
func (s *Server) integrationsURL(r *http.Request, guid string) string {
	return s.baseURL(r) + "/apprapp/feature/v1/instances/" + guid + "/integrations"
}

// instanceIntegrations returns the integrations of an instance, oldest first.
func instanceIntegrations(st *state, guid string) []*integration {
	var out []*integration
	for _, ig := range st.Integrations {
		if ig.InstanceGUID == guid {
			out = append(out, ig)
		}
	}
	slices.SortFunc(out, func(a, b *integration) int {
		return cmp.Or(a.CreatedTime.Compare(b.CreatedTime), strings.Compare(a.ID, b.ID))
	})
	return out
}

// listIntegrations serves GET .../integrations with limit (1..100, default 10), offset and expand. The metadata of
// each integration is returned only with expand=true: IBM/appconfiguration-go-admin-sdk's examples and integration
// tests (appconfigurationv1 ListIntegrations) always set Expand(true) to read it; that it is dropped without expand is
// *unconfirmed*.
func (s *Server) listIntegrations(w http.ResponseWriter, r *http.Request, u *user) error {
	st := s.store.read()
	in, err := appConfigInstance(st, r, u)
	if err != nil {
		return err
	}
	limit, offset, aerr := listPage(r, 10, 100, offsetParam)
	if aerr != nil {
		return aerr
	}
	expand := r.URL.Query().Get("expand") == "true"
	all := instanceIntegrations(st, in.GUID)
	items := []map[string]any{}
	for _, ig := range pageOf(all, offset, limit) {
		item := s.integrationJSON(r, st, ig)
		if !expand {
			delete(item, "metadata")
		}
		items = append(items, item)
	}
	link := func(off int) map[string]any {
		href := s.integrationsURL(r, in.GUID) + "?limit=" + strconv.Itoa(limit) + "&offset=" + strconv.Itoa(off)
		if expand {
			href += "&expand=true"
		}
		return map[string]any{"href": href}
	}
	body := map[string]any{
		"integrations": items, "limit": limit, "offset": offset, "total_count": len(all),
		"first": link(0), "last": link(max(0, (len(all)-1)/limit*limit)),
	}
	if offset+limit < len(all) {
		body["next"] = link(offset + limit)
	}
	if offset > 0 {
		body["previous"] = link(max(0, offset-limit))
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// getIntegration serves GET .../integrations/{id}.
func (s *Server) getIntegration(w http.ResponseWriter, r *http.Request, u *user) error {
	st := s.store.read()
	_, ig, err := appConfigIntegration(st, r, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.integrationJSON(r, st, ig))
	return nil
}

// createIntegrationRequest is the body of POST .../integrations.
type createIntegrationRequest struct {
	IntegrationID   string `json:"integration_id"`
	IntegrationType string `json:"integration_type"`
	Metadata        struct {
		KMSInstanceCRN      string `json:"kms_instance_crn"`
		KMSEndpoint         string `json:"kms_endpoint"`
		RootKeyID           string `json:"root_key_id"`
		ENInstanceCRN       string `json:"event_notifications_instance_crn"`
		ENEndpoint          string `json:"event_notifications_endpoint"`
		ENSourceName        string `json:"event_notifications_source_name"`
		ENSourceDescription string `json:"event_notifications_source_description"`
	} `json:"metadata"`
}

// badRequest is a 400 answer of App Configuration.
func badRequest(msg string) *apiError { return errorf(http.StatusBadRequest, "bad_request", msg) }

// validateIntegration checks the fields a create request needs.
func validateIntegration(req *createIntegrationRequest) error {
	md := req.Metadata
	switch {
	case !integrationIDPattern.MatchString(req.IntegrationID):
		return badRequest("integration_id is required and may contain only letters, digits, dot (.), hyphen (-) and underscore (_).")
	case req.IntegrationType == integrationKMS && (md.KMSInstanceCRN == "" || md.KMSEndpoint == "" || md.RootKeyID == ""):
		return badRequest("A KMS integration needs metadata.kms_instance_crn, metadata.kms_endpoint and metadata.root_key_id.")
	case req.IntegrationType == integrationEN && (md.ENInstanceCRN == "" || md.ENEndpoint == "" || md.ENSourceName == ""):
		return badRequest("An EVENT_NOTIFICATIONS integration needs metadata.event_notifications_instance_crn, metadata.event_notifications_endpoint and metadata.event_notifications_source_name.")
	case req.IntegrationType != integrationKMS && req.IntegrationType != integrationEN:
		return badRequest("integration_type must be KMS or EVENT_NOTIFICATIONS.")
	}
	return nil
}

// isReaderOrAbove reports whether a role includes the Reader role of key management.
func isReaderOrAbove(roleCRN string) bool {
	return slices.Contains([]string{RoleReaderCRN, RoleKMSReaderPlusCRN, RoleHPCSReaderPlusCRN, RoleWriterCRN, RoleManagerCRN}, roleCRN)
}

// isEventSourceManager reports whether a role is Event Notifications' Event Source Manager.
func isEventSourceManager(roleCRN string) bool { return roleCRN == RoleEventSourceManagerCRN }

// HPCSIntegrationsClosed is when App Configuration stopped accepting new integrations with Hyper Protect Crypto
// Services (ibm-cloud-docs/app-configuration release-notes.md, 17 March 2026: "no longer supports new integrations
// with Hyper Protect Crypto Services (HPCS) for key management. Existing HPCS integrations continue to work").
var HPCSIntegrationsClosed = time.Date(2026, time.March, 17, 0, 0, 0, 0, time.UTC)

// errHPCSIntegrationClosed refuses a new HPCS integration. *Unconfirmed*: IBM's status and body; this uses App
// Configuration's error shape, 400, and a message naming the change.
var errHPCSIntegrationClosed = badRequest("App Configuration no longer supports new integrations with Hyper Protect Crypto Services " +
	"(since 17 March 2026); existing integrations continue to work. Use Key Protect for customer-managed encryption.")

// errKMSIntegrationPermanent refuses the removal of a KMS integration: customer-managed encryption cannot be disabled
// once enabled; the instance must be deleted instead (ibm-cloud-docs/app-configuration ac-managing-encryption.md).
// *Unconfirmed*: what the API answers (terraform-provider-ibm's resource sends the DELETE); this uses App
// Configuration's error shape and 400.
var errKMSIntegrationPermanent = badRequest("Customer-managed encryption cannot be disabled once it is enabled, so a KMS integration " +
	"cannot be deleted. Delete the App Configuration instance instead.")

// addKMSIntegration applies the KMS integration rules and registers the instance CRN on the root key; authz is the
// state whose policies are in effect.
func (s *Server) addKMSIntegration(st, authz *state, in *instance, ig *integration) error {
	target := st.instanceByCRN(ig.KMSInstanceCRN)
	if target == nil || !target.isKeyManagement() || target.AccountID != in.AccountID {
		return badRequest("kms_instance_crn " + ig.KMSInstanceCRN + " is not a Key Protect or Hyper Protect Crypto Services instance of this account.")
	}
	if target.Service == ServiceHPCS && !ig.CreatedTime.Before(HPCSIntegrationsClosed) {
		return errHPCSIntegrationClosed
	}
	if !authorizedFor(authz, in, target, ig.RootKeyID, isReaderOrAbove) {
		return errorf(http.StatusForbidden, "authorization_missing",
			"App Configuration is not authorized to access the key management instance "+target.Name+
				". Create an authorization in IAM (Access > Authorizations) with source App Configuration, target "+
				catalogServiceByName(target.Service).DisplayName+" and the Reader role, then try again.")
	}
	k := st.Keys[ig.RootKeyID]
	switch {
	case k == nil || k.InstanceGUID != target.GUID:
		return badRequest("Root key " + ig.RootKeyID + " does not exist in " + target.Name + ".")
	case k.Extractable:
		return badRequest("Key " + k.Name + " is a standard key; customer-managed encryption needs a root key.")
	}
	err := registerResource(st, k, in.crn(), appConfigRegistrationDescription(in.Name), appConfigServiceID, false, ig.CreatedTime)
	var refused *apiError
	if errors.As(err, &refused) && refused.Code == "KEY_INVALID_STATE_ERR" {
		// Key Protect refuses the registration of a key that is not active with 422 KEY_INVALID_STATE_ERR
		// (ibm-cloud-docs/key-protect error-messages.md); App Configuration then fails the integration create.
		// *unconfirmed*: how App Configuration surfaces it; cloudsim passes the 422 on in App Configuration's error
		// shape, naming Key Protect's reason.
		return errorf(http.StatusUnprocessableEntity, "key_invalid_state", "Root key "+k.Name+" is not active (state "+
			strconv.Itoa(k.State)+"), so "+catalogServiceByName(target.Service).DisplayName+
			" refused to register the instance with it (KEY_INVALID_STATE_ERR: Key is not in a valid state). Choose an active root key.")
	}
	return err
}

// unregisterAppConfig is App Configuration unregistering its instance from a key (reg) because the instance was
// deleted (sync false) or because a sync of the key asked it to re-check (sync true). The unregistration-fails fault
// skips it at the deletion only, unregistration-keeps-failing at both, and unregistration-delay makes it land later
// (the registration is listed until then).
func unregisterAppConfig(st *state, reg *registration, f Fault, sync bool, now time.Time) {
	if f.UnregistrationKeepsFailing || f.UnregistrationFails && !sync {
		return
	}
	id := registrationID(reg.KeyID, reg.ResourceCRN)
	if f.UnregistrationDelay <= 0 {
		delete(st.Registrations, id)
		return
	}
	if reg.UnregisterAt != nil {
		return // already on its way
	}
	pending := *reg
	at := now.Add(f.UnregistrationDelay)
	pending.UnregisterAt = &at
	st.Registrations[id] = &pending
}

// addENIntegration applies the Event Notifications integration rules; authz is the state whose policies are in effect.
func addENIntegration(st, authz *state, in *instance, ig *integration) error {
	target := st.instanceByCRN(ig.ENInstanceCRN)
	if target == nil || target.Service != ServiceEventNotifications || target.AccountID != in.AccountID {
		return badRequest("event_notifications_instance_crn " + ig.ENInstanceCRN + " is not an Event Notifications instance of this account.")
	}
	if !authorizedFor(authz, in, target, "", isEventSourceManager) {
		return errorf(http.StatusForbidden, "authorization_missing",
			"App Configuration is not authorized to send events to "+target.Name+
				". Create an authorization in IAM with source App Configuration, target Event Notifications and the Event Source Manager role, then try again.")
	}
	for _, other := range st.Integrations {
		if other.Type != integrationEN || other.ENInstanceCRN != ig.ENInstanceCRN {
			continue
		}
		// Source names are unique within an Event Notifications instance (the status and body are *unconfirmed*).
		if strings.EqualFold(other.ENSourceName, ig.ENSourceName) {
			return errorf(http.StatusConflict, "conflict", "Event Notifications instance "+target.Name+" already has a source named "+
				strconv.Quote(other.ENSourceName)+"; choose another source name.")
		}
		// "You can configure only one App Configuration instance to one Event Notifications service instance"
		// (ibm-cloud-docs/app-configuration ac-en-integration.md; the API's status and body are *unconfirmed*).
		if other.InstanceGUID != in.GUID {
			owner := other.InstanceGUID
			if ac := st.Instances[other.InstanceGUID]; ac != nil {
				owner = ac.Name
			}
			return errorf(http.StatusConflict, "conflict", "Event Notifications instance "+target.Name+" is already connected to App Configuration instance "+
				owner+"; an Event Notifications instance takes only one App Configuration instance.")
		}
	}
	return nil
}

// createIntegration serves POST .../integrations: Enterprise plan only, at most one per type, authorization required.
func (s *Server) createIntegration(w http.ResponseWriter, r *http.Request, u *user) error {
	var req createIntegrationRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return badRequest("The request body is not valid JSON: " + err.Error())
	}
	if err := validateIntegration(&req); err != nil {
		return err
	}
	var created *integration
	return s.updateThenJSON(w, http.StatusCreated, func(st *state) error {
		in, err := appConfigInstance(st, r, u)
		if err != nil {
			return err
		}
		if in.PlanID != AppConfigEnterprisePlanID {
			_, plan := catalogPlanByID(in.PlanID)
			return badRequest("Integrations with " + strings.ReplaceAll(strings.ToLower(req.IntegrationType), "_", " ") +
				" are available only on the Enterprise plan; instance " + in.Name + " is on the " + plan.DisplayName + " plan.")
		}
		if st.Integrations[integrationID(in.GUID, req.IntegrationID)] != nil {
			return errorf(http.StatusConflict, "conflict", "Integration "+req.IntegrationID+" already exists.")
		}
		if slices.ContainsFunc(instanceIntegrations(st, in.GUID), func(ig *integration) bool { return ig.Type == req.IntegrationType }) {
			return errorf(http.StatusConflict, "conflict", "Instance "+in.Name+" already has a "+req.IntegrationType+" integration; an instance can have only one.")
		}
		now := s.now()
		md := req.Metadata
		ig := &integration{InstanceGUID: in.GUID, ID: req.IntegrationID, Type: req.IntegrationType, CreatedTime: now, UpdatedTime: now,
			KMSInstanceCRN: md.KMSInstanceCRN, KMSEndpoint: md.KMSEndpoint, RootKeyID: md.RootKeyID,
			ENInstanceCRN: md.ENInstanceCRN, ENEndpoint: md.ENEndpoint, ENSourceName: md.ENSourceName, ENSourceDescription: md.ENSourceDescription}
		// A policy still propagating (the propagation fault) grants nothing yet.
		authz := s.faults.effective(st)
		if ig.Type == integrationKMS {
			err = s.addKMSIntegration(st, authz, in, ig)
		} else {
			err = addENIntegration(st, authz, in, ig)
		}
		if err != nil {
			return err
		}
		st.Integrations[integrationID(in.GUID, ig.ID)] = ig
		created = ig
		return nil
	}, func(st *state) any { return s.integrationJSON(r, st, created) })
}

// deleteIntegration serves DELETE .../integrations/{id}; only Event Notifications integrations can be deleted (a KMS
// integration goes with its instance).
func (s *Server) deleteIntegration(w http.ResponseWriter, r *http.Request, u *user) error {
	return s.updateThenStatus(w, http.StatusNoContent, func(st *state) error {
		in, ig, err := appConfigIntegration(st, r, u)
		if err != nil {
			return err
		}
		if ig.Type == integrationKMS {
			return errKMSIntegrationPermanent
		}
		delete(st.Integrations, integrationID(in.GUID, ig.ID))
		return nil
	})
}
