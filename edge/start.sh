#!/bin/sh
# `npm start`: install what is missing, build the client, start the API on Deno (it migrates and seeds
# ./data/mcll.db when empty) at http://127.0.0.1:8000, and print the demo accounts.
set -e
cd "$(dirname "$0")/.."
sh edge/ensure-deps.sh
echo "[start] building the client…"
node_modules/.bin/vite build client --logLevel warn
exec node_modules/.bin/deno run --allow-net --allow-read --allow-write --allow-env --allow-ffi --allow-sys edge/deno.ts
