#!/bin/sh
# `npm start`: install what is missing (npm and system packages, the LiveKit server), build the client, then start
# LiveKit, the API on Deno (it migrates and seeds ./data/mcll.db when empty) at http://127.0.0.1:8000 and
# the demo gateway, and print the demo accounts.
set -e
cd "$(dirname "$0")/.."
sh edge/ensure-deps.sh --system
echo "[start] building the client…"
node_modules/.bin/vite build client --logLevel warn
exec node --import tsx edge/launch.ts
