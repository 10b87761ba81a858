// app.js: small progressive enhancements for the console. Every feature here
// also works (in a simpler form) without JavaScript; there are no inline
// scripts anywhere because the CSP forbids them. htmx is configured by the
// <meta name="htmx-config"> tag in the layout, and the CSRF header is sent by
// hx-headers on <body>.
(function () {
  "use strict";

  // With JavaScript, htmx applies choices as they are made, so the "Apply choices" controls that serve pages without
  // JavaScript ([data-nojs]) are hidden by CSS under html.js and then removed, so that Enter in a field submits the
  // form's real action rather than a hidden Apply button.
  document.documentElement.classList.add("js");
  function removeNoJS(root) {
    (root || document).querySelectorAll("[data-nojs]").forEach(function (el) {
      el.remove();
    });
  }

  var FOCUSABLE =
    'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), ' +
    'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

  // Copy buttons: <button data-copy="ID"> copies the text of element ID.
  function copyFrom(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) return;
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      var feedback = button.querySelector("[data-copy-feedback]");
      button.setAttribute("data-copied", "");
      if (feedback) feedback.hidden = false;
      setTimeout(function () {
        button.removeAttribute("data-copied");
        if (feedback) feedback.hidden = true;
      }, 2000);
    });
  }

  // Dialogs (side panel, modal): [data-dialog] with role=dialog. While one is
  // open, Tab cycles inside it and Escape follows its [data-dialog-close] link
  // (a real URL, so htmx or a plain navigation closes it).
  var openDialog = null;
  var returnFocus = null;

  function currentDialog() {
    var all = document.querySelectorAll("[data-dialog]");
    return all.length ? all[all.length - 1] : null;
  }

  function focusables(dialog) {
    return Array.prototype.filter.call(dialog.querySelectorAll(FOCUSABLE), function (el) {
      return el.offsetParent !== null || el === document.activeElement;
    });
  }

  function syncDialog(event) {
    var dialog = currentDialog();
    if (dialog && dialog !== openDialog) {
      if (event && event.type === "htmx:afterSwap") {
        document.querySelectorAll(".cds-panel, .cds-overlay").forEach(function (el) {
          el.classList.add("cds-enter");
        });
      }
      if (!openDialog) {
        var active = document.activeElement;
        returnFocus = active && active !== document.body ? active : null;
      }
      openDialog = dialog;
      var first = dialog.querySelector("[autofocus]") || dialog.querySelector("[data-dialog-title]");
      if (first) {
        if (!first.hasAttribute("tabindex") && first.matches("h1,h2,h3")) first.setAttribute("tabindex", "-1");
        first.focus({ preventScroll: true });
      }
    } else if (!dialog && openDialog) {
      var id = openDialog.getAttribute("data-return-focus");
      openDialog = null;
      var target = (returnFocus && returnFocus.isConnected && returnFocus) || (id && document.getElementById(id));
      returnFocus = null;
      if (target) target.focus();
    }
  }

  function trapTab(event) {
    if (!openDialog || event.key !== "Tab") return;
    var items = focusables(openDialog);
    if (!items.length) return;
    var first = items[0];
    var last = items[items.length - 1];
    if (!openDialog.contains(document.activeElement)) {
      event.preventDefault();
      first.focus();
    } else if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  // Overflow menus are <details data-menu>: close on outside click or Escape,
  // and only one is open at a time.
  function closeMenus(except) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }

  // Closing a dialog: its close, Cancel and overlay links lead to the page that lies under it, so with JavaScript the
  // dialog is removed in place and the address updated, which keeps the page and lets the focus return to the
  // control that opened the dialog. Without JavaScript the links load that page.
  function closeInPlace(link) {
    var dialog = openDialog;
    if (!dialog || !link.href) return false;
    var overlay = dialog.closest("[data-modal-overlay]");
    if (overlay) {
      overlay.remove();
    } else {
      document.querySelectorAll("[data-panel-overlay]").forEach(function (el) {
        el.remove();
      });
      dialog.remove();
    }
    history.pushState(null, "", link.href);
    syncDialog();
    if (!document.activeElement || document.activeElement === document.body) {
      var main = document.getElementById("main-content");
      if (main) main.focus({ preventScroll: true });
    }
    return true;
  }

  document.addEventListener("click", function (event) {
    var closer = event.target.closest("[data-dialog-close], [data-dialog-cancel], [data-panel-overlay]");
    if (closer && openDialog && !event.ctrlKey && !event.metaKey && !event.shiftKey && closeInPlace(closer)) {
      event.preventDefault();
      return;
    }
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      event.preventDefault();
      copyFrom(copy);
      return;
    }
    var dismiss = event.target.closest("[data-dismiss]");
    if (dismiss) {
      var toast = dismiss.closest("[data-toast]");
      if (toast) toast.remove();
      return;
    }
    closeMenus(event.target.closest("details[data-menu]"));
  });

  document.addEventListener("keydown", function (event) {
    trapTab(event);
    if (event.key !== "Escape") return;
    var menu = document.querySelector("details[data-menu][open]");
    if (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) summary.focus();
      return;
    }
    if (openDialog) {
      var close = openDialog.querySelector("[data-dialog-close]");
      if (close) {
        event.preventDefault();
        close.click();
      }
    }
  });

  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches("details[data-menu]") && event.target.open) {
      closeMenus(event.target);
    }
  }, true);

  // Type-to-confirm dialogs: the danger button stays disabled until the field holds the name it asks for (the server
  // checks the name again). Without JavaScript the button is enabled and the server's check alone applies.
  function syncConfirm(input) {
    var form = input.form;
    var submit = form && form.querySelector('button[type="submit"]');
    if (submit) submit.disabled = input.value.trim() !== input.getAttribute("data-confirm-name");
  }
  function initConfirm(root) {
    (root || document).querySelectorAll("input[data-confirm-name]").forEach(syncConfirm);
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-confirm-name]")) syncConfirm(event.target);
  });

  // Accordion items marked data-keep-open (with an id) stay open when htmx swaps in a new version of them.
  var keptOpen = {};
  document.addEventListener("htmx:beforeSwap", function () {
    document.querySelectorAll("details[data-keep-open][id]").forEach(function (d) {
      keptOpen[d.id] = d.open;
    });
  });
  function restoreOpen(root) {
    (root || document).querySelectorAll("details[data-keep-open][id]").forEach(function (d) {
      if (keptOpen[d.id]) d.open = true;
    });
  }

  // htmx swaps open and close panels; check after each swap.
  document.addEventListener("htmx:afterSwap", syncDialog);
  document.addEventListener("DOMContentLoaded", syncDialog);
  document.addEventListener("DOMContentLoaded", function () {
    removeNoJS(document);
    initConfirm(document);
  });
  document.addEventListener("htmx:load", function (e) {
    removeNoJS(e.target);
    initConfirm(e.target);
    restoreOpen(e.target);
  });
})();
