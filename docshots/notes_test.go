package docshots

import (
	"strings"
	"testing"

	"appconfig-console/ibmcli"
)

// seedCLINote is the note of "Integrating with Key Management" about the CLI and API route, as the page words it.
const seedCLINote = "If you are using App Configuration CLI or API to create integration with a key management service (KMS), " +
	"ensure that you have enabled authorization to grant access between services before integrating with a KMS service."

func TestCommandClaims(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		claim   commandClaim
		want    NoteOutcome
		answers []string
	}{
		{name: "the page's note holds", claim: commandClaims[0], want: NoteHolds,
			answers: []string{"creating the integration (ibmcloud app-configuration integration-create) was refused",
				"authorizing App Configuration to read Key Protect keys (ibmcloud iam authorization-policy-create) succeeded",
				"then creating the integration (ibmcloud app-configuration integration-create) succeeded"}},
		// A note claiming the integration can be created without an authorization is contradicted by IBM Cloud.
		{name: "a note IBM Cloud contradicts", want: NoteContradicted,
			claim:   commandClaim{steps: []commandStep{{args: integrationCreate, meaning: "creating the integration"}}},
			answers: []string{"creating the integration (ibmcloud app-configuration integration-create) was refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := checkCommandClaim(Note{Line: 30, Text: seedCLINote}, tt.claim, ibmcli.Run)
			if err != nil {
				t.Fatal(err)
			}
			if r.Outcome != tt.want {
				t.Errorf("outcome %s, want %s: %s", r.Outcome, tt.want, r.Detail)
			}
			for _, a := range tt.answers {
				if !strings.Contains(r.Detail, a) {
					t.Errorf("detail does not say %q: %s", a, r.Detail)
				}
			}
		})
	}
}

func TestCommandClaimsMatchTheirNotes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
	}{
		{seedCLINote, true},
		{"If deleting the instance fails, you can manually unregister it in the IBM Cloud console.", false},
		{"BYOK and KYOK capabilities are supported only for App Configuration Enterprise plan.", false},
	}
	for _, tt := range tests {
		if got := matchesAny(commandClaims, tt.text); got != tt.want {
			t.Errorf("%q matched a command claim: %v, want %v", tt.text, got, tt.want)
		}
	}
}

// matchesAny reports whether one of the claims' patterns matches text.
func matchesAny(claims []commandClaim, text string) bool {
	for _, c := range claims {
		if c.pattern.MatchString(text) {
			return true
		}
	}
	return false
}
