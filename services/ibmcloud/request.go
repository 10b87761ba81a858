package ibmcloud

import (
	"github.com/IBM/go-sdk-core/v5/core"
)

// problemComponent names the console as the SDK component of the requests it builds itself.
var problemComponent = core.NewProblemComponent("appconfig-console", "1")

// Do sends a request built for a generic SDK service (such as Connector.AppConfig gives),
// decodes a successful answer into result, and returns a failure as an *Error of service.
func Do(service string, svc *core.BaseService, builder *core.RequestBuilder, result any) error {
	req, err := builder.Build()
	if err != nil {
		return err
	}
	resp, err := svc.Request(req, result)
	if err == nil {
		return nil
	}
	// The core keeps the HTTP problem (status, body) out of its error chain until an SDK wraps the error for its
	// service, as the generated SDKs do; do the same so the status is known.
	core.EnrichHTTPProblem(err, "", problemComponent)
	out := Classify(service, core.SDKErrorf(err, "", "", problemComponent))
	if msg := keyManagementErrorMessage(resp); msg != "" {
		out.Message = msg
	}
	return out
}

// keyManagementErrorMessage reads the reason (or errorMsg) out of a key management error envelope, which the core does
// not understand.
func keyManagementErrorMessage(resp *core.DetailedResponse) string {
	if resp == nil {
		return ""
	}
	body, _ := resp.Result.(map[string]any)
	list, _ := body["resources"].([]any)
	if len(list) == 0 {
		return ""
	}
	first, _ := list[0].(map[string]any)
	if reasons, ok := first["reasons"].([]any); ok && len(reasons) > 0 {
		if reason, ok := reasons[0].(map[string]any); ok {
			if msg, ok := reason["message"].(string); ok && msg != "" {
				return msg
			}
		}
	}
	msg, _ := first["errorMsg"].(string)
	return msg
}
