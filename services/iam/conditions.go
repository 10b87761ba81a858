package iam

import "strings"

// conditionLabels name the resource attributes a target can be narrowed by beyond account and service: singular and plural.
var conditionLabels = map[string][2]string{
	attrServiceInstance: {"Instance", "Instances"},
	attrResourceGroupID: {"Resource group", "Resource groups"},
	attrResourceType:    {"Resource type", "Resource types"},
	attrResource:        {"Resource", "Resources"},
	attrKeyRing:         {"Key ring", "Key rings"},
	attrRegion:          {"Region", "Regions"},
}

// TargetConditions describes in words what narrows the target of a beyond the instance and resource group its Target
// names: one key ("Key 1234"), a wildcard ("Instances matching kp-*"), any value ("Any key"), a region or a key ring.
func (a Authorization) TargetConditions() []string {
	keys := false
	for _, at := range a.ResourceAttributes {
		if at.Name == attrResourceType && at.Value == "key" && (at.Operator == "" || at.Operator == "stringEquals") {
			keys = true
		}
	}
	var out []string
	for _, at := range a.ResourceAttributes {
		labels, ok := conditionLabels[at.Name]
		equals := at.Operator == "" || at.Operator == "stringEquals"
		switch {
		case !ok, equals && (at.Name == attrServiceInstance || at.Name == attrResourceGroupID), keys && at.Name == attrResourceType && equals:
			continue
		case keys && at.Name == attrResource:
			labels = [2]string{"Key", "Keys"}
		}
		switch at.Operator {
		case "", "stringEquals":
			out = append(out, labels[0]+" "+at.Value)
		case "stringMatch":
			out = append(out, labels[1]+" matching "+at.Value)
		case "stringExists":
			if at.Value == "true" {
				out = append(out, "Any "+strings.ToLower(labels[0]))
			} else {
				out = append(out, "No "+strings.ToLower(labels[0]))
			}
		default:
			out = append(out, labels[0]+" "+at.Operator+" "+at.Value)
		}
	}
	return out
}
