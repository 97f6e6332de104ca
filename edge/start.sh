#!/bin/sh
# `npm start`: install what is missing (npm and system packages, the LiveKit server), build the client, then start
# LiveKit, the API on Deno (it migrates and seeds ./data/mcll.db when empty) at http://127.0.0.1:8000 and
# the demo gateway, and print the demo accounts. With --cluster (`npm run cluster`): Redis, two LiveKit nodes and
# two API instances (Node) behind loopback balancers instead of one of each (edge/cluster/main.ts).
set -e
cd "$(dirname "$0")/.."
sh edge/ensure-deps.sh --system
echo "[start] building the client…"
node_modules/.bin/vite build client --logLevel warn
if [ "$1" = "--cluster" ]; then exec node --import tsx edge/cluster/main.ts; fi
exec node --import tsx edge/launch.ts
