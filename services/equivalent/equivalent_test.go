package equivalent_test

import (
	"strings"
	"testing"

	"appconfig-console/services/equivalent"
)

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"us-south", "us-south"},
		{"crn:v1:bluemix:public:kms:us-south:a/acct:guid::", "crn:v1:bluemix:public:kms:us-south:a/acct:guid::"},
		{"Event Source Manager", "'Event Source Manager'"},
		{"it's", `'it'\''s'`},
		{"$HOME; rm", "'$HOME; rm'"},
		{"", "''"},
	}
	for _, tt := range tests {
		if got := equivalent.Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{`say "hi"`, `"say \"hi\""`},
		{"${var.x} and %{if}", `"$${var.x} and %%{if}"`},
		{"line\nbreak", `"line\nbreak"`},
	}
	for _, tt := range tests {
		if got := equivalent.String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestCommentWraps(t *testing.T) {
	c := equivalent.Comment(strings.Repeat("word ", 30))
	for _, line := range strings.Split(c, "\n") {
		if !strings.HasPrefix(line, "# ") || len(line) > 2+42 {
			t.Errorf("comment line %q", line)
		}
	}
}

func TestCommandAndResource(t *testing.T) {
	cmd := equivalent.Command("ibmcloud x", equivalent.Flag{Name: "--a", Value: "1"}, equivalent.Flag{Name: "--empty"}, equivalent.Flag{Name: "--b", Value: "two words"})
	if want := "ibmcloud x \\\n  --a 1 \\\n  --b 'two words'"; cmd != want {
		t.Errorf("Command = %q, want %q", cmd, want)
	}
	res := equivalent.Resource("t", "n", equivalent.Arg{Name: "a", Expr: `"1"`}, equivalent.Arg{Name: "skipped"}, equivalent.Arg{Name: "longer", Expr: "[x]"})
	if want := "resource \"t\" \"n\" {\n  a      = \"1\"\n  longer = [x]\n}"; res != want {
		t.Errorf("Resource = %q, want %q", res, want)
	}
	if got := equivalent.Join("a", "", "b"); got != "a\n\nb" {
		t.Errorf("Join = %q", got)
	}
}
