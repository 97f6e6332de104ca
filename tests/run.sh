#!/bin/sh
# `npm test`: every suite (unit, integration, component, e2e). Installs missing npm and system packages first.
set -e
cd "$(dirname "$0")/.."
sh edge/ensure-deps.sh --system
exec node_modules/.bin/vitest run "$@"
