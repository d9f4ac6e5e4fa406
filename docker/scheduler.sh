#!/bin/sh
# The compose file's scheduler (docker-compose.yml): one process that starts a reconciliation run
# every RECONCILE_INTERVAL_SECONDS (default 300) and a renewal run every RENEWALS_INTERVAL_SECONDS
# (default 3600), each as its own `node` process like cron would. A failed run is logged and the
# next one still starts; GET /api/health/ready turns 503 when runs stop finishing.
set -u
cd "$(dirname "$0")/.."
tsx="node_modules/tsx/dist/cli.mjs"
reconcile_every="${RECONCILE_INTERVAL_SECONDS:-300}"
renewals_every="${RENEWALS_INTERVAL_SECONDS:-3600}"
last_reconcile=0
last_renewals=0
trap 'exit 0' TERM INT
while :; do
  now=$(date +%s)
  if [ $((now - last_renewals)) -ge "$renewals_every" ]; then
    last_renewals=$now
    node "$tsx" lib/cli/renewals.ts || echo "scheduler: renewal run failed" >&2
  fi
  if [ $((now - last_reconcile)) -ge "$reconcile_every" ]; then
    last_reconcile=$now
    node "$tsx" lib/cli/reconcile.ts || echo "scheduler: reconciliation run failed" >&2
  fi
  sleep 5 &
  wait $!
done
