package handlers

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"appconfig-console/services/ibmcloud"
)

// upstreamAnswers is how each kind of upstream failure is answered: its response status and error page heading; any
// other kind is a bad gateway, "Service unavailable".
var upstreamAnswers = map[ibmcloud.Kind]struct {
	status int
	title  string
}{
	ibmcloud.KindForbidden:   {http.StatusForbidden, "Access denied"},
	ibmcloud.KindNotFound:    {http.StatusNotFound, "Not found"},
	ibmcloud.KindConflict:    {http.StatusConflict, "Conflict"},
	ibmcloud.KindInvalid:     {http.StatusBadRequest, "Request refused"},
	ibmcloud.KindRateLimited: {http.StatusTooManyRequests, "Too many requests"},
	ibmcloud.KindTimeout:     {http.StatusGatewayTimeout, "Timed out"},
}

// upstreamStatus is the response status for an upstream failure.
func upstreamStatus(e *ibmcloud.Error) int {
	if a, ok := upstreamAnswers[e.Kind]; ok {
		return a.status
	}
	return http.StatusBadGateway
}

// upstreamTitle is the error page heading for an upstream failure.
func upstreamTitle(e *ibmcloud.Error) string {
	if a, ok := upstreamAnswers[e.Kind]; ok {
		return a.title
	}
	return "Service unavailable"
}

// UpstreamMessage explains an upstream failure to a person: what happened, in whose words, and what to do.
func UpstreamMessage(e *ibmcloud.Error) string {
	service := e.Service
	if service == "" {
		service = "IBM Cloud"
	}
	switch e.Kind {
	case ibmcloud.KindForbidden:
		return said(service+" refused", e.Message) + " You need " + missingAccess(e.Service) +
			". Ask an account administrator to grant it in Manage > Access (IAM)."
	case ibmcloud.KindNotFound:
		return said(service+" could not find it", e.Message) + " It may have been deleted."
	case ibmcloud.KindConflict:
		return said(service+" reported a conflict", e.Message)
	case ibmcloud.KindInvalid:
		return said(service+" refused the request", e.Message)
	case ibmcloud.KindRateLimited:
		if e.RetryAfter >= time.Second {
			return fmt.Sprintf("%s is receiving too many requests. Wait %d seconds and try again.", service, int(e.RetryAfter/time.Second))
		}
		return fmt.Sprintf("%s is receiving too many requests. Wait a moment and try again.", service)
	case ibmcloud.KindTimeout:
		return fmt.Sprintf("%s did not answer in time. Try again in a moment.", service)
	case ibmcloud.KindUnauthorized:
		return "Your session has expired. Sign in again."
	}
	if detail := strings.TrimRight(strings.TrimSpace(e.Message), ".!?;:, "); detail != "" {
		return fmt.Sprintf("%s is unavailable (%s). Try again in a moment.", service, detail)
	}
	return service + " is unavailable. Try again in a moment."
}

// said is one sentence: what happened, then in the upstream's words why, when it said why ("Key Protect refused: the
// key is locked."); the upstream's own final punctuation is kept rather than doubled.
func said(what, message string) string {
	message = strings.TrimRight(strings.TrimSpace(message), " .;:,")
	if message == "" {
		return what + "."
	}
	if strings.HasSuffix(message, "!") || strings.HasSuffix(message, "?") {
		return what + ": " + message
	}
	return what + ": " + message + "."
}

// missingAccess names the IAM access a refused call to service needs.
func missingAccess(service string) string {
	switch service {
	case "Key Protect", "Hyper Protect Crypto Services":
		return "a service access role on that " + service + " instance: Reader to see its keys, Writer or Manager to create or change them"
	case "App Configuration":
		return "a service access role on the App Configuration instance: Reader to see its integrations, Manager to change them"
	case "IAM":
		return "the Administrator role on the target service (or on all IAM-enabled services) to create or remove authorizations, " +
			"and the Viewer role on IAM Access Management to list them"
	case "Resource Controller":
		return "a platform role on the instance or its resource group: Viewer to see it, Editor or Administrator to create or delete it"
	case "Resource Manager":
		return "the Viewer platform role on the account's resource groups"
	case "Global Catalog":
		return "read access to the IBM Cloud catalog"
	}
	return "an IAM access role that allows this action"
}
