// One measured phase of the checkout benchmark: autocannon against the server (GET /api/health, or
// the checkout POST with a fresh session cookie per request), with the server's and the sandbox's
// CPU time from /proc read before and after.
import { readdirSync, readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { loadavg } from "node:os";
import autocannon from "autocannon";

export interface PhaseResult {
  label: string;
  /** Responses received. */
  requests: number;
  durationS: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuS: number;
  serverCpuMsPerRequest: number;
  sandboxCpuS: number;
  /** This process (autocannon, the load generator): it shares the machine's cores with the server. */
  loadGeneratorCpuS: number;
  /** 1-minute load average of the machine at start and end. */
  loadAvg: [number, number];
  /**
   * The server's main thread (its event loop), ms per second: running, runnable but waiting for a
   * core (another process had it), and the rest, asleep (nothing to do, or blocked in a system call
   * such as an fsync). From /proc/<pid>/task/<pid>/schedstat read every second; the first and last
   * second (connections opening, the last answers draining) are left out when the phase is longer.
   */
  serverMainThread: { runningMsPerS: number; waitingMsPerS: number; asleepMsPerS: number };
  /** e.g. "303 × 1500". */
  statusCounts: string;
  /** Checkout: 303 answers whose Location is the sandbox's payment page. */
  status303: number;
  errors: number;
}

export interface PhaseInput {
  label: string;
  connections: number;
  serverCpu: () => number;
  /** The pid whose main thread is the server's event loop. */
  serverPid: number;
  sandboxCpu: () => number;
  health?: { url: string };
  checkout?: {
    url: string;
    origin: string;
    body: string;
    /** The session cookie for the next request; null when the shoppers' budget is spent. */
    nextCookie: () => string | null;
    /** What a good answer's Location starts with. */
    paymentPagePrefix: string;
  };
  /** A timed run (requests in flight at the end are cut off), or a fixed number of requests. */
  seconds?: number;
  amount?: number;
}

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/**
 * CPU seconds (user + system) of a process and all its descendants, with the reaped children's
 * time (cutime + cstime) included, so a child that exits between readings is still counted.
 */
export function processTreeCpuS(rootPid: number): number {
  return processTree(rootPid).cpuS;
}

/** The pids of a process and its descendants, and their CPU seconds as processTreeCpuS counts them. */
export function processTree(rootPid: number): { pids: number[]; cpuS: number } {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const fields = readFileSync(`/proc/${name}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      // After "pid (comm) ": state ppid … utime(11) stime(12) cutime(13) cstime(14).
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      stats.set(Number(name), { ppid: Number(fields[1]), ticks });
    } catch {
      // gone meanwhile
    }
  }
  const inTree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, { ppid }] of stats)
      if (!inTree.has(pid) && inTree.has(ppid)) {
        inTree.add(pid);
        grew = true;
      }
  }
  let ticks = 0;
  for (const pid of inTree) ticks += stats.get(pid)?.ticks ?? 0;
  return { pids: [...inTree], cpuS: ticks / TICKS_PER_SECOND };
}

/** Nanoseconds a thread has run and has waited on a run queue (Linux schedstat). */
function threadSchedule(pid: number): { runNs: number; waitNs: number } {
  const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ");
  return { runNs: Number(run), waitNs: Number(wait) };
}

export async function runPhase(input: PhaseInput): Promise<PhaseResult> {
  const { checkout } = input;
  let paymentPageAnswers = 0;
  const target = checkout
    ? {
        url: checkout.url,
        requests: [
          {
            method: "POST" as const,
            headers: {
              origin: checkout.origin,
              "content-type": "application/x-www-form-urlencoded",
            },
            body: checkout.body,
            setupRequest: (request: autocannon.Request) => {
              const cookie = checkout.nextCookie();
              return { ...request, headers: { ...request.headers, ...(cookie ? { cookie } : {}) } };
            },
            onResponse: (
              status: number,
              _body: string,
              _context: object,
              headers: IncomingHttpHeaders | undefined,
            ) => {
              const location = headers?.location ?? "";
              if (status === 303 && location.startsWith(checkout.paymentPagePrefix))
                paymentPageAnswers++;
            },
          },
        ],
      }
    : { url: input.health?.url ?? "" };
  const load0 = loadavg()[0] as number;
  const server0 = input.serverCpu();
  const schedule = [{ at: performance.now(), ...threadSchedule(input.serverPid) }];
  const sampler = setInterval(
    () => schedule.push({ at: performance.now(), ...threadSchedule(input.serverPid) }),
    1000,
  );
  const sandbox0 = input.sandboxCpu();
  const self0 = process.cpuUsage();
  const result = await autocannon({
    ...target,
    connections: input.connections,
    ...(input.amount ? { amount: input.amount } : { duration: input.seconds ?? 10 }),
  });
  const serverCpuS = input.serverCpu() - server0;
  clearInterval(sampler);
  schedule.push({ at: performance.now(), ...threadSchedule(input.serverPid) });
  const steady = schedule.length > 4 ? schedule.slice(1, -1) : schedule;
  const first = steady[0] as (typeof schedule)[number];
  const last = steady[steady.length - 1] as (typeof schedule)[number];
  const wallS = (last.at - first.at) / 1000;
  const runningMsPerS = (last.runNs - first.runNs) / 1e6 / wallS;
  const waitingMsPerS = (last.waitNs - first.waitNs) / 1e6 / wallS;
  const sandboxCpuS = input.sandboxCpu() - sandbox0;
  const self = process.cpuUsage(self0);
  const requests = result.requests.total;
  const statusStats = (result.statusCodeStats ?? {}) as Record<string, { count?: number }>;
  return {
    label: input.label,
    requests,
    durationS: result.duration,
    rps: requests / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    serverCpuS,
    serverCpuMsPerRequest: requests > 0 ? (serverCpuS * 1000) / requests : 0,
    sandboxCpuS,
    loadGeneratorCpuS: (self.user + self.system) / 1e6,
    loadAvg: [load0, loadavg()[0] as number],
    serverMainThread: {
      runningMsPerS,
      waitingMsPerS,
      asleepMsPerS: Math.max(0, 1000 - runningMsPerS - waitingMsPerS),
    },
    statusCounts: Object.entries(statusStats)
      .map(([status, { count }]) => `${status} × ${count ?? 0}`)
      .join(", "),
    status303: paymentPageAnswers,
    errors: result.errors + result.timeouts,
  };
}
