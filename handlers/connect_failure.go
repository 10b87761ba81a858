package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/connect"
	"appconfig-console/services/ibmcloud"
)

// connectFailure explains a refused or failed connection of either kind (Key Management or Event Notifications) to
// the target instance for the request c: what happened, what exists now, and what to do. target names the instance,
// or, when the chosen instance was not found, its service.
func connectFailure(c echo.Context, err error, target string) failure {
	f := failureOf(c, err)
	var ce *connect.Error
	if !errors.As(err, &ce) {
		return failure{f.Status, "Could not connect", f.Message + " Nothing was created."}
	}
	switch ce.Problem {
	case connect.ProblemNoChoice:
		return failure{http.StatusUnprocessableEntity, "Choose an instance and a root key",
			"Select the instance and the root key to connect, then click Create. Nothing was created."}
	case connect.ProblemInstanceGone:
		return failure{http.StatusNotFound, "Instance not found", "The chosen " + target +
			" instance no longer exists, or you cannot see it. Choose another instance. Nothing was created."}
	case connect.ProblemPlan:
		return failure{http.StatusForbidden, "Enterprise plan required",
			"Integrations with Key Management and Event Notifications are available only on the App Configuration Enterprise plan. Nothing was created."}
	case connect.ProblemAlreadyConnected:
		if ce.Existing.Type == appconfig.TypeKMS {
			return failure{http.StatusConflict, "Already connected",
				"This instance already uses root key " + ce.Existing.RootKeyID + ". Customer-managed encryption stays on for the life of the instance, " +
					"with the key it was set up with." + keptNote(ce, target)}
		}
		return failure{http.StatusConflict, "Already connected",
			"This App Configuration instance is already connected to Event Notifications. Disconnect it on the Integrations page first." + keptNote(ce, target)}
	case connect.ProblemNotAuthorized:
		return failure{http.StatusUnprocessableEntity, "Service authorization needed",
			"App Configuration is not authorized to read the root keys of " + target + ". Tick \u201cAuthorize App Configuration as part of Create\u201d, " +
				"or create the authorization in Access (IAM), then click Create again. Nothing was created."}
	case connect.ProblemRefused:
		return failure{http.StatusUnprocessableEntity, "Could not connect", sentence(ce.Err.Error()) + " Nothing was created."}
	case connect.ProblemNotInEffect:
		return failure{http.StatusServiceUnavailable, "Authorization not in effect yet",
			fmt.Sprintf("The service authorization from App Configuration to %s is in place%s, but App Configuration still refused the integration "+
				"after waiting %s: a new authorization can take a while to take effect. The integration was not created. "+
				"Try Create again in a minute; the authorization is in place.", target, createdNote(ce), ce.Waited.Round(time.Second))}
	}
	cause := failureOf(c, ce.Err)
	text := "Failed while " + ce.Step + ": " + cause.Message
	switch {
	case ce.AuthorizationCreated:
		text += keptNote(ce, target)
	case ce.Authorization != nil && ce.Step == "creating the integration" && ibmcloud.IsKind(ce.Err, ibmcloud.KindForbidden):
		text += " Nothing was created. If the service authorization was created in the last minute, it may not be in effect yet: try Create again in a minute."
	default:
		text += " Nothing was created."
	}
	return failure{cause.Status, "Could not connect", text}
}

// keptNote says what exists after a refused or failed attempt: nothing, or the service authorization it created, kept.
func keptNote(ce *connect.Error, target string) string {
	if !ce.AuthorizationCreated {
		return " Nothing was created."
	}
	return " The integration was not created. The service authorization from App Configuration to " + target +
		" was created for this attempt and is kept: Create uses it next time (remove it under Access (IAM) > Authorizations " +
		"if you no longer need it)."
}

// createdNote says that the attempt created the authorization, when it did.
func createdNote(ce *connect.Error) string {
	if ce.AuthorizationCreated {
		return " (created for this attempt)"
	}
	return ""
}
