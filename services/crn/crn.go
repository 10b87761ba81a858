// Package crn parses IBM Cloud resource names (CRNs).
package crn

import (
	"errors"
	"fmt"
	"strings"
)

// MaxLength is the longest CRN the console accepts.
const MaxLength = 512

// CRN is a parsed IBM Cloud resource name: crn:v1:<cname>:<ctype>:<service>:<location>:<scope>:<instance>:<type>:<resource>.
type CRN struct {
	CName        string
	CType        string
	ServiceName  string
	Location     string
	Scope        string
	ServiceInst  string
	ResourceType string
	Resource     string
}

// ErrInvalid is returned for text that is not a CRN.
var ErrInvalid = errors.New("not a valid CRN")

// Parse reads a CRN, rejecting text with the wrong prefix, segment count, length or characters.
func Parse(s string) (CRN, error) {
	if len(s) > MaxLength {
		return CRN{}, fmt.Errorf("%w: longer than %d characters", ErrInvalid, MaxLength)
	}
	parts := strings.Split(s, ":")
	if len(parts) != 10 || parts[0] != "crn" || parts[1] != "v1" {
		return CRN{}, fmt.Errorf("%w: expected crn:v1 followed by 8 segments", ErrInvalid)
	}
	for _, p := range parts {
		for _, r := range p {
			if r <= ' ' || r == 0x7f || r == '<' || r == '>' || r == '"' || r == '\'' || r == '\\' {
				return CRN{}, fmt.Errorf("%w: unexpected character %q", ErrInvalid, r)
			}
		}
	}
	c := CRN{CName: parts[2], CType: parts[3], ServiceName: parts[4], Location: parts[5], Scope: parts[6],
		ServiceInst: parts[7], ResourceType: parts[8], Resource: parts[9]}
	if c.CName == "" || c.CType == "" || c.ServiceName == "" {
		return CRN{}, fmt.Errorf("%w: cname, ctype and service name are required", ErrInvalid)
	}
	return c, nil
}

// AccountID returns the account of an "a/<account>" scope, or "".
func (c CRN) AccountID() string {
	if strings.HasPrefix(c.Scope, "a/") {
		return c.Scope[2:]
	}
	return ""
}

// String formats the CRN.
func (c CRN) String() string {
	return strings.Join([]string{"crn", "v1", c.CName, c.CType, c.ServiceName, c.Location, c.Scope, c.ServiceInst, c.ResourceType, c.Resource}, ":")
}

// IsGUID reports whether s looks like an instance GUID (8-4-4-4-12 hexadecimal digits).
func IsGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
				return false
			}
		}
	}
	return true
}

// IsAccountID reports whether s is an IBM Cloud account ID: 32 hexadecimal characters.
func IsAccountID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// InstanceGUID returns the GUID of the service instance that s names, when s is an instance GUID or the CRN of a
// service instance itself (not of a resource inside it), as the console's addresses hold either.
func InstanceGUID(s string) (string, bool) {
	if IsGUID(s) {
		return s, true
	}
	c, err := Parse(s)
	if err != nil || !IsGUID(c.ServiceInst) || c.ResourceType != "" || c.Resource != "" || c.Location == "" || c.AccountID() == "" {
		return "", false
	}
	return c.ServiceInst, true
}
