#!/bin/sh
# The container's entrypoint (Dockerfile) and a VM's start command (docs/deploy-vm.md): applies the
# migrations of the database DATABASE_URL names, upserts the plan catalogue (SEED_PLANS_ON_START=0
# skips it), then runs the standalone Next.js server in the foreground (exec, so signals reach it).
# Runs from a production install (`npm ci --omit=dev && npm run build`): no dev dependency needed.
set -eu
cd "$(dirname "$0")/.."
tsx="node_modules/tsx/dist/cli.mjs"
node "$tsx" lib/cli/migrate.ts
if [ "${SEED_PLANS_ON_START:-1}" != "0" ]; then
  node "$tsx" prisma/seed.ts
fi
exec node .next/standalone/server.js
