#!/bin/sh
# Builds the pinned LiveKit server with the Go toolchain into ./.tools/bin/livekit-server.
# `go install …@version` refuses modules with replace directives, so it is built from a throwaway module
# that requires it and repeats its replace directives. The result is cached per version in
# ${XDG_CACHE_HOME:-~/.cache}/mcll, so repeat runs (and fresh clones on the same machine) take a second.
set -e
# v1.13.5: the newest release whose dependencies are all served by the Go module proxy reachable here
# (v1.13.6–v1.13.11 need pseudo-versions of livekit/protocol that it answers 403 for).
VERSION="${LIVEKIT_VERSION:-v1.13.5}"
cd "$(dirname "$0")/../.."
TOOLS="$PWD/.tools/bin"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/mcll"
CACHED="$CACHE/livekit-server-$VERSION"
mkdir -p "$TOOLS" "$CACHE"

if [ ! -x "$CACHED" ]; then
  command -v go >/dev/null 2>&1 || { echo "[livekit] Go is required to build the LiveKit server (apt-get install golang, or https://go.dev)" >&2; exit 1; }
  echo "[livekit] building livekit-server $VERSION with $(go version | cut -d' ' -f3) (first time only, a few minutes)…"
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  GOFLAGS=-mod=mod go mod download -json "github.com/livekit/livekit-server@$VERSION" > "$WORK/dl.json"
  UPSTREAM_MOD="$(sed -n 's/.*"GoMod": "\(.*\)".*/\1/p' "$WORK/dl.json")"
  # the upstream go.mod, renamed, plus a requirement on the server itself: same versions, same replaces
  sed "s#^module .*#module mcll/livekit-build#" "$UPSTREAM_MOD" > "$WORK/go.mod"
  printf '\nrequire github.com/livekit/livekit-server %s\n' "$VERSION" >> "$WORK/go.mod"
  (cd "$WORK" && GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$CACHED.tmp" github.com/livekit/livekit-server/cmd/server)
  mv "$CACHED.tmp" "$CACHED"
fi
ln -sf "$CACHED" "$TOOLS/livekit-server"
echo "[livekit] $("$TOOLS/livekit-server" --version 2>/dev/null || echo "livekit-server $VERSION") at .tools/bin/livekit-server"
