#!/bin/sh
# The container's entrypoint (Dockerfile) and a VM's start command (docs/deploy-vm.md): applies the
# migrations of the database DATABASE_URL names, upserts the plan catalogue (SEED_PLANS_ON_START=0
# skips it), then runs the standalone Next.js server in the foreground (exec, so signals reach it).
# Runs from a production install (`npm ci --omit=dev && npm run build`): no dev dependency needed.
set -eu
: "${DATABASE_URL:?DATABASE_URL must be set}"
cd "$(dirname "$0")/.."
tsx="node_modules/tsx/dist/cli.mjs"
# Migrations take advisory locks: behind PgBouncer in transaction mode give them a direct
# connection (MIGRATE_DATABASE_URL); the app itself keeps the pooled DATABASE_URL.
DATABASE_URL="${MIGRATE_DATABASE_URL:-$DATABASE_URL}" node "$tsx" lib/cli/migrate.ts
if [ "${SEED_PLANS_ON_START:-1}" != "0" ]; then
  node "$tsx" prisma/seed.ts
fi
exec node .next/standalone/server.js
