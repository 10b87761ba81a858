package ibmcli_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/services/iam"
)

// TestWizardCommandRoundTrip checks that, for every scope the Create authorization wizard offers, the command the
// wizard prints (iam.CLICommand) creates on a fresh cloudsim exactly the policy the wizard creates: the same subject
// and resource attributes with their operators, and the same roles.
func TestWizardCommandRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		req   iam.AuthorizationRequest
		roles int // how many of the offered roles to grant, in IAM's order (Reader first)
	}{
		{name: "this account, all resources, all instances", req: iam.AuthorizationRequest{SourceService: "apprapp", TargetService: "kms"}},
		{name: "this account, source group", req: iam.AuthorizationRequest{SourceService: "apprapp", SourceGroup: cloudsim.DefaultResourceGroupID, TargetService: "kms"}},
		{name: "this account, source instance", req: iam.AuthorizationRequest{SourceService: "apprapp", SourceInstance: cloudsim.AppConfigEnterpriseGUID, TargetService: "kms"}},
		{name: "this account, source group and instance", req: iam.AuthorizationRequest{SourceService: "apprapp", SourceGroup: cloudsim.DefaultResourceGroupID,
			SourceInstance: cloudsim.AppConfigEnterpriseGUID, TargetService: "kms"}},
		{name: "other account, all resources", req: iam.AuthorizationRequest{SourceAccount: "other", SourceAccountID: cloudsim.OtherAccountID,
			SourceService: "apprapp", TargetService: "kms"}},
		{name: "other account, source group", req: iam.AuthorizationRequest{SourceAccount: "other", SourceAccountID: cloudsim.OtherAccountID,
			SourceService: "apprapp", SourceGroup: "0123456789abcdef0123456789abcdef", TargetService: "hs-crypto"}},
		{name: "other account, source instance", req: iam.AuthorizationRequest{SourceAccount: "other", SourceAccountID: cloudsim.OtherAccountID,
			SourceService: "apprapp", SourceInstance: "11111111-2222-4333-8444-555555555555", TargetService: "kms"}},
		{name: "target instance", req: iam.AuthorizationRequest{SourceService: "apprapp", TargetService: "kms", TargetInstance: cloudsim.KeyProtectUSSouthGUID}},
		{name: "target group", req: iam.AuthorizationRequest{SourceService: "apprapp", TargetService: "hs-crypto", TargetGroup: cloudsim.ProductionResourceGroupID}},
		{name: "source instance and target instance, two roles", roles: 2, req: iam.AuthorizationRequest{SourceService: "apprapp",
			SourceInstance: cloudsim.AppConfigEnterpriseGUID, TargetService: "kms", TargetInstance: cloudsim.KeyProtectUSSouthGUID}},
		{name: "event notifications instance", req: iam.AuthorizationRequest{SourceService: "apprapp", SourceInstance: cloudsim.AppConfigEnterpriseGUID,
			TargetService: "event-notifications", TargetInstance: cloudsim.EventNotificationsGUID}},
		{name: "delegation", req: iam.AuthorizationRequest{SourceService: "databases-for-postgresql", TargetService: "kms", Delegate: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// The wizard's side: what it creates for the request, on a cloudsim of its own.
			wizardSim := newCLI(t).inspect()
			svc := iam.NewService(wizardSim.connector)
			r := tt.req
			r.Normalize()
			offered, err := svc.ListAuthorizationRoles(context.Background(), wizardSim.tok, r.TargetService, r.SourceService)
			if err != nil {
				t.Fatal(err)
			}
			for _, role := range iam.GrantableRoles(offered)[:max(tt.roles, 1)] {
				r.Roles = append(r.Roles, role.DisplayName)
			}
			a := r.Authorization(cloudsim.DemoAccountID, offered)
			if tt.req.Delegate && !slices.ContainsFunc(a.Roles, iam.IsDelegatorRole) {
				t.Fatalf("the source %s is offered no delegation", r.SourceService)
			}
			want, err := svc.CreateAuthorization(context.Background(), wizardSim.tok, a)
			if err != nil {
				t.Fatal(err)
			}

			// The command line's side: the printed command, run as written on a fresh cloudsim.
			c := newCLI(t)
			c.login(cloudsim.DemoAdminAPIKey)
			command := iam.CLICommand(a)
			args := shellArgs(t, command, t.TempDir())
			if args[0] != "ibmcloud" {
				t.Fatalf("the command does not start with ibmcloud:\n%s", command)
			}
			before := c.inspect().policies()
			if out, errOut, code := c.run(args[1:]...); code != 0 {
				t.Fatalf("%s\nexit %d\n%s%s", command, code, out, errOut)
			}
			after := c.inspect().policies()
			if len(after) != len(before)+1 {
				t.Fatalf("%d policies after the command, %d before", len(after), len(before))
			}
			got := after[len(after)-1]
			if g, w := policyText(got), policyText(want); g != w {
				t.Errorf("the command\n%s\ncreated\n%s\nthe wizard creates\n%s", command, g, w)
			}
		})
	}
}

// policyText is a policy's attributes (with operators) and roles, sorted, for comparing two policies.
func policyText(a iam.Authorization) string {
	var lines []string
	for _, at := range a.SubjectAttributes {
		lines = append(lines, fmt.Sprintf("subject %s=%s", at.Name, at.Value))
	}
	for _, at := range a.ResourceAttributes {
		lines = append(lines, fmt.Sprintf("resource %s %s %s", at.Name, at.Operator, at.Value))
	}
	for _, r := range a.Roles {
		lines = append(lines, "role "+r.CRN)
	}
	lines = append(lines, "description "+a.Description)
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// shellArgs reads a command as a POSIX shell would for the forms iam.CLICommand prints: an optional
// `cat > FILE <<'EOF'` here-document (written into dir, the command's working directory), then one command whose
// lines are joined by backslash-newline and whose words may be single-quoted or backslash-escaped. Relative file arguments are made
// relative to dir.
func shellArgs(t *testing.T, command, dir string) []string {
	t.Helper()
	if rest, ok := strings.CutPrefix(command, "cat > "); ok {
		header, afterHeader, _ := strings.Cut(rest, "\n")
		file, marker, ok := strings.Cut(header, " <<'")
		if !ok {
			t.Fatalf("unreadable here-document header %q", header)
		}
		marker = strings.TrimSuffix(marker, "'")
		body, tail, ok := strings.Cut(afterHeader, "\n"+marker+"\n")
		if !ok {
			t.Fatalf("here-document without its end marker %q", marker)
		}
		if err := os.WriteFile(filepath.Join(dir, file), []byte(body+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		command = tail
	}
	command = strings.ReplaceAll(command, "\\\n", " ")
	var words []string
	var word strings.Builder
	inWord, quoted, escaped := false, false, false
	for _, r := range command {
		switch {
		case escaped:
			word.WriteRune(r)
			escaped = false
		case quoted && r == '\'':
			quoted = false
		case quoted:
			word.WriteRune(r)
		case r == '\'':
			quoted, inWord = true, true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		case r == '\\':
			escaped, inWord = true, true
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unterminated quote in %q", command)
	}
	if inWord {
		words = append(words, word.String())
	}
	for i := 1; i < len(words); i++ {
		if words[i-1] == "--file" && !filepath.IsAbs(words[i]) {
			words[i] = filepath.Join(dir, words[i])
		}
	}
	return words
}
