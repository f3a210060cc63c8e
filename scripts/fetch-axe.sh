#!/usr/bin/env bash
# Vendors axe-core, the accessibility engine of the browser tests
# (test/portal), from the npm registry into testdata/axe/ (ignored by git).
# The tests never fetch it: `make test` and .ci/run run this script first.
# The version and the tarball's SHA-512 are pinned. Without npm it says so
# and leaves the tests to skip (or, under CI=true, to fail).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.14.1
SHA512=1477dafa598d8d065f273d6af302aa203c02e83131707b7fa648cd41bd3d6b734f8c22a0dab86ee6a6f64b8afbe804b214d36db85a2826965edfb3a0b9d546b5
DEST=testdata/axe

if [ -f "$DEST/axe.min.js" ] && [ "$(cat "$DEST/VERSION" 2>/dev/null)" = "$VERSION" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-axe: npm not found; the accessibility tests will skip (install Node.js and npm to run them)" >&2
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack --silent "axe-core@$VERSION" >/dev/null); then
  echo "fetch-axe: could not fetch axe-core $VERSION from the npm registry; the accessibility tests will skip" >&2
  [ "${CI:-}" = "true" ] && exit 1
  exit 0
fi
tgz="$tmp/axe-core-$VERSION.tgz"
if [ "$(sha512sum "$tgz" | cut -d' ' -f1)" != "$SHA512" ]; then
  echo "fetch-axe: axe-core-$VERSION.tgz does not have the pinned SHA-512" >&2
  exit 1
fi
tar -xzf "$tgz" -C "$tmp" package/axe.min.js package/LICENSE
mkdir -p "$DEST"
cp "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$DEST/"
echo "$VERSION" >"$DEST/VERSION"
echo "fetch-axe: axe-core $VERSION in $DEST/"
