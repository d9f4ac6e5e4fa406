import { describe, expect, it } from "vitest";
import { decideJobStart } from "@/lib/cli/job-env";

describe("when a job CLI may start", () => {
  it("refuses production without DATABASE_URL instead of falling back to a SQLite file", () => {
    for (const raw of [
      { APP_ENV: "production" },
      { NODE_ENV: "production" },
      { NODE_ENV: "production", APP_ENV: "production", DATABASE_URL: "" },
      { APP_ENV: "production", DATABASE_URL: "   " },
    ]) {
      const start = decideJobStart(raw);
      expect(start.kind).toBe("refused");
      expect(start.kind === "refused" && start.message).toMatch(
        /DATABASE_URL is not set.*production/s,
      );
    }
  });

  it("starts in production with a DATABASE_URL, using only the real environment", () => {
    expect(decideJobStart({ APP_ENV: "production", DATABASE_URL: "postgresql://db/shop" })).toEqual(
      { kind: "deployed" },
    );
    expect(
      decideJobStart({ NODE_ENV: "production", DATABASE_URL: "postgresql://db/shop" }),
    ).toEqual({ kind: "deployed" });
  });

  it("keeps a production build deployed as a test environment on the real environment", () => {
    expect(decideJobStart({ NODE_ENV: "production", APP_ENV: "test" })).toEqual({
      kind: "deployed",
    });
  });

  it("uses the local defaults everywhere else", () => {
    expect(decideJobStart({})).toEqual({ kind: "local" });
    expect(decideJobStart({ NODE_ENV: "test", APP_ENV: "test" })).toEqual({ kind: "local" });
    expect(decideJobStart({ APP_ENV: "development", DATABASE_URL: "file:./x.db" })).toEqual({
      kind: "local",
    });
  });
});
