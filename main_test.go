package main

import (
	"os"
	"testing"

	"appconfig-console/internal/consoletest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	consoletest.Close()
	os.Exit(code)
}
