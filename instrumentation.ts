// Runs once when the server starts: a bad environment (lib/env.ts) stops `next start` with its
// message at once, instead of surfacing as a 500 on the first request that reads it. The check is
// Node-only (it may exit the process), so the Edge build never sees it.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvAtStart } = await import("./lib/server/check-env-at-start");
    checkEnvAtStart();
  }
}
