package handlers

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/views"
	"appconfig-console/views/layout"
)

// streamedKey is the request value holding the streamedPage of a page whose document start has been sent.
const streamedKey = "streamed-page"

// streamedPage is a page sent in two parts: the document start, before the handler reads anything upstream, and the
// rest once the page is rendered.
type streamedPage struct {
	// flash is the page's pending notification, taken from the session before the response began.
	flash *layout.Flash
	// finished is set once the rest of the document has been written.
	finished bool
}

// streamable reports whether the request is a browser's navigation to a page, with no copy of it to revalidate: only
// those are sent in two parts. htmx requests, other methods, other clients and conditional requests get the whole
// answer at once, with its own status.
func streamable(c echo.Context) bool {
	r := c.Request()
	h := r.Header
	return r.Method == http.MethodGet && h.Get("Sec-Fetch-Mode") == "navigate" && h.Get("Sec-Fetch-Dest") == "document" &&
		h.Get("HX-Request") == "" && h.Get("If-None-Match") == "" && strings.Contains(h.Get("Accept"), "text/html")
}

// streamShell sends a browser navigating to a page the start of its document (layout.DocumentStart: the stylesheet,
// the font preloads, the scripts) with status 200 at once, so that the browser loads them while IBM Cloud answers;
// render or the error handler then sends the rest. A handler calls it once only upstream can still fail the request:
// from then on a failure is shown inside the page, as the status is sent. The page's notification is taken from the
// session first, since no cookie can be set once the response has begun.
func (s *Server) streamShell(c echo.Context) {
	if !streamable(c) || c.Response().Committed || tokenRefused(c) != nil {
		return
	}
	page := &streamedPage{flash: s.takeFlash(c)}
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	res.WriteHeader(http.StatusOK)
	// A client gone away is seen by the request's context, which ends the upstream calls.
	_, _ = res.Write(layout.DocumentStart())
	res.Flush()
	c.Set(streamedKey, page)
}

// streamedPageOf returns the request's page sent in two parts, or nil.
func streamedPageOf(c echo.Context) *streamedPage {
	p, _ := c.Get(streamedKey).(*streamedPage)
	return p
}

// awaitsRest reports whether the request's document start has been sent and the rest not yet.
func awaitsRest(c echo.Context) bool {
	p := streamedPageOf(c)
	return p != nil && !p.finished
}

// pageFlash returns the pending notification of the request's page: the one taken when its document start was sent,
// else the session's, taken now.
func (s *Server) pageFlash(c echo.Context) *layout.Flash {
	if p := streamedPageOf(c); p != nil {
		return p.flash
	}
	return s.takeFlash(c)
}

// finish writes the rest of a page whose document start has been sent: page less that start.
func (p *streamedPage) finish(c echo.Context, page []byte) error {
	rest, ok := bytes.CutPrefix(page, layout.DocumentStart())
	if !ok {
		return errors.New("rendering the page: it does not begin with the document start already sent")
	}
	p.finished = true
	if _, err := c.Response().Write(rest); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("writing the page: %w", err)
	}
	return nil
}

// linkInPage ends a page whose document start has been sent where a redirect was due (after IBM Cloud refused the
// user's sign-in): the status is sent, so the page offers the address as a link, the sign-in page when the session
// ended, else the same page again with the renewed sign-in.
func (s *Server) linkInPage(c echo.Context, target string) error {
	page := views.ErrorPage{Status: http.StatusUnauthorized}
	if u, err := url.Parse(target); err == nil && u.Path == signInURL() {
		page.Title = "Sign in again"
		page.Message = cmp.Or(signInNotice(u.Query().Get("reason")), "Your session has ended. Sign in again to continue where you were.")
		page.BackURL, page.BackLabel = target, "Sign in"
		page.Shell = s.shell(c, page.Title)
		page.Shell.UserEmail, page.Shell.AccountName = "", ""
	} else {
		page.Title = "Your sign-in was renewed"
		page.Message = "IBM Cloud no longer accepted your sign-in, so the console renewed it. Nothing was changed: load the page again to see it."
		page.RetryURL = target
		page.BackURL, page.BackLabel = backLink(c.Request().URL.Path)
		page.Shell = s.shell(c, page.Title)
	}
	return render(c, page.Status, views.Error(page))
}
