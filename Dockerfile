# syntax=docker/dockerfile:1
# The storefront as a container: a production install (no dev dependency), `npm run build` (Next.js
# standalone output), and a slim non-root runtime whose entrypoint migrates, seeds the plans and
# starts the server (docker/entrypoint.sh). CI cannot build images; it runs the same install, build
# and entrypoint in a clean copy instead (tests/production/production-install-smoke.ts).
ARG NODE_VERSION=26

# 1. Production dependencies. better-sqlite3 compiles here when no prebuilt binary fits; postinstall
#    generates both Prisma clients (prisma and prisma-kysely are dependencies for this reason).
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --omit=dev --no-audit --no-fund

# 2. The build: .next/standalone (server.js and the files it traces), static assets copied into it.
FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm run build

# 3. Runtime: the standalone server, plus what the entrypoint and the job commands run (the
#    production node_modules, lib/ and prisma/ for migrate, seed, renewals and reconcile).
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/prisma.config.ts /app/tsconfig.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/lib ./lib
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/docker ./docker
COPY --from=build --chown=node:node /app/.next/standalone ./.next/standalone
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/app/docker/entrypoint.sh"]
