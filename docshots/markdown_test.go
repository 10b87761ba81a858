package docshots

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseDoc(t *testing.T) {
	tests := []struct {
		file       string
		title      string
		procedures []string
		steps      []int
	}{
		{"connect-key-protect.md", "Connecting Key Protect to App Configuration", []string{"Connect a root key", "Look at the authorizations"}, []int{5, 2}},
		{"wrong-label.md", "Connecting a key (with a deliberate mistake)", []string{"Connecting a key (with a deliberate mistake)"}, []int{4}},
		{"outside-console.md", "Creating a root key first", []string{"Creating a root key first"}, []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			page, err := ReadDoc("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if page.Title != tt.title {
				t.Errorf("title = %q, want %q", page.Title, tt.title)
			}
			if len(page.Procedures) != len(tt.procedures) {
				t.Fatalf("%d procedures, want %d: %+v", len(page.Procedures), len(tt.procedures), page.Procedures)
			}
			for i, p := range page.Procedures {
				if p.Heading != tt.procedures[i] || len(p.Steps) != tt.steps[i] {
					t.Errorf("procedure %d = %q with %d steps, want %q with %d", i, p.Heading, len(p.Steps), tt.procedures[i], tt.steps[i])
				}
				for j, s := range p.Steps {
					if s.Number != j+1 {
						t.Errorf("step %d numbered %d", j+1, s.Number)
					}
					if strings.Contains(s.Text, "{{") || strings.Contains(s.Text, "{:") {
						t.Errorf("step %d keeps markup: %q", s.Number, s.Text)
					}
				}
			}
		})
	}
}

func TestParseDocStepParts(t *testing.T) {
	page, err := ReadDoc("testdata/connect-key-protect.md")
	if err != nil {
		t.Fatal(err)
	}
	p := page.Procedures[0]
	if p.Anchor != "connect-root-key" {
		t.Errorf("anchor = %q", p.Anchor)
	}
	if got := p.Steps[1].Images; len(got) != 1 || got[0] != "images/ac-integrations-kms-create.png" {
		t.Errorf("step 2 images = %v", got)
	}
	if got := p.Steps[2].Text; got != "Select **Key Protect** from the **Service** drop-down list." {
		t.Errorf("step 3 text = %q", got)
	}
	if got := p.Steps[3].Bullets; len(got) != 1 || !strings.HasPrefix(got[0], "**Choose existing instance** - then select") {
		t.Errorf("step 4 bullets = %q", got)
	}
}

func TestSubstitute(t *testing.T) {
	tests := []struct{ in, want string }{
		{"{{site.data.keyword.cloud_notm}} console", "IBM Cloud console"},
		{"{{site.data.keyword.cloud}} {{site.data.keyword.hscrypto}}", "IBM Cloud Hyper Protect Crypto Services"},
		{"{{site.data.keyword.appconfig_short}}", "App Configuration"},
		{"{{site.data.keyword.keymanagementservicelong_notm}} and {{site.data.keyword.keymanagementserviceshort}}", "Key Protect and Key Protect"},
		{"{{site.data.keyword.unknown_thing}}", "unknown_thing"},
	}
	for _, tt := range tests {
		if got := Substitute(tt.in); got != tt.want {
			t.Errorf("Substitute(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLabelsAndIntents(t *testing.T) {
	tests := []struct {
		text    string
		leading bool
		want    []string
		intents []intent
	}{
		{"click **Manage** > **Access (IAM)**, and select **Authorizations**.", false,
			[]string{"Manage", "Access (IAM)", "Authorizations"}, []intent{click, click, choose}},
		{"Select **Key Protect** or **Hyper Protect Crypto Services** from the **Service** drop-down list", false,
			[]string{"Key Protect", "Hyper Protect Crypto Services", "Service"}, []intent{choose, alternative, look}},
		{"From **Key Management** tile, click **Connect +**. This displays the **Key Management** side panel.", false,
			[]string{"Key Management", "Connect +", "Key Management"}, []intent{look, click, look}},
		{"**Choose existing instance** - select this option. Select the **Instance name** and **Root key** from the list.", true,
			[]string{"Choose existing instance", "Instance name", "Root key"}, []intent{choose, choose, choose}},
		{"select **Other account**. Then, enter the **Account ID** of the source account.", false,
			[]string{"Other account", "Account ID"}, []intent{choose, fill}},
	}
	for _, tt := range tests {
		ls := Labels(tt.text)
		if len(ls) != len(tt.want) {
			t.Fatalf("Labels(%q) = %+v", tt.text, ls)
		}
		prev := look
		for i, l := range ls {
			in := classify(l, prev, tt.leading)
			prev = in
			if l.Text != tt.want[i] || in != tt.intents[i] {
				t.Errorf("%q: label %d = %q intent %d, want %q intent %d", tt.text, i, l.Text, in, tt.want[i], tt.intents[i])
			}
		}
	}
}

func TestSelect(t *testing.T) {
	all := Catalogue()
	got, err := Select(all, []string{"ac-integrations-default.png", "ac-iam-authorizations"})
	if err != nil || len(got) != 2 {
		t.Fatalf("Select = %v, %v", got, err)
	}
	if _, err := Select(all, []string{"nope"}); err == nil || !strings.Contains(err.Error(), "ac-integrations-kms-create") {
		t.Errorf("unknown screen error = %v", err)
	}
	names := map[string]bool{}
	golden := 0
	for _, s := range all {
		if names[s.Name] {
			t.Errorf("screen %s twice", s.Name)
		}
		names[s.Name] = true
		if s.Golden {
			golden++
		}
	}
	if golden == 0 || golden > 6 {
		t.Errorf("%d golden screens; keep a few", golden)
	}
}

func TestParseDocNotes(t *testing.T) {
	t.Parallel()
	src := "# Page\n\nIntro text.\n\nFirst line of a note\nthat goes on.\n{: note}\n\n1. Click **A**.\n\n   An indented paragraph of the step.\n   {: note}\n\nPlain paragraph.\n\nImportant thing.\n{: important}\n\n{: note}\n"
	page, err := ParseDoc(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Note{{Line: 5, Text: "First line of a note that goes on."}, {Line: 16, Text: "Important thing."}}
	if !reflect.DeepEqual(page.Notes, want) {
		t.Errorf("notes = %+v, want %+v", page.Notes, want)
	}
	if len(page.Procedures) != 1 || len(page.Procedures[0].Steps) != 1 {
		t.Errorf("procedures = %+v", page.Procedures)
	}
}
