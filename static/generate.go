package static

// Templ components first (their classes feed the Tailwind scan), then assets.
//go:generate go tool templ generate -path ../views
//go:generate sh ../web/build.sh
