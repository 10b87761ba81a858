package ibmcli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/connect"
	"appconfig-console/services/equivalent"
	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/iam"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/services/usercache"
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
			c := adminCLI(t)
			command := iam.CLICommand(a)
			before := c.inspect().policies()
			c.runPrinted(command, shellArgs(t, command, t.TempDir()))
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

// policyText is a policy's attributes (with operators), roles and description, sorted, for comparing two policies.
func policyText(a iam.Authorization) string {
	lines := append(policyLines(a), "description "+a.Description)
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// policyLines are a policy's attributes (with operators) and roles, one sorted line each.
func policyLines(a iam.Authorization) []string {
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
	slices.Sort(lines)
	return lines
}

// runPrinted runs command, an `ibmcloud ...` command the console prints, read as the words args, and fails the test
// unless it succeeds.
func (c *cli) runPrinted(command string, args []string) {
	c.t.Helper()
	if args[0] != "ibmcloud" {
		c.t.Fatalf("the command does not start with ibmcloud:\n%s", command)
	}
	if out, errOut, code := c.run(args[1:]...); code != 0 {
		c.t.Fatalf("%s\nexit %d\n%s%s", command, code, out, errOut)
	}
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

// TestPanelCommandsRoundTrip checks, for each state of the Key Management and Event Notifications panels that prints
// commands, that the printed `ibmcloud` commands, run as written against a fresh cloudsim B, leave the state that
// Create leaves on cloudsim A: the same integrations (type, instance CRN, endpoint, root key, or the Event
// Notifications source name and description), the same authorizations (source and target services and instances,
// roles), and the same key registrations. The request is built against A's instances, so the endpoints the commands
// pass name A's address on B too (cloudsim stores them as given). Integration IDs and policy descriptions may differ:
// the console names them its own way and they are not compared. Each command is read as the test's shell reader and
// sh both read it, and they must agree.
func TestPanelCommandsRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// kmsTarget and key name a Key Management request; en an Event Notifications one, with source.
		kmsTarget, key string
		en             bool
		source         eventnotifications.Source
		// existing creates, on both cloudsims, the authorization Create would need, before anything runs.
		existing bool
	}{
		{name: "Key Protect, Authorize ticked, no authorization yet", kmsTarget: cloudsim.KeyProtectUSSouthGUID, key: cloudsim.AppConfigRootKeyID},
		{name: "Key Protect, authorization exists", kmsTarget: cloudsim.KeyProtectUSSouthGUID, key: cloudsim.BackupRootKeyID, existing: true},
		{name: "Event Notifications, no authorization yet", en: true, source: eventnotifications.Source{Name: "checkout", Description: "Flag changes of checkout"}},
		{name: "Event Notifications, authorization exists", en: true, existing: true, source: eventnotifications.Source{Name: "checkout"}},
		{name: "Event Notifications, source with quotes, shell characters and two lines", en: true,
			source: eventnotifications.Source{Name: ` It's "checkout" \ $HOME; *`, Description: "Events of ${app}, 100% of them\n`now` & 'then' #1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			a, b := startStoredSim(t), startStoredSim(t)
			ac := a.instance(t, cloudsim.AppConfigEnterpriseGUID)

			// The panel's commands, from the request Create submits on A.
			var eq equivalent.Equivalent
			var create func()
			if tt.en {
				in := eventnotifications.ConnectInput{AccountID: cloudsim.DemoAccountID, AppConfig: ac,
					EventNotifications: a.instance(t, cloudsim.EventNotificationsGUID), Source: tt.source}
				svc := eventnotifications.NewService(a.integrations, a.iam, a.resources, connect.NewConnector(a.integrations, a.iam, nil, nil, roundTripWait, nil))
				grant, err := svc.Grant(ctx, a.tok, cloudsim.DemoAccountID, in.AppConfig, in.EventNotifications)
				if err != nil {
					t.Fatal(err)
				}
				if tt.existing {
					grant.Existing = createBoth(t, a, b, eventnotifications.NewAuthorization(in, grant.Role))
				}
				eq = eventnotifications.Equivalents(in, grant, nil)
				create = func() {
					if _, err := svc.Connect(ctx, a.tok, in); err != nil {
						t.Fatal(err)
					}
				}
			} else {
				req := kms.ConnectRequest{AccountID: cloudsim.DemoAccountID, AppConfig: ac, KMS: a.instance(t, tt.kmsTarget), KeyID: tt.key, Authorize: true}
				var read kms.Panel
				if tt.existing {
					read.Authorization = createBoth(t, a, b, kms.NewAuthorization(req.AccountID, req.AppConfig, req.KMS))
				}
				eq = kms.Equivalents(req, read)
				connections := connect.NewConnector(a.integrations, a.iam, kms.NewKeyCache(kms.NewClient(a.connector), usercache.DefaultTTL, nil, nil), nil, roundTripWait, nil)
				create = func() {
					if _, err := connections.ConnectKMS(ctx, cloudsim.AdminIAMID, a.tok, req); err != nil {
						t.Fatal(err)
					}
				}
			}
			if !eq.Ready() {
				t.Fatalf("the panel prints no commands: %s", eq.Pending)
			}

			// Create on A; the printed commands, one by one, on B.
			create()
			c := cliOf(t, b.sim)
			c.login(cloudsim.DemoAdminAPIKey)
			commands := scriptCommands(t, eq.CLI)
			if len(commands) == 0 {
				t.Fatalf("no command in\n%s", eq.CLI)
			}
			for _, command := range commands {
				dir := t.TempDir()
				args := shellArgs(t, command, dir)
				if real := shellRead(t, command, dir); !slices.Equal(args, real) {
					t.Fatalf("the test reads\n%s\nas %q; sh reads it as %q", command, args, real)
				}
				c.runPrinted(command, args)
			}

			// A and B hold the same state.
			if ga, gb := a.policiesText(t), b.policiesText(t); ga != gb {
				t.Errorf("the commands\n%s\nleft the authorizations\n%s\nCreate leaves\n%s", eq.CLI, gb, ga)
			}
			if ga, gb := a.integrationsText(t), b.integrationsText(t); ga != gb {
				t.Errorf("the commands\n%s\nleft the integrations\n%s\nCreate leaves\n%s", eq.CLI, gb, ga)
			}
			if !tt.en {
				if ga, gb := a.registrationsText(t, tt.kmsTarget, tt.key), b.registrationsText(t, tt.kmsTarget, tt.key); ga != gb || ga == "" {
					t.Errorf("the commands left the registrations of the key\n%s\nCreate leaves\n%s", gb, ga)
				}
			}
			// The API never reports an Event Notifications source's name: compare what the two cloudsims stored.
			if ga, gb := a.storedSources(t), b.storedSources(t); ga != gb || ga == "" {
				t.Errorf("the commands left the stored sources\n%s\nCreate leaves\n%s", gb, ga)
			}
		})
	}
}

// roundTripWait keeps Create's wait for a new authorization short.
var roundTripWait = connect.Wait{Total: 2 * time.Second, First: 50 * time.Millisecond, Max: 200 * time.Millisecond}

// storedSim is a fresh cloudsim that keeps its state in a database file, with the services that read it as the demo
// administrator.
type storedSim struct {
	*inspector
	sim          *simtest.Sim
	db           string
	stop         func()
	iam          *iam.Service
	integrations *appconfig.Service
	resources    *resources.Service
}

// startStoredSim starts a fresh cloudsim with the demo data, keeping its state in a temporary directory.
func startStoredSim(t *testing.T) *storedSim {
	t.Helper()
	dir := t.TempDir()
	run, err := cloudsim.Start("127.0.0.1:0", cloudsim.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			if err := run.Close(); err != nil {
				t.Errorf("close cloudsim: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	sim := &simtest.Sim{URL: run.URL, Server: run.Server}
	in := newInspector(t, sim)
	return &storedSim{inspector: in, sim: sim, db: filepath.Join(dir, "cloudsim.db"), stop: stop, iam: iam.NewService(in.connector),
		integrations: appconfig.NewService(in.connector), resources: resources.NewService(in.connector)}
}

// instance reads a seeded instance through Resource Controller, as the console does.
func (s *storedSim) instance(t *testing.T, guid string) resources.Instance {
	t.Helper()
	inst, err := s.resources.GetInstance(context.Background(), s.tok, guid)
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// createBoth creates the authorization a on both cloudsims and returns A's.
func createBoth(t *testing.T, a, b *storedSim, auth iam.Authorization) *iam.Authorization {
	t.Helper()
	made, err := a.iam.CreateAuthorization(context.Background(), a.tok, auth)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.iam.CreateAuthorization(context.Background(), b.tok, auth); err != nil {
		t.Fatal(err)
	}
	return &made
}

// policiesText is every authorization of the account, one sorted line each: its subject and resource attributes with
// their operators, and its roles (not its ID or description).
func (s *storedSim) policiesText(t *testing.T) string {
	t.Helper()
	list := s.policies()
	lines := make([]string, 0, len(list))
	for _, a := range list {
		lines = append(lines, strings.Join(policyLines(a), "; "))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// integrationsText is every integration of app-config-enterprise, one sorted line each, without its ID and times.
func (s *storedSim) integrationsText(t *testing.T) string {
	t.Helper()
	list := s.inspector.integrations(cloudsim.AppConfigEnterpriseGUID, "us-south")
	lines := make([]string, 0, len(list))
	for _, i := range list {
		lines = append(lines, fmt.Sprintf("type %s kms %s endpoint %s root key %s; en %s endpoint %s source %s",
			i.Type, i.KMSInstanceCRN, i.KMSEndpoint, i.RootKeyID, i.ENInstanceCRN, i.ENEndpoint, i.ENSourceID))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// registrationsText is the registrations of the key keyID of the key management instance guid, one line each.
func (s *storedSim) registrationsText(t *testing.T, guid, keyID string) string {
	t.Helper()
	regs, err := kms.NewClient(s.connector).ListRegistrations(context.Background(), s.tok, s.instance(t, guid), keyID, "")
	if err != nil {
		t.Fatal(err)
	}
	lines := make([]string, 0, len(regs))
	for _, r := range regs {
		lines = append(lines, fmt.Sprintf("key %s resource %s prevent deletion %v", r.KeyID, r.ResourceCRN, r.PreventKeyDeletion))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// storedSources stops the cloudsim and returns the Event Notifications integrations of its database, one sorted line
// each with the source name and description it stored (JSON-quoted).
func (s *storedSim) storedSources(t *testing.T) string {
	t.Helper()
	s.stop()
	db, err := bolt.Open(s.db, 0o600, &bolt.Options{ReadOnly: true, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var lines []string
	err = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("integrations"))
		if b == nil {
			return fmt.Errorf("no integrations bucket")
		}
		return b.ForEach(func(_, v []byte) error {
			var ig struct {
				Instance    string `json:"instance_guid"`
				Type        string `json:"type"`
				Name        string `json:"en_source_name"`
				Description string `json:"en_source_description"`
			}
			if err := json.Unmarshal(v, &ig); err != nil {
				return err
			}
			name, _ := json.Marshal(ig.Name)
			desc, _ := json.Marshal(ig.Description)
			lines = append(lines, fmt.Sprintf("%s %s source %s description %s", ig.Instance, ig.Type, name, desc))
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// scriptCommands splits a script the panels print into its commands, as a shell reads it: comment lines and blank
// lines between commands are skipped; a command runs to the first newline that is neither quoted nor escaped; a
// `cat > FILE <<'EOF'` here-document stays with the command that follows it (the form shellArgs reads).
func scriptCommands(t *testing.T, script string) []string {
	t.Helper()
	var out []string
	lines := strings.Split(script, "\n")
	heredoc, cur := "", ""
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if cur == "" {
			trimmed := strings.TrimSpace(line)
			if trimmed == "" || strings.HasPrefix(trimmed, "#") {
				continue
			}
			if rest, ok := strings.CutPrefix(line, "cat > "); ok {
				_, marker, ok := strings.Cut(rest, " <<'")
				if !ok {
					t.Fatalf("unreadable here-document header %q", line)
				}
				marker = strings.TrimSuffix(marker, "'")
				end := slices.Index(lines[i+1:], marker)
				if end < 0 {
					t.Fatalf("here-document without its end marker %q", marker)
				}
				heredoc += strings.Join(lines[i:i+end+2], "\n") + "\n"
				i += end + 1
				continue
			}
		}
		cur += line
		if continues(cur) {
			cur += "\n"
			continue
		}
		out = append(out, heredoc+cur)
		heredoc, cur = "", ""
	}
	if heredoc != "" || cur != "" {
		t.Fatalf("the script ends inside a command: %q", heredoc+cur)
	}
	return out
}

// shellRead runs command with sh in dir, ibmcloud being a shell function that prints its arguments, and returns the
// words sh passes to ibmcloud (relative --file arguments made relative to dir, as shellArgs does): a check of the
// test's own reading of the command.
func shellRead(t *testing.T, command, dir string) []string {
	t.Helper()
	cmd := exec.Command("sh", "-c", "ibmcloud() { printf '%s\\0' ibmcloud \"$@\"; }\n"+command)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sh: %v\n%s", err, command)
	}
	words := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	for i := 1; i < len(words); i++ {
		if words[i-1] == "--file" && !filepath.IsAbs(words[i]) {
			words[i] = filepath.Join(dir, words[i])
		}
	}
	return words
}

// continues reports whether a shell reading command would read on past its end: inside single quotes, or after a
// backslash.
func continues(command string) bool {
	quoted, escaped := false, false
	for _, r := range command {
		switch {
		case escaped:
			escaped = false
		case quoted:
			quoted = r != '\''
		case r == '\'':
			quoted = true
		case r == '\\':
			escaped = true
		}
	}
	return quoted || escaped
}
