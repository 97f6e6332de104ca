#!/bin/sh
# Installs the independent property-based API tester (schemathesis, from PyPI) into its own virtual environment
# at .tools/schemathesis, once; the contract test (tests/integration/openapi-contract.test.ts) runs it.
set -e
cd "$(dirname "$0")/../.."
VERSION="4.32.5"
VENV=".tools/schemathesis"
if [ -x "$VENV/bin/schemathesis" ] && "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$VERSION"; then exit 0; fi
if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c "import ensurepip" >/dev/null 2>&1; then
  if [ "$(id -u)" != "0" ]; then echo "[setup] python3-venv is missing — run: sudo apt-get install -y python3-venv" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv
fi
echo "[setup] installing schemathesis $VERSION into $VENV…"
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
