#!/bin/sh
# `npm test`: every suite (unit, integration, component, e2e). Installs missing npm and system packages first.
set -e
cd "$(dirname "$0")/.."
sh edge/ensure-deps.sh --system
# the OpenAPI contract test's independent tester (Python, in its own virtual environment; tests only)
sh tests/contract/install-schemathesis.sh
exec node_modules/.bin/vitest run "$@"
