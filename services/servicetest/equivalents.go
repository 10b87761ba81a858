package servicetest

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"appconfig-console/services/equivalent"
	"appconfig-console/services/iam"
)

// Command is one shell command of a script: its words before the first flag, and its flags with their values.
type Command struct {
	Words []string
	Flags map[string]string
}

// Line is the command's words joined by spaces, e.g. "ibmcloud app-configuration integration-create".
func (c Command) Line() string { return strings.Join(c.Words, " ") }

// ParseCommands splits a script as a POSIX shell would for the subset the console prints: comment lines,
// backslash-newline continuations, single-quoted words, backslash escapes, and `--flag value` pairs. Anything else (double quotes,
// variables, a flag without a value) fails t, so that a command a shell would read differently cannot pass.
func ParseCommands(t testing.TB, script string) []Command {
	t.Helper()
	var out []Command
	for _, logical := range strings.Split(strings.ReplaceAll(script, "\\\n", " "), "\n") {
		logical = strings.TrimSpace(logical)
		if logical == "" || strings.HasPrefix(logical, "#") {
			continue
		}
		words := shellWords(t, logical)
		c := Command{Flags: map[string]string{}}
		i := 0
		for ; i < len(words) && !strings.HasPrefix(words[i], "--"); i++ {
			c.Words = append(c.Words, words[i])
		}
		for ; i < len(words); i += 2 {
			if !strings.HasPrefix(words[i], "--") || i+1 == len(words) {
				t.Fatalf("%q: %q is not a --flag followed by a value", logical, words[i])
			}
			if _, dup := c.Flags[words[i]]; dup {
				t.Fatalf("%q: %s given twice", logical, words[i])
			}
			c.Flags[words[i]] = words[i+1]
		}
		out = append(out, c)
	}
	return out
}

// shellWords splits a line into words, removing single quotes.
func shellWords(t testing.TB, line string) []string {
	t.Helper()
	var (
		words  []string
		cur    strings.Builder
		inWord bool
		quoted bool
		escape bool
	)
	for _, r := range line {
		switch {
		case escape:
			cur.WriteRune(r)
			escape, inWord = false, true
		case !quoted && r == '\\':
			escape = true
		case quoted && r == '\'':
			quoted = false
		case quoted:
			cur.WriteRune(r)
		case r == '\'':
			quoted, inWord = true, true
		case r == ' ' || r == '\t':
			if inWord {
				words, inWord = append(words, cur.String()), false
				cur.Reset()
			}
		case strings.ContainsRune("\"$`;&|<>(){}*?[]~!#", r):
			t.Fatalf("%q: unexpected shell character %q outside single quotes", line, r)
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quoted || escape {
		t.Fatalf("%q: unterminated quote or escape", line)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// Resource is one Terraform resource block: its type, name, and arguments as written (string literals unquoted).
type Resource struct {
	Type, Name string
	Args       map[string]string
}

// ParseTerraform reads the resource blocks of the subset of HCL the console prints: comment lines, and resources
// whose arguments are one line each (string literals, lists, references). Anything else fails t.
func ParseTerraform(t testing.TB, text string) []Resource {
	t.Helper()
	var (
		out []Resource
		cur *Resource
	)
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case cur == nil && strings.HasPrefix(line, "resource ") && strings.HasSuffix(line, "{"):
			f := strings.Fields(strings.TrimSuffix(line, "{"))
			if len(f) != 3 {
				t.Fatalf("resource line %q", line)
			}
			cur = &Resource{Type: unquote(t, f[1]), Name: unquote(t, f[2]), Args: map[string]string{}}
		case cur != nil && line == "}":
			out, cur = append(out, *cur), nil
		case cur != nil:
			name, expr, ok := strings.Cut(line, "=")
			name, expr = strings.TrimSpace(name), strings.TrimSpace(expr)
			if !ok || name == "" || expr == "" {
				t.Fatalf("argument line %q", line)
			}
			if _, dup := cur.Args[name]; dup {
				t.Fatalf("argument %s given twice in %s", name, cur.Type)
			}
			if strings.HasPrefix(expr, `"`) {
				expr = strings.ReplaceAll(strings.ReplaceAll(unquote(t, expr), "$${", "${"), "%%{", "%{")
			}
			cur.Args[name] = expr
		default:
			t.Fatalf("unexpected line %q", line)
		}
	}
	if cur != nil {
		t.Fatalf("resource %s not closed", cur.Type)
	}
	return out
}

// unquote reads a Go/HCL double-quoted string literal, failing t when it is not one.
func unquote(t testing.TB, s string) string {
	t.Helper()
	u, err := strconv.Unquote(s)
	if err != nil {
		t.Fatalf("string literal %s: %v", s, err)
	}
	return u
}

// CheckTerraformArgs fails t for a block of a type or with an argument not in known (the arguments of each resource
// type as terraform-provider-ibm documents them), or lacking one that required lists.
func CheckTerraformArgs(t testing.TB, blocks []Resource, known, required map[string][]string) {
	t.Helper()
	for _, b := range blocks {
		args, ok := known[b.Type]
		if !ok {
			t.Errorf("resource type %s is not one the provider documents", b.Type)
			continue
		}
		for name := range b.Args {
			if !slices.Contains(args, name) {
				t.Errorf("%s has argument %s, which the provider does not document", b.Type, name)
			}
		}
		for _, name := range required[b.Type] {
			if b.Args[name] == "" {
				t.Errorf("%s lacks the required argument %s", b.Type, name)
			}
		}
	}
}

// Want is what a panel's printed equivalents should be.
type Want struct {
	Pending        string              // why nothing is printed yet; empty when the commands are ready
	Note           string              // a note both the commands and the Terraform carry
	Lines, Types   []string            // the command lines and the Terraform resource types, in order
	Args, Required map[string][]string // the arguments of each resource type the provider documents, and its required ones
}

// CheckEquivalents fails t unless the printed equivalents are as want says: pending and printing nothing, or ready
// with exactly the wanted commands and Terraform resources. It returns the parsed commands and resources, and false
// when the equivalents are pending.
func CheckEquivalents(t testing.TB, pending string, ready bool, cli, terraform string, want Want) ([]Command, []Resource, bool) {
	t.Helper()
	if pending != want.Pending || ready != (want.Pending == "") {
		t.Fatalf("pending %q, want %q", pending, want.Pending)
	}
	if !ready {
		if cli != "" || terraform != "" {
			t.Errorf("commands shown while pending:\n%s\n%s", cli, terraform)
		}
		return nil, nil, false
	}
	unwrap := strings.NewReplacer("\n# ", " ")
	if !strings.Contains(unwrap.Replace(cli), want.Note) || !strings.Contains(unwrap.Replace(terraform), want.Note) {
		t.Errorf("the note %q is missing:\n%s\n\n%s", want.Note, cli, terraform)
	}
	commands := ParseCommands(t, cli)
	blocks := ParseTerraform(t, terraform)
	CheckTerraformArgs(t, blocks, want.Args, want.Required)
	var lines, types []string
	for _, c := range commands {
		lines = append(lines, c.Line())
	}
	for _, b := range blocks {
		types = append(types, b.Type)
	}
	if !slices.Equal(lines, want.Lines) || !slices.Equal(types, want.Types) {
		t.Fatalf("commands %q, resources %q; want %q, %q", lines, types, want.Lines, want.Types)
	}
	return commands, blocks, true
}

// CheckAuthorization fails t unless the authorization-policy-create command c and the Terraform block name exactly
// a: its services, its roles, its source and target instances, and its description.
func CheckAuthorization(t testing.TB, a iam.Authorization, c Command, block Resource) {
	t.Helper()
	var roles, quoted []string
	for _, r := range a.Roles {
		roles, quoted = append(roles, iam.RoleName(r)), append(quoted, equivalent.String(iam.RoleName(r)))
	}
	words := []string{"ibmcloud", "iam", "authorization-policy-create", a.Source.Service, a.Target.Service, strings.Join(roles, ",")}
	if !slices.Equal(c.Words, words) || !maps.Equal(c.Flags, map[string]string{
		"--source-service-instance-id": a.Source.InstanceGUID, "--target-service-instance-id": a.Target.InstanceGUID}) {
		t.Errorf("command %q %v; the authorization made is %q from %s to %s", c.Words, c.Flags, words, a.Source.InstanceGUID, a.Target.InstanceGUID)
	}
	if !maps.Equal(block.Args, map[string]string{"source_service_name": a.Source.Service, "source_resource_instance_id": a.Source.InstanceGUID,
		"target_service_name": a.Target.Service, "target_resource_instance_id": a.Target.InstanceGUID,
		"roles": "[" + strings.Join(quoted, ", ") + "]", "description": a.Description}) {
		t.Errorf("Terraform %v differs from the authorization made: %+v", block.Args, a)
	}
}

// The arguments of ibm_iam_authorization_policy that the console may write, as terraform-provider-ibm documents them
// (website/docs/r/iam_authorization_policy.html.markdown), and its required ones.
var (
	AuthorizationPolicyArgs = []string{"description", "roles", "source_service_account", "source_service_name",
		"target_service_name", "source_resource_instance_id", "target_resource_instance_id", "source_resource_type",
		"target_resource_type", "source_resource_group_id", "target_resource_group_id", "depends_on"}
	AuthorizationPolicyRequired = []string{"roles"}
)
