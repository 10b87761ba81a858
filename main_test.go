package main

import (
	"os"
	"testing"

	"appconfig-console/internal/consoletest"
)

// runAsCommand, set in the environment, makes the test binary run the command itself with its arguments, so that a test
// can signal a real process.
const runAsCommand = "APPCONFIG_CONSOLE_TEST_RUN_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(runAsCommand) == "1" {
		main()
		os.Exit(0)
	}
	consoletest.Main(m, consoletest.Parallel)
}
