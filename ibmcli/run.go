// Package ibmcli is a command-line front end with the ibmcloud CLI's own syntax for the commands the documentation
// names (login, logout, target, iam authorization policies, app-configuration integrations, resource service
// instances, kp keys and registrations), on the console's services and IBM's SDK clients.
package ibmcli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"appconfig-console/services/ibmcloud"
)

// command is one ibmcloud command: its words after "ibmcloud", usage line, description, options, whether it needs a
// session, and what it does.
type command struct {
	path  string
	usage string
	desc  string
	flags []flagSpec
	// login says the command needs a session (and renews its token first).
	login bool
	run   func(c *cmdContext, p parsed) error
}

// cmdContext is what a running command has: its streams, environment, the configuration directory and, for commands
// that need one, the session with clients for its endpoints.
type cmdContext struct {
	ctx    context.Context
	env    func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	home   string
	cfg    *config
	svc    *services
}

// failure is a refusal or an upstream failure: the CLI prints FAILED and the message on stderr and exits with 1.
type failure struct{ msg string }

func (f failure) Error() string { return f.msg }

// failf returns a failure with a formatted message.
func failf(format string, args ...any) error { return failure{fmt.Sprintf(format, args...)} }

// helpFlag is the option every command has.
var helpFlag = flagSpec{names: []string{"help", "h"}, usage: "Show help"}

// Run runs `ibmcloud ARGS...` (args without the program name) and returns the exit code: 0 on success, 1 on a
// failure or an incorrect usage, as the ibmcloud CLI exits. Input for confirmations is read from os.Stdin.
func Run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	return RunWithInput(ctx, args, env, os.Stdin, stdout, stderr)
}

// RunWithInput is Run with the input that confirmation prompts read from.
func RunWithInput(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	args = expandAlias(args)
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		if len(args) > 1 {
			return helpFor(args[1:], stdout, stderr)
		}
		fmt.Fprint(stdout, globalHelp())
		return 0
	}
	cmd, rest := lookup(args)
	if cmd == nil {
		return namespaceOrUnknown(args, stdout, stderr)
	}
	flags := append(append([]flagSpec{}, cmd.flags...), helpFlag)
	p, err := parseFlags(flags, rest)
	if err != nil {
		fmt.Fprintf(stderr, "FAILED\nIncorrect Usage: %s\n\n%s", err, commandHelp(cmd))
		return 1
	}
	if p.has("help") {
		fmt.Fprint(stdout, commandHelp(cmd))
		return 0
	}
	c := &cmdContext{ctx: ctx, env: env, stdin: stdin, stdout: stdout, stderr: stderr}
	if err := c.start(cmd); err != nil {
		return report(err, cmd, stderr)
	}
	if err := cmd.run(c, p); err != nil {
		return report(err, cmd, stderr)
	}
	return 0
}

// namespaceAliases are the short names of command namespaces: App Configuration's plug-in answers to `ibmcloud ac`
// (ibm-cloud-docs/app-configuration ac-updated-cli.md: "use `ibmcloud app-configuration` or `ibmcloud ac`").
var namespaceAliases = map[string]string{"ac": "app-configuration"}

// expandAlias returns args with a namespace's short name, as the command or as the subject of help, in full.
func expandAlias(args []string) []string {
	i := 0
	if len(args) > 1 && args[0] == "help" {
		i = 1
	}
	if i < len(args) {
		if full, ok := namespaceAliases[args[i]]; ok {
			args = append(append(append([]string{}, args[:i]...), full), args[i+1:]...)
		}
	}
	return args
}

// report prints err as the CLI does and returns the exit code: "FAILED" and the message on stderr, exit 1; an incorrect
// usage also shows the command's help (*unconfirmed*: the exact layout of the CLI's usage errors).
func report(err error, cmd *command, stderr io.Writer) int {
	var usage usageError
	if errors.As(err, &usage) {
		fmt.Fprintf(stderr, "FAILED\nIncorrect Usage: %s\n\n%s", usage.msg, commandHelp(cmd))
		return 1
	}
	fmt.Fprintf(stderr, "FAILED\n%s\n", message(err))
	return 1
}

// message is what a person reads for err: a refusal's own text, or the upstream service's answer with its status.
func message(err error) string {
	var f failure
	if errors.As(err, &f) {
		return f.msg
	}
	var upstream *ibmcloud.Error
	if errors.As(err, &upstream) {
		if upstream.Status != 0 {
			return fmt.Sprintf("%s\nStatus code: %d (%s)", upstream.Message, upstream.Status, upstream.Service)
		}
		return fmt.Sprintf("%s: %s", upstream.Service, upstream.Message)
	}
	return err.Error()
}

// lookup finds the longest command path that args start with and returns it with the remaining arguments.
func lookup(args []string) (*command, []string) {
	for n := min(len(args), 3); n > 0; n-- {
		path := strings.Join(args[:n], " ")
		for _, c := range commands() {
			if c.path == path {
				return c, args[n:]
			}
		}
	}
	return nil, nil
}

// namespaceOrUnknown answers a namespace alone (e.g. `ibmcloud iam`) with its commands, and anything else as the CLI
// answers an unknown command ("'X' is not a registered command. See 'ibmcloud help'."; *unconfirmed* by a reference,
// it is the CLI's known answer).
func namespaceOrUnknown(args []string, stdout, stderr io.Writer) int {
	if help := namespaceHelp(args[0]); help != "" {
		if len(args) > 2 && args[1] == "help" {
			return helpFor(append([]string{args[0]}, args[2:]...), stdout, stderr)
		}
		if len(args) == 1 || args[1] == "--help" || args[1] == "-h" {
			fmt.Fprint(stdout, help)
			return 0
		}
		fmt.Fprintf(stderr, "FAILED\n'%s' is not a registered command. See 'ibmcloud %s --help'.\n", args[1], args[0])
		return 1
	}
	fmt.Fprintf(stderr, "FAILED\n'%s' is not a registered command. See 'ibmcloud help'.\n", args[0])
	return 1
}

// helpFor answers `ibmcloud help COMMAND...`.
func helpFor(args []string, stdout, stderr io.Writer) int {
	if cmd, rest := lookup(args); cmd != nil && len(rest) == 0 {
		fmt.Fprint(stdout, commandHelp(cmd))
		return 0
	}
	return namespaceOrUnknown(append(args, "--help"), stdout, stderr)
}

// commandHelp renders a command's help as the CLI lays it out: NAME, USAGE and OPTIONS, the usage line being the
// reference's own (*unconfirmed*: the indentation and the wording of the option lines).
func commandHelp(c *command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "NAME:\n   ibmcloud %s - %s\n\nUSAGE:\n   ibmcloud %s\n", c.path, c.desc, c.usage)
	if len(c.flags) > 0 {
		fmt.Fprintf(&b, "\nOPTIONS:\n%s", flagHelp(c.flags))
	}
	return b.String()
}

// namespaceHelp lists the commands of a namespace ("iam", "app-configuration", "resource", "kp"), or "" for none.
func namespaceHelp(ns string) string {
	var b strings.Builder
	for _, c := range commands() {
		if name, ok := strings.CutPrefix(c.path, ns+" "); ok {
			fmt.Fprintf(&b, "   %-32s %s\n", name, c.desc)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return fmt.Sprintf("NAME:\n   ibmcloud %s\n\nUSAGE:\n   ibmcloud %s command [arguments...] [command options]\n\nCOMMANDS:\n%s\nEnter 'ibmcloud %s help [command]' for more information about a command.\n", ns, ns, b.String(), ns)
}

// globalHelp lists every command.
func globalHelp() string {
	var b strings.Builder
	b.WriteString("NAME:\n   ibmcloud - A command line tool to interact with IBM Cloud (the commands of this console)\n\nUSAGE:\n   ibmcloud [global options] command [arguments...] [command options]\n\nCOMMANDS:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "   %-44s %s\n", c.path, c.desc)
	}
	b.WriteString("\nEnter 'ibmcloud help [command]' for more information about a command.\n")
	return b.String()
}

// commands is every command this CLI has.
func commands() []*command {
	var all []*command
	all = append(all, sessionCommands()...)
	all = append(all, iamCommands()...)
	all = append(all, appConfigCommands()...)
	all = append(all, resourceCommands()...)
	all = append(all, kpCommands()...)
	return all
}
