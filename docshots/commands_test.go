package docshots

import (
	"slices"
	"strings"
	"testing"
)

func TestParseDocCommands(t *testing.T) {
	page := "# Page\n\n" +
		"## Creating an authorization by using the CLI\n\n" +
		"To authorize, run the `ibmcloud iam authorization-policy-create` command; see [ibmcloud iam authorization-policy-create](/docs/cli).\n\n" +
		"#### `ibmcloud app-configuration integrations`\n\n" +
		"```sh\nibmcloud app-configuration integrations --guid GUID [--expand=EXPAND]\n```\n\n" +
		"```sh\n$ ibmcloud app-configuration integrations \\\n    --guid exampleString \\\n    --expand=true\n```\n{: pre}\n\n" +
		"```sh\nibmcloud app-configuration\n    --region=us-south \\\n    --quiet\nOK\n```\n{: screen}\n"
	doc, err := ParseDoc(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	want := []Command{
		{Line: 5, Heading: "Creating an authorization by using the CLI", Text: "ibmcloud iam authorization-policy-create", Inline: true},
		{Line: 14, Heading: "`ibmcloud app-configuration integrations`", Text: "ibmcloud app-configuration integrations --guid exampleString --expand=true"},
	}
	if !slices.Equal(doc.Commands, want) {
		t.Errorf("commands:\n%+v\nwant\n%+v", doc.Commands, want)
	}
}

func TestCommandValuesArgs(t *testing.T) {
	values := CommandValues{
		Flags:       map[string]string{"--guid": "g-1", "--integration-id": "kms-1", "--integration-type": "KMS"},
		Words:       map[string]string{"<source_service_name>": "apprapp"},
		Completions: map[string][]string{"iam authorization-policy-create": {"apprapp", "kms", "Reader"}},
	}
	tests := []struct {
		text    string
		want    []string
		missing string
	}{
		{text: "ibmcloud iam authorization-policy-create", want: []string{"iam", "authorization-policy-create", "apprapp", "kms", "Reader"}},
		{text: "ibmcloud app-configuration integration --guid GUID --integration-id INTEGRATION-ID [--expand=EXPAND]",
			want: []string{"app-configuration", "integration", "--guid", "g-1", "--integration-id", "kms-1"}},
		{text: "ibmcloud ac integrations --guid=exampleString --output json", want: []string{"ac", "integrations", "--guid=g-1", "--output", "json"}},
		{text: "ibmcloud iam authorization-policy-create <source_service_name> kms 'Reader,Authorization Delegator'",
			want: []string{"iam", "authorization-policy-create", "apprapp", "kms", "Reader,Authorization Delegator"}},
		// The type KMS is a value, not a placeholder.
		{text: "ibmcloud ac integration-create --integration-type KMS", want: []string{"ac", "integration-create", "--integration-type", "KMS"}},
		{text: "ibmcloud ac integration-delete --guid GUID --environment-id ENVIRONMENT-ID --region REGION", missing: "ENVIRONMENT-ID, REGION"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := values.Args(Command{Text: tt.text})
			if tt.missing != "" {
				if err == nil || !strings.Contains(err.Error(), tt.missing) {
					t.Fatalf("Args(%q) error %v, want one naming %s", tt.text, err, tt.missing)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("Args(%q) = %q, %v; want %q", tt.text, got, err, tt.want)
			}
		})
	}
}

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		bad  bool
	}{
		{in: `a  b	c`, want: []string{"a", "b", "c"}},
		{in: `x 'Reader, Writer' "a b" c\ d`, want: []string{"x", "Reader, Writer", "a b", "c d"}},
		{in: `--metadata=@file.json ''`, want: []string{"--metadata=@file.json", ""}},
		{in: `it's`, bad: true},
	}
	for _, tt := range tests {
		got, err := SplitWords(tt.in)
		if tt.bad != (err != nil) || !tt.bad && !slices.Equal(got, tt.want) {
			t.Errorf("SplitWords(%q) = %q, %v; want %q (error %v)", tt.in, got, err, tt.want, tt.bad)
		}
	}
}
