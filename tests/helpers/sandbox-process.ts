// The LINE Pay sandbox as its own OS process (exactly `npm run sandbox`), for runs where its CPU
// must not be the app's: it stands in for LINE Pay, a remote system. Driven over HTTP only.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import type { FaultRuleInput } from "@/lib/linepay-sandbox/server";

export interface SandboxProcess {
  url: string;
  pid: number;
  /** POST /__sandbox/faults; returns the rule id. */
  addFault(rule: FaultRuleInput): Promise<string>;
  /** Resident memory and CPU seconds (user + system) of the sandbox process, from /proc. */
  usage(): { rssMb: number; cpuS: number } | null;
  close(): Promise<void>;
}

/** A TCP port nothing listens on right now (127.0.0.1). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startSandboxProcess(channel: {
  channelId: string;
  channelSecret: string;
}): Promise<SandboxProcess> {
  const port = await freePort();
  // `node --import tsx` rather than the tsx CLI, which would put a second process in between.
  const child = spawn(process.execPath, ["--import", "tsx", "lib/linepay-sandbox/main.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      LINEPAY_SANDBOX_PORT: String(port),
      LINEPAY_SANDBOX_PUBLIC_URL: `http://localhost:${port}`,
      LINEPAY_SANDBOX_LATENCY_MS: "0",
      LINEPAY_CHANNEL_ID: channel.channelId,
      LINEPAY_CHANNEL_SECRET: channel.channelSecret,
      LINEPAY_SANDBOX_CURRENCY: "TWD",
    },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("the sandbox process did not start");
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("LINE Pay v3 sandbox on")) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`the sandbox process exited (${code}) before listening: ${output}`)),
    );
  });
  child.stdout.resume();
  const url = `http://127.0.0.1:${port}`;
  const ticksPerSecond = 100; // Linux USER_HZ
  return {
    url,
    pid,
    async addFault(rule) {
      const response = await fetch(`${url}/__sandbox/faults`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(rule),
      });
      const body = (await response.json()) as { ok: boolean; id?: string; error?: unknown };
      if (!response.ok || !body.id)
        throw new Error(
          `adding a sandbox fault failed: ${response.status} ${JSON.stringify(body)}`,
        );
      return body.id;
    },
    usage() {
      try {
        const rssKb = Number(
          /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN,
        );
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
        const cpuS = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond; // utime, stime
        return Number.isFinite(rssKb) ? { rssMb: rssKb / 1024, cpuS } : null;
      } catch {
        return null; // not Linux, or already gone
      }
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
