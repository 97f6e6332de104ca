#!/bin/sh
# Installs what the project needs and is missing: npm packages (always), and, with --system, the Debian
# packages the tests need (Chromium, ffmpeg, CJK fonts, poppler-utils, sipp, mosquitto, Redis) and the LiveKit server (built with Go, cached).
# Idempotent; safe to run before every start/test.
set -e
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/vitest ] || [ ! -x node_modules/.bin/deno ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing npm packages…"
  # exactly the lock file's versions (a fresh clone and CI get the same tree); onnxruntime-node's GPU download is
  # skipped by .npmrc (its CPU binaries ship in the package)
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
fi

if [ "$1" = "--system" ]; then
  missing=""
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  command -v ffmpeg >/dev/null 2>&1 || missing="$missing ffmpeg"
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$missing fonts-noto-cjk"
  # pdftotext reads the exported PDFs back in the tests (ledgers, reports)
  command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
  # the kitchen's devices (issue 17): sipp plays a GB/T 28181 camera, mosquitto is the school's MQTT broker;
  # the LiveKit cluster (issue 18) coordinates its nodes through Redis
  command -v sipp >/dev/null 2>&1 || missing="$missing sip-tester"
  command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing="$missing mosquitto"
  command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
  if [ -n "$missing" ]; then
    if [ "$(id -u)" != "0" ]; then
      echo "[setup] missing system packages:$missing — run: sudo apt-get update && sudo apt-get install -y$missing" >&2
      exit 1
    fi
    echo "[setup] installing system packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
  fi
  sh media/livekit/install.sh
fi
