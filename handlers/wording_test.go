package handlers

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/connect"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
)

// badPunctuation finds doubled full stops (not an ellipsis), punctuation after a space, or a stop after other punctuation.
var badPunctuation = regexp.MustCompile(`(^|[^.])\.\.([^.]|$)|\s[.,;:]|[,;:!?]\.|\.\s+\.`)

// upstreamMessages are upstream error texts as services write them: with and without a final stop, with two.
var upstreamMessages = []string{"the instance is locked", "The instance is locked.", "The instance is locked..", "Retry later!", ""}

// everyMessage builds each user-facing message the console composes, for representative inputs.
func everyMessage() map[string]string {
	out := map[string]string{}
	kinds := []ibmcloud.Kind{ibmcloud.KindUnknown, ibmcloud.KindUnauthorized, ibmcloud.KindForbidden, ibmcloud.KindNotFound,
		ibmcloud.KindConflict, ibmcloud.KindInvalid, ibmcloud.KindRateLimited, ibmcloud.KindUnavailable, ibmcloud.KindTimeout}
	services := []string{"", "Key Protect", "App Configuration", "IAM", "Resource Controller", "Resource Manager", "Global Catalog"}
	for _, k := range kinds {
		for _, svc := range services {
			for _, m := range upstreamMessages {
				e := &ibmcloud.Error{Kind: k, Service: svc, Message: m, RetryAfter: 3 * time.Second}
				out["upstream "+k.String()+" "+svc+" "+m] = UpstreamMessage(e)
				for _, created := range []bool{false, true} {
					ce := connect.Failed("creating the integration", e)
					ce.AuthorizationCreated = created
					if created {
						ce.Authorization = &iam.Authorization{ID: "p1"}
					}
					title, text := connectWords(ce)
					out["connect upstream "+k.String()+" "+svc+" "+m] = title + ". " + text
				}
			}
		}
	}
	for _, p := range []connect.Problem{connect.ProblemPlan, connect.ProblemAlreadyConnected, connect.ProblemNotAuthorized, connect.ProblemNotInEffect} {
		for _, existing := range []string{appconfig.TypeKMS, appconfig.TypeEventNotifications} {
			ce := &connect.Error{Problem: p, Existing: appconfig.Integration{Type: existing, RootKeyID: "k1"}, Waited: 30 * time.Second,
				Authorization: &iam.Authorization{ID: "p1"}, AuthorizationCreated: true}
			title, text := connectWords(ce)
			out["connect problem "+existing] = title + ". " + text
		}
	}
	for _, refusal := range []error{kms.ErrHPCSClosed, errors.New("the name is taken."), errors.New("the name is taken")} {
		title, text := connectWords(connect.Refused(refusal))
		out["connect refused "+refusal.Error()] = title + ". " + text
	}
	for _, key := range unusableKeys {
		title, text := connectWords(connect.Refused(&kms.KeyNotUsableError{Key: key}))
		out["key "+key.Name] = title + ". " + text
	}
	for _, reason := range []string{endRenewalRefused, endRenewalUnavailable, endRenewalTimeout, endTokenRefused, endLifetimeReached} {
		out["sign-in notice "+reason] = signInNotice(reason)
	}
	out["failure of a plain error"] = describe(errors.New("boom")).Message
	return out
}

// connectWords is the title and text a failed connection to the Key Protect instance key-protect-us-south shows.
func connectWords(err error) (string, string) {
	f := connectFailure(echo.New().NewContext(httptest.NewRequest(http.MethodPost, "/", nil), httptest.NewRecorder()), err, "key-protect-us-south")
	return f.Title, f.Message
}

// unusableKeys are keys an integration cannot use, one for each reason.
var unusableKeys = []kms.Key{
	{Name: "standard-data-key", State: kms.StateActive, Type: kms.TypeStandard},
	{Name: "suspended-root-key", State: kms.StateSuspended, Type: kms.TypeRoot},
	{Name: "deactivated-root-key", State: kms.StateDeactivated, Type: kms.TypeRoot},
	{Name: "destroyed-root-key", State: kms.StateDestroyed, Type: kms.TypeRoot, Deleted: true},
}

func TestMessagesHaveNoDoubledPunctuation(t *testing.T) {
	t.Parallel()
	for name, msg := range everyMessage() {
		if msg == "" {
			continue
		}
		if loc := badPunctuation.FindStringIndex(msg); loc != nil {
			t.Errorf("%s: %q has %q", name, msg, msg[max(0, loc[0]-10):min(len(msg), loc[1]+10)])
		}
	}
}

func TestKeyRefusalsNameTheRealReason(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  kms.Key
		want string
	}{
		{unusableKeys[0], "is a standard key"},
		{unusableKeys[1], "is Suspended"},
		{unusableKeys[2], "is Deactivated"},
		{unusableKeys[3], "is deleted"},
	}
	for _, tt := range tests {
		msg := (&kms.KeyNotUsableError{Key: tt.key}).Error()
		if !strings.Contains(msg, tt.want) {
			t.Errorf("%s: %q does not say %q", tt.key.Name, msg, tt.want)
		}
		// A reason must not contradict the state it names: an active key is not refused for not being active.
		if tt.key.State == kms.StateActive && strings.Contains(msg, "choose an active") {
			t.Errorf("%s: %q asks for an active key although the key is active", tt.key.Name, msg)
		}
	}
}

func TestConnectMessagesSayWhatExists(t *testing.T) {
	t.Parallel()
	unavailable := &ibmcloud.Error{Kind: ibmcloud.KindUnavailable, Service: "App Configuration", Message: "down"}
	tests := []struct {
		name        string
		err         *connect.Error
		want, donts []string
	}{
		{"failed, nothing made", connect.Failed("creating the integration", unavailable),
			[]string{"Nothing was created."}, []string{"is kept", "in place"}},
		{"failed after making the authorization", &connect.Error{Problem: connect.ProblemUpstream, Step: "creating the integration", Err: unavailable,
			Authorization: &iam.Authorization{ID: "p1"}, AuthorizationCreated: true},
			[]string{"The integration was not created.", "was created for this attempt and is kept"}, []string{"Nothing was created", "removed"}},
		{"failed with an authorization that was there before", &connect.Error{Problem: connect.ProblemUpstream, Step: "creating the integration", Err: unavailable,
			Authorization: &iam.Authorization{ID: "p1"}},
			[]string{"Nothing was created."}, []string{"created for this attempt"}},
		{"wait ran out, authorization made now", &connect.Error{Problem: connect.ProblemNotInEffect, Waited: 30 * time.Second,
			Authorization: &iam.Authorization{ID: "p1"}, AuthorizationCreated: true},
			[]string{"is in place (created for this attempt)", "The integration was not created.", "waiting 30s"}, []string{"Nothing was created"}},
		{"wait ran out, authorization from before", &connect.Error{Problem: connect.ProblemNotInEffect, Waited: 12 * time.Second,
			Authorization: &iam.Authorization{ID: "p1"}},
			[]string{"is in place,", "waiting 12s"}, []string{"created for this attempt"}},
		{"not authorized, not asked to", &connect.Error{Problem: connect.ProblemNotAuthorized},
			[]string{"Nothing was created."}, []string{"in place"}},
	}
	for _, tt := range tests {
		_, text := connectWords(tt.err)
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q lacks %q", tt.name, text, w)
			}
		}
		for _, d := range tt.donts {
			if strings.Contains(text, d) {
				t.Errorf("%s: %q says %q", tt.name, text, d)
			}
		}
	}
}
