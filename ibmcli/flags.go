package ibmcli

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// flagSpec is one option of a command: its names (long first, then a short alias), whether it takes a value, and its help.
type flagSpec struct {
	names []string
	value string // the value's placeholder in help, e.g. "FORMAT"; empty for a bool flag
	usage string
}

// parsed holds a command line after its options were read: the values by the option's first name, and the positional arguments.
type parsed struct {
	values map[string]string
	set    map[string]bool
	args   []string
}

// get returns the value of the option named name ("" when not given).
func (p parsed) get(name string) string { return p.values[name] }

// has reports whether the option named name was given.
func (p parsed) has(name string) bool { return p.set[name] }

// usageError is a command line the command does not accept; the CLI answers it with "Incorrect Usage" and the command's help.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// parseFlags reads args against specs. Options may come before, between or after positional arguments, as
// "--name value", "--name=value", "-n value" or, for bool options, "--name" (also "--name=true|false"); "--" ends the options.
// An option the command does not have is refused as urfave/cli (the framework the ibmcloud CLI's commands are built on)
// refuses it: "flag provided but not defined: -name" (*unconfirmed*: the real CLI's exact wording for its own commands).
func parseFlags(specs []flagSpec, args []string) (parsed, error) {
	p := parsed{values: map[string]string{}, set: map[string]bool{}}
	find := func(name string) *flagSpec {
		for i := range specs {
			for _, n := range specs[i].names {
				if n == name {
					return &specs[i]
				}
			}
		}
		return nil
	}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			p.args = append(p.args, args[i+1:]...)
			break
		}
		if len(arg) < 2 || arg[0] != '-' {
			p.args = append(p.args, arg)
			continue
		}
		name := strings.TrimLeft(arg, "-")
		value, hasValue := "", false
		if eq := strings.IndexByte(name, '='); eq >= 0 {
			name, value, hasValue = name[:eq], name[eq+1:], true
		}
		spec := find(name)
		if spec == nil {
			return p, usageError{"flag provided but not defined: -" + name}
		}
		key := spec.names[0]
		switch {
		case spec.value == "":
			if hasValue && value != "true" && value != "false" {
				return p, usageError{fmt.Sprintf("invalid boolean value %q for -%s", value, name)}
			}
			if hasValue && value == "false" {
				p.values[key], p.set[key] = "false", false
				continue
			}
			p.values[key], p.set[key] = "true", true
		case hasValue:
			p.values[key], p.set[key] = value, true
		case i+1 < len(args):
			i++
			p.values[key], p.set[key] = args[i], true
		default:
			return p, usageError{"flag needs an argument: -" + name}
		}
	}
	return p, nil
}

// flagHelp renders the OPTIONS section of a command's help.
func flagHelp(specs []flagSpec) string {
	var b strings.Builder
	width := 0
	labels := make([]string, len(specs))
	for i, s := range specs {
		parts := make([]string, 0, len(s.names))
		for _, n := range s.names {
			if len(n) == 1 {
				parts = append(parts, "-"+n)
			} else {
				parts = append(parts, "--"+n)
			}
		}
		labels[i] = strings.Join(parts, ", ")
		if s.value != "" {
			labels[i] += " " + s.value
		}
		width = max(width, len(labels[i]))
	}
	for i, s := range specs {
		fmt.Fprintf(&b, "   %-*s  %s\n", width, labels[i], s.usage)
	}
	return b.String()
}

// number returns the value of the number option name, or def when it is not given; a value that is not a number from
// lowest to highest is refused with msg.
func (p parsed) number(name string, def, lowest, highest int, msg string) (int, error) {
	if !p.has(name) {
		return def, nil
	}
	n, err := strconv.Atoi(p.get(name))
	if err != nil || n < lowest || n > highest {
		return 0, usageError{msg}
	}
	return n, nil
}

// page reads the options of a listing's page: the number of items limitName, from 1 to maxLimit (def when not given),
// and the offset offsetName, from 0.
func (p parsed) page(limitName string, def, maxLimit int, offsetName string) (limit, offset int, err error) {
	if limit, err = p.number(limitName, def, 1, maxLimit, fmt.Sprintf("--%s must be a number from 1 to %d", limitName, maxLimit)); err != nil {
		return 0, 0, err
	}
	offset, err = p.number(offsetName, 0, 0, math.MaxInt, fmt.Sprintf("--%s must be a number from 0", offsetName))
	return limit, offset, err
}
