package cloudsim

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
)

// API names, used for fault injection and for the shape of error bodies.
const (
	apiIAM                = "iam"
	apiResourceController = "resource-controller"
	apiResourceManager    = "resource-manager"
	apiGlobalCatalog      = "global-catalog"
	apiIAMPolicy          = "iam-policy"
	apiKMS                = "kms"
	apiAppConfig          = "appconfig"
)

// apiNames lists every API name in a stable order.
var apiNames = []string{apiIAM, apiResourceController, apiResourceManager, apiGlobalCatalog, apiIAMPolicy, apiKMS, apiAppConfig}

// apiError is an error answer of one of the APIs.
type apiError struct {
	Status  int
	Code    string
	Message string
	// Summary is Key Protect's errorMsg when it differs from "<status text>: <message>".
	Summary string
	// Details is Resource Controller's details field (a broker's own answer), when there is one.
	Details string
}

// Error returns the message.
func (e *apiError) Error() string { return e.Message }

// errorf builds an apiError.
func errorf(status int, code, message string) *apiError {
	return &apiError{Status: status, Code: code, Message: message}
}

// writeJSON answers with status and v encoded as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// randomHex returns n random bytes as hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// writeAPIError answers with e in the error format of api.
func writeAPIError(w http.ResponseWriter, r *http.Request, api string, e *apiError) {
	if e.Status == http.StatusTooManyRequests || e.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	switch api {
	case apiIAM:
		writeJSON(w, e.Status, map[string]any{
			"errorCode":    e.Code,
			"errorMessage": e.Message,
			"context": map[string]any{
				"requestId":   randomHex(16),
				"requestType": "incoming.Identity_Token",
				"url":         r.URL.Path,
				"locale":      "en_US",
			},
		})
	case apiKMS:
		if e == errKMSNoAccess {
			writeJSON(w, e.Status, kmsNoAccessBody())
			return
		}
		writeJSON(w, e.Status, kmsErrorBody(kmsStatusCode(e)))
	case apiIAMPolicy:
		writeJSON(w, e.Status, map[string]any{
			"trace":       randomHex(16),
			"errors":      []map[string]any{{"code": iamPolicyCode(e), "message": e.Message, "more_info": "https://cloud.ibm.com/apidocs/iam-policy-management"}},
			"status_code": e.Status,
		})
	case apiAppConfig:
		writeJSON(w, e.Status, map[string]any{
			"status_code": e.Status,
			"message":     e.Message,
			"trace":       "appconfig-txid-" + randomHex(12),
		})
	case apiGlobalCatalog:
		writeJSON(w, e.Status, map[string]any{
			"status_code": e.Status,
			"code":        e.Code,
			"message":     e.Message,
		})
	default: // resource-controller, resource-manager
		body := map[string]any{
			"message":        e.Message,
			"status_code":    e.Status,
			"error_code":     e.Code,
			"transaction_id": randomHex(16),
		}
		if e.Details != "" {
			body["details"] = e.Details
		}
		writeJSON(w, e.Status, body)
	}
}

// kmsErrorBody is Key Protect's error envelope for e.
func kmsErrorBody(e *apiError) map[string]any {
	return map[string]any{
		"metadata": map[string]any{"collectionType": "application/vnd.ibm.kms.error+json", "collectionTotal": 1},
		"resources": []map[string]any{{
			"errorMsg": cmp.Or(e.Summary, http.StatusText(e.Status)+": "+e.Message),
			"reasons": []map[string]any{{
				"code":     e.Code,
				"message":  e.Message,
				"status":   e.Status,
				"moreInfo": "https://cloud.ibm.com/apidocs/key-protect",
			}},
		}},
	}
}

// kmsNoAccessBody is Key Protect's answer to a valid token that lacks the role: an errorMsg and no reasons, as shown in
// ibm-cloud-docs/key-protect ts-unable-to-authenticate-api.md (reason code UNAUTHORIZED_ERR in error-messages.md).
func kmsNoAccessBody() map[string]any {
	return map[string]any{
		"metadata":  map[string]any{"collectionType": "application/vnd.ibm.kms.error+json", "collectionTotal": 1},
		"resources": []map[string]any{{"errorMsg": "Unauthorized: " + errKMSNoAccess.Message}},
	}
}

// Standard refusals shared by the APIs.
var (
	errUnauthorized = errorf(http.StatusUnauthorized, "unauthorized", "The provided access token is missing, invalid or expired.")
	errForbidden    = errorf(http.StatusForbidden, "forbidden", "You are not authorized to perform this action: it needs the Administrator, Manager or Writer role.")
	// errKMSNoAccess is Key Protect's refusal of a valid token without the role on the instance: 401 UNAUTHORIZED_ERR
	// (ibm-cloud-docs/key-protect error-messages.md, ts-unable-to-authenticate-api.md), written without reasons.
	errKMSNoAccess = errorf(http.StatusUnauthorized, "UNAUTHORIZED_ERR", "The user does not have access to the specified resource")
	// errAppConfigNoAccess is App Configuration's refusal of a user acting outside their IAM role: 401 with this message
	// (ibm-cloud-docs/app-configuration ac-iam-policies-collections.md, "Verify that it works").
	errAppConfigNoAccess = errorf(http.StatusUnauthorized, "unauthorized", "unauthorized: Looks like you do not have access to requested resource "+
		"or action is not permitted for the corresponding IAM role. If this is a shared resource, please check if access policies are rightly created.")
)

// roleRefusal is how api refuses a valid token whose user lacks the role for the request: Key Protect (and HPCS, which
// serves the same key API) and App Configuration answer 401, the platform APIs 403.
func roleRefusal(api string) *apiError {
	switch api {
	case apiKMS:
		return errKMSNoAccess
	case apiAppConfig:
		return errAppConfigNoAccess
	}
	return errForbidden
}

// iamPolicyCodes are the error codes IAM Policy Management answers with (platform-services-go-sdk
// iampolicymanagementv1, the ErrorObjectCode*Const list; "insufficent_permissions" is IBM's spelling).
var iamPolicyCodes = []string{"insufficent_permissions", "invalid_body", "invalid_token", "missing_required_query_parameter",
	"not_found", "policy_conflict_error", "policy_not_found", "request_not_processed", "role_conflict_error", "role_not_found",
	"too_many_requests", "unable_to_process", "unsupported_content_type"}

// iamPolicyCode returns e's code when IAM Policy Management has it, or the code of its status otherwise: the shared
// refusals (401, 403), injected faults and generic 400s speak IAM's language. Which code IAM gives a 5xx or a bad
// paging parameter is *unconfirmed*: request_not_processed and invalid_body are the nearest in the list.
func iamPolicyCode(e *apiError) string {
	if slices.Contains(iamPolicyCodes, e.Code) {
		return e.Code
	}
	switch {
	case e.Status == http.StatusUnauthorized:
		return "invalid_token"
	case e.Status == http.StatusForbidden:
		return "insufficent_permissions"
	case e.Status == http.StatusNotFound:
		return "not_found"
	case e.Status == http.StatusTooManyRequests:
		return "too_many_requests"
	case e.Status >= http.StatusInternalServerError:
		return "request_not_processed"
	}
	return "invalid_body"
}

// kmsStatusCode maps generic error codes to Key Protect reason codes.
func kmsStatusCode(e *apiError) *apiError {
	code := e.Code
	switch e.Status {
	case http.StatusUnauthorized:
		code = "UNAUTHORIZED_ERR"
	case http.StatusForbidden:
		if code == errForbidden.Code {
			code = "FORBIDDEN_ERR"
		}
	case http.StatusTooManyRequests:
		code = "TOO_MANY_REQUESTS_ERR"
	case http.StatusInternalServerError:
		if code == "internal_error" {
			code = "INTERNAL_SERVER_ERR"
		}
	case http.StatusServiceUnavailable:
		code = "SERVICE_UNAVAILABLE_ERR"
	}
	return &apiError{Status: e.Status, Code: code, Message: e.Message, Summary: e.Summary}
}

// offsetReader reads where in a list a page starts.
type offsetReader func(r *http.Request) (int, *apiError)

// listPage reads the limit (1 to maxLimit, defLimit without one) of a list, then its offset with readOffset.
func listPage(r *http.Request, defLimit, maxLimit int, readOffset offsetReader) (limit, offset int, aerr *apiError) {
	if limit, aerr = parseIntParam(r, "limit", defLimit, 1, maxLimit); aerr != nil {
		return 0, 0, aerr
	}
	offset, aerr = readOffset(r)
	return limit, offset, aerr
}

// offsetParam reads the offset query parameter, 0 without one.
func offsetParam(r *http.Request) (int, *apiError) { return parseIntParam(r, "offset", 0, 0, 1<<30) }

// parseIntParam parses an optional integer query parameter within [min, max].
func parseIntParam(r *http.Request, name string, def, min, max int) (int, *apiError) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, errorf(http.StatusBadRequest, "invalid_parameter",
			"The query parameter '"+name+"' must be an integer between "+strconv.Itoa(min)+" and "+strconv.Itoa(max)+".")
	}
	return n, nil
}
