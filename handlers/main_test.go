package handlers_test

import (
	"testing"

	"appconfig-console/internal/consoletest"
)

func TestMain(m *testing.M) {
	consoletest.Main(m, 8)
}
