// The route wrappers wired to the app: its session, environment, rate-limit store and logger.
import { getSessionUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { enforceRateLimit } from "@/lib/security/rate-limiter";
import { getAppDb } from "./app-db";
import { createRouteWrappers } from "./route-wrappers";

export const { withPublic, withShopper, withAdmin, withCron } = createRouteWrappers({
  appBaseUrl: () => getEnv().APP_BASE_URL,
  cronSecret: () => getEnv().CRON_SECRET,
  trustedProxyHops: () => getEnv().TRUSTED_PROXY_HOPS,
  getSessionUser,
  enforceRateLimit: (rule, subject) => enforceRateLimit(getAppDb(), rule, subject, new Date()),
  logger,
});
