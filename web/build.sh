#!/bin/sh
# build.sh builds the embedded front-end assets into static/ (run by
# `go generate ./...` from static/generate.go; outputs are committed, so
# `go run .` and `go test` need neither Node nor the templ CLI).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
web="$root/web"
static="$root/static"
modules="$web/node_modules"

# Install the pinned tools once (package-lock.json; install scripts stay off).
if [ ! -d "$modules/@tailwindcss/cli" ]; then
	npm --prefix "$web" ci --no-audit --no-fund --ignore-scripts
fi

# Stylesheet: Tailwind v4 with the Carbon tokens from tailwind.config.js.
# Run from web/ so the @config and @source paths in app.css resolve.
(cd "$web" && "$modules/.bin/tailwindcss" -i app.css -o "$static/app.css" --minify)

# Scripts: htmx 2 (stable line, see package.json) and our own app.js.
cp "$modules/htmx.org/dist/htmx.min.js" "$static/htmx.min.js"
cp "$web/app.js" "$static/app.js"

# IBM Plex Sans Light, Regular and SemiBold, Latin-1 subset.
mkdir -p "$static/fonts"
for weight in Light Regular SemiBold; do
	cp "$modules/@ibm/plex-sans/fonts/split/woff2/IBMPlexSans-$weight-Latin1.woff2" "$static/fonts/"
done
# IBM Plex Mono Regular, Latin-1 subset: IDs, CRNs, keys and the CLI and Terraform blocks are set in it (no other
# weight is shown).
cp "$modules/@ibm/plex-mono/fonts/split/woff2/IBMPlexMono-Regular-Latin1.woff2" "$static/fonts/"

# axe-core is vendored for accessibility tests only; it is never served.
mkdir -p "$root/testdata/axe"
cp "$modules/axe-core/axe.min.js" "$root/testdata/axe/axe.min.js"
