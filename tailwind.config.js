// Carbon Design System v11 tokens for Tailwind (loaded from web/app.css with @config).
// Themes: g10 for the page, g100 for the header (wrap it in data-theme="g100").
// Themeable colours are CSS variables so a subtree can switch theme or layer;
// the plugin below emits the variables from the tables in this file.

// Theme tokens (packages/themes/src/g10.js, g100.js).
const g10 = {
  "background": "#f4f4f4",
  "background-hover": "rgba(141,141,141,.12)",
  "background-active": "rgba(141,141,141,.5)",
  "background-selected": "rgba(141,141,141,.2)",
  "background-inverse": "#393939",
  "layer-01": "#ffffff",
  "layer-hover-01": "#e8e8e8",
  "layer-active-01": "#c6c6c6",
  "layer-selected-01": "#e0e0e0",
  "layer-02": "#f4f4f4",
  "layer-hover-02": "#e8e8e8",
  "layer-accent-01": "#e0e0e0",
  "layer-accent-hover-01": "#d1d1d1",
  "field-01": "#ffffff",
  "field-hover-01": "#e8e8e8",
  "field-02": "#f4f4f4",
  "field-hover-02": "#e8e8e8",
  "border-subtle-00": "#c6c6c6",
  "border-subtle-01": "#e0e0e0",
  "border-subtle-02": "#c6c6c6",
  "border-strong-01": "#8d8d8d",
  "border-interactive": "#0f62fe",
  "text-primary": "#161616",
  "text-secondary": "#525252",
  "text-helper": "#6f6f6f",
  "text-placeholder": "rgba(22,22,22,.4)",
  "text-disabled": "rgba(22,22,22,.25)",
  "text-error": "#da1e28",
  "text-on-color": "#ffffff",
  "text-inverse": "#ffffff",
  "link-primary": "#0f62fe",
  "link-primary-hover": "#0043ce",
  "icon-primary": "#161616",
  "icon-secondary": "#525252",
  "icon-disabled": "rgba(22,22,22,.25)",
  "interactive": "#0f62fe",
  "support-error": "#da1e28",
  "support-success": "#24a148",
  "support-warning": "#f1c21b",
  "support-info": "#0043ce",
  "focus": "#0f62fe",
  "focus-inset": "#ffffff",
  "overlay": "rgba(22,22,22,.5)",
  "highlight": "#d0e2ff",
  "button-secondary": "#393939",
  "button-secondary-hover": "#474747",
  "button-secondary-active": "#6f6f6f",
  "button-tertiary": "#0f62fe",
  "button-tertiary-hover": "#0050e6",
  "button-disabled": "#c6c6c6",
  "notification-error": "#fff1f1",
  "notification-success": "#defbe6",
  "notification-info": "#edf5ff",
  "notification-warning": "#fcf4d6",
};

const g100 = {
  "background": "#161616",
  "background-hover": "rgba(141,141,141,.16)",
  "background-active": "rgba(141,141,141,.4)",
  "background-selected": "rgba(141,141,141,.24)",
  "background-inverse": "#f4f4f4",
  "layer-01": "#262626",
  "layer-hover-01": "#333333",
  "layer-active-01": "#525252",
  "layer-selected-01": "#393939",
  "layer-02": "#393939",
  "layer-hover-02": "#474747",
  "layer-accent-01": "#393939",
  "layer-accent-hover-01": "#474747",
  "field-01": "#262626",
  "field-hover-01": "#333333",
  "field-02": "#393939",
  "field-hover-02": "#474747",
  "border-subtle-00": "#393939",
  "border-subtle-01": "#525252",
  "border-subtle-02": "#6f6f6f",
  "border-strong-01": "#6f6f6f",
  "border-interactive": "#4589ff",
  "text-primary": "#f4f4f4",
  "text-secondary": "#c6c6c6",
  "text-helper": "#a8a8a8",
  "text-placeholder": "rgba(244,244,244,.4)",
  "text-disabled": "rgba(244,244,244,.25)",
  "text-error": "#ff8389",
  "text-on-color": "#ffffff",
  "text-inverse": "#161616",
  "link-primary": "#78a9ff",
  "link-primary-hover": "#a6c8ff",
  "icon-primary": "#f4f4f4",
  "icon-secondary": "#c6c6c6",
  "icon-disabled": "rgba(244,244,244,.25)",
  "interactive": "#4589ff",
  "support-error": "#fa4d56",
  "support-success": "#42be65",
  "support-warning": "#f1c21b",
  "support-info": "#4589ff",
  "focus": "#ffffff",
  "focus-inset": "#161616",
  "overlay": "rgba(0,0,0,.65)",
  "highlight": "#002d9c",
  "button-secondary": "#6f6f6f",
  "button-secondary-hover": "#5e5e5e",
  "button-secondary-active": "#393939",
  "button-tertiary": "#ffffff",
  "button-tertiary-hover": "#f4f4f4",
  "button-disabled": "rgba(141,141,141,.3)",
  "notification-error": "#262626",
  "notification-success": "#262626",
  "notification-info": "#262626",
  "notification-warning": "#262626",
};

// Contextual tokens (packages/styles/scss/_layer.scss): level one at the root,
// level two inside .cds-layer-two (a tile or side panel), where fields use field-02.
const level1 = {
  "layer": "var(--cds-layer-01)",
  "layer-hover": "var(--cds-layer-hover-01)",
  "layer-active": "var(--cds-layer-active-01)",
  "layer-selected": "var(--cds-layer-selected-01)",
  "layer-accent": "var(--cds-layer-accent-01)",
  "layer-accent-hover": "var(--cds-layer-accent-hover-01)",
  "field": "var(--cds-field-01)",
  "field-hover": "var(--cds-field-hover-01)",
  "border-subtle": "var(--cds-border-subtle-00)",
  "border-strong": "var(--cds-border-strong-01)",
};
const level2 = {
  ...level1,
  "layer": "var(--cds-layer-02)",
  "layer-hover": "var(--cds-layer-hover-02)",
  "field": "var(--cds-field-02)",
  "field-hover": "var(--cds-field-hover-02)",
  "border-subtle": "var(--cds-border-subtle-01)",
};

// Fixed palette steps (packages/colors) and component tokens.
const palette = {
  "transparent": "transparent",
  "current": "currentColor",
  "white": "#ffffff",
  "black": "#000000",
  "gray-10": "#f4f4f4", "gray-20": "#e0e0e0", "gray-30": "#c6c6c6", "gray-50": "#8d8d8d",
  "gray-60": "#6f6f6f", "gray-70": "#525252", "gray-80": "#393939", "gray-90": "#262626", "gray-100": "#161616",
  "blue-10": "#edf5ff", "blue-20": "#d0e2ff", "blue-60": "#0f62fe", "blue-70": "#0043ce", "blue-80": "#002d9c",
  "red-20": "#ffd7d9", "red-60": "#da1e28", "red-80": "#750e13",
  "green-20": "#a7f0ba", "green-50": "#24a148", "green-80": "#044317",
  "purple-20": "#e8daff", "purple-80": "#491d8b",
  "teal-20": "#9ef0f0", "teal-80": "#004144",
  "cool-gray-20": "#dde1e6", "cool-gray-80": "#343a3f",
  "warm-gray-20": "#e5e0df", "warm-gray-100": "#171414",
  "yellow-30": "#f1c21b",
  // Button tokens (component-tokens/button): the same in g10 and g100.
  "button-primary": "#0f62fe", "button-primary-hover": "#0050e6", "button-primary-active": "#002d9c",
  "button-danger": "#da1e28", "button-danger-hover": "#b81921", "button-danger-active": "#750e13",
};

const toVars = (tokens) =>
  Object.fromEntries(Object.entries(tokens).map(([k, v]) => [`--cds-${k}`, v]));

const themed = Object.fromEntries(
  [...Object.keys(g10), ...Object.keys(level1)].map((k) => [k, `var(--cds-${k})`]),
);

const sans = ["'IBM Plex Sans'", "system-ui", "-apple-system", "BlinkMacSystemFont", "'.SFNSText-Regular'", "sans-serif"];
const mono = ["'IBM Plex Mono'", "Menlo", "'DejaVu Sans Mono'", "'Bitstream Vera Sans Mono'", "Courier", "monospace"];

// Type tokens (packages/type/src/styles.ts): [size, line height, letter spacing, weight].
const type = {
  "label-01": ["0.75rem", "1rem", "0.32px", "400"],
  "helper-text-01": ["0.75rem", "1rem", "0.32px", "400"],
  "body-compact-01": ["0.875rem", "1.125rem", "0.16px", "400"],
  "body-01": ["0.875rem", "1.25rem", "0.16px", "400"],
  "body-compact-02": ["1rem", "1.375rem", "0", "400"],
  "body-02": ["1rem", "1.5rem", "0", "400"],
  "heading-compact-01": ["0.875rem", "1.125rem", "0.16px", "600"],
  "heading-01": ["0.875rem", "1.25rem", "0.16px", "600"],
  "heading-compact-02": ["1rem", "1.375rem", "0", "600"],
  "heading-02": ["1rem", "1.5rem", "0", "600"],
  "heading-03": ["1.25rem", "1.75rem", "0", "400"],
  "heading-04": ["1.75rem", "2.25rem", "0", "400"],
  "heading-05": ["2rem", "2.5rem", "0", "400"],
  "heading-06": ["2.625rem", "3.125rem", "0", "300"],
  "code-01": ["0.75rem", "1rem", "0.32px", "400"],
  "code-02": ["0.875rem", "1.25rem", "0.32px", "400"],
};

module.exports = {
  theme: {
    colors: { ...palette, ...themed },
    fontFamily: { sans, mono },
    fontSize: Object.fromEntries(
      Object.entries(type).map(([k, [size, lineHeight, letterSpacing, fontWeight]]) => [
        k,
        [size, { lineHeight, letterSpacing, fontWeight }],
      ]),
    ),
    fontWeight: { light: "300", normal: "400", semibold: "600" },
    // Carbon surfaces are flat and square.
    borderRadius: { none: "0", DEFAULT: "0", full: "9999px", tag: "1rem" },
    boxShadow: {
      none: "none",
      menu: "0 2px 6px rgba(0,0,0,.3)",
      panel: "0 2px 4px rgba(22,22,22,.5)",
    },
    extend: {
      // Carbon spacing tokens $spacing-01..13 (8px mini-unit); Tailwind's
      // numeric scale (4px steps) covers the same values.
      spacing: {
        "cds-01": "0.125rem", "cds-02": "0.25rem", "cds-03": "0.5rem", "cds-04": "0.75rem",
        "cds-05": "1rem", "cds-06": "1.5rem", "cds-07": "2rem", "cds-08": "2.5rem",
        "cds-09": "3rem", "cds-10": "4rem", "cds-11": "5rem", "cds-12": "6rem", "cds-13": "10rem",
      },
      // Component sizes: xs 24, sm 32, md 40, lg 48, xl 64, 2xl 80.
      height: { "xs": "1.5rem", "sm": "2rem", "md": "2.5rem", "lg": "3rem", "xl": "4rem", "2xl": "5rem" },
      width: { "panel": "28rem", "side-nav": "16rem" },
      transitionTimingFunction: {
        "productive": "cubic-bezier(.2,0,.38,.9)",
        "entrance": "cubic-bezier(0,0,.38,.9)",
        "exit": "cubic-bezier(.2,0,1,.9)",
      },
      transitionDuration: { "fast-01": "70ms", "fast-02": "110ms", "moderate-01": "150ms", "moderate-02": "240ms" },
    },
  },
  plugins: [
    // A plain plugin object, so this file needs no require() of node_modules
    // (it lives outside web/, where node_modules is).
    {
      handler: ({ addBase }) => {
        addBase({
          ":root, [data-theme=g10]": { ...toVars(g10), ...toVars(level1), "color-scheme": "light" },
          "[data-theme=g100]": { ...toVars(g100), ...toVars(level1), "color-scheme": "dark" },
          ".cds-layer-two": toVars(level2),
        });
      },
    },
  ],
};
