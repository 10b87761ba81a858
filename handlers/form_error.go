package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// formError says why a form could not be read: too large or too many fields (413), or malformed (400).
func formError(err error) error {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge,
			fmt.Sprintf("The form was larger than the console accepts (%d KiB). Nothing was changed.", tooLarge.Limit>>10))
	case strings.Contains(err.Error(), "exceeded limit"):
		// net/url refuses more than 10,000 fields with an untyped error.
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge,
			"The form had more fields than the console accepts. Nothing was changed.")
	}
	return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again. Nothing was changed.")
}
