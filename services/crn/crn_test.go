package crn

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		service string
		guid    string
		account string
		ok      bool
	}{
		{"crn:v1:bluemix:public:kms:us-south:a/9f8e7d6c5b4a39281706f5e4d3c2b1a0:0b5e5e9a-1111-4c2d-9e3f-000000000001::", "kms", "0b5e5e9a-1111-4c2d-9e3f-000000000001", "9f8e7d6c5b4a39281706f5e4d3c2b1a0", true},
		{"crn:v1:bluemix:public:kms:us-south:a/acct:guid:key:k1", "kms", "guid", "acct", true},
		{"crn:v1:bluemix:public:kms:us-south:a/acct:guid:", "", "", "", false},
		{"crm:v1:bluemix:public:kms:us-south:a/acct:guid::", "", "", "", false},
		{"crn:v1:bluemix:public::us-south:a/acct:guid::", "", "", "", false},
		{"crn:v1:bluemix:public:kms:us-south:a/acct:<script>::", "", "", "", false},
		{"", "", "", "", false},
	}
	for _, tt := range tests {
		c, err := Parse(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("Parse(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if !tt.ok {
			continue
		}
		if c.ServiceName != tt.service || c.ServiceInst != tt.guid || c.AccountID() != tt.account || c.String() != tt.in {
			t.Errorf("Parse(%q) = %+v", tt.in, c)
		}
	}
}

func TestIsAccountIDAndGUID(t *testing.T) {
	if !IsAccountID("9f8e7d6c5b4a39281706f5e4d3c2b1a0") || IsAccountID("9F8E7D6C5B4A39281706F5E4D3C2B1A0x") || IsAccountID("xyz") {
		t.Error("IsAccountID misjudged")
	}
	if !IsGUID("0b5e5e9a-1111-4c2d-9e3f-000000000001") || IsGUID("0b5e5e9a11114c2d9e3f000000000001") || IsGUID("../../etc/passwd") {
		t.Error("IsGUID misjudged")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"crn:v1:bluemix:public:kms:us-south:a/acct:guid::", "crn:v1:a:b:c:d:e:f:g:h", "crn:", ":::::::::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		if c.String() != s {
			t.Fatalf("round trip: %q became %q", s, c.String())
		}
		if _, err := Parse(c.String()); err != nil {
			t.Fatalf("re-parse of %q failed: %v", s, err)
		}
	})
}

func TestInstanceGUID(t *testing.T) {
	const guid = "0b5e5e9a-1111-4c2d-9e3f-000000000001"
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{guid, guid, true},
		{"crn:v1:bluemix:public:apprapp:us-south:a/9f8e7d6c5b4a39281706f5e4d3c2b1a0:" + guid + "::", guid, true},
		{"crn:v1:bluemix:public:kms:us-south:a/9f8e7d6c5b4a39281706f5e4d3c2b1a0:" + guid + ":key:" + guid, "", false},
		{"crn:v1:bluemix:public:apprapp:us-south:a/9f8e7d6c5b4a39281706f5e4d3c2b1a0:not-a-guid::", "", false},
		{"crn:v1:bluemix:public:apprapp::a/9f8e7d6c5b4a39281706f5e4d3c2b1a0:" + guid + "::", "", false},
		{"crn:v1:bluemix:public:apprapp:us-south:o/org:" + guid + "::", "", false},
		{"../" + guid, "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got, ok := InstanceGUID(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("InstanceGUID(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
