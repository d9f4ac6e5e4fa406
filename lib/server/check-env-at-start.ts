// The server's start-up check of its environment (instrumentation.ts, Node runtime only).
import { getEnv } from "@/lib/env";

export function checkEnvAtStart(): void {
  // `next build` loads the server too; the build has no runtime environment to check.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    getEnv();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
