// A real PgBouncer in transaction mode in front of the test PostgreSQL server, as a test's own
// process: config and userlist in a temporary directory, no daemon, no unix socket. A small server
// pool (POOL_SIZE) makes the app's many client connections share a few server connections.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** Server connections per database and user: fewer than one app server's pg pool (10). */
export const POOL_SIZE = 5;
// Debian installs it in /usr/sbin, which is not on every user's PATH.
const BINARY =
  process.env.PGBOUNCER_PATH ||
  (existsSync("/usr/sbin/pgbouncer") ? "/usr/sbin/pgbouncer" : "pgbouncer");

export interface PgBouncer {
  /** `postgresUrl` with the host and port of PgBouncer (same user, password and database). */
  pooledUrl(postgresUrl: string): string;
  /** Runs one statement on PgBouncer's admin console (SHOW POOLS, SHOW SERVERS, …). */
  admin(command: string): Promise<Record<string, unknown>[]>;
  version: string;
  stop(): Promise<void>;
}

/** `pgbouncer --version`'s first line; throws a clear error when PgBouncer is not installed. */
export function pgbouncerVersion(): string {
  const result = spawnSync(BINARY, ["--version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new Error(
      `PgBouncer is required for this test and was not found (${BINARY}: ${result.error?.message ?? `exit ${result.status}`}).\n` +
        "  Debian: apt-get install pgbouncer (.ci/run does); or set PGBOUNCER_PATH to its binary.",
    );
  }
  return result.stdout.split("\n")[0]!.trim();
}

export async function startPgBouncer(serverUrl: string, port: number): Promise<PgBouncer> {
  const version = pgbouncerVersion();
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  const dir = mkdtempSync(join(tmpdir(), "pgbouncer-"));
  // PgBouncer refuses to run as root: then it switches to the server's user (Debian: postgres),
  // which must be able to read the files.
  chmodSync(dir, 0o755);
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  writeFileSync(join(dir, "userlist.txt"), `${quote(user)} ${quote(password)}\n`, { mode: 0o644 });
  const config = [
    "[databases]",
    // Any database name the client asks for, on the test server (the password from the userlist).
    `* = host=${server.hostname} port=${server.port || 5432}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = md5",
    `auth_file = ${join(dir, "userlist.txt")}`,
    `admin_users = ${user}`,
    "pool_mode = transaction",
    `default_pool_size = ${POOL_SIZE}`,
    "min_pool_size = 0",
    "reserve_pool_size = 0",
    "max_client_conn = 200",
    "max_db_connections = 0",
    "server_reset_query =",
    "ignore_startup_parameters = extra_float_digits",
    "log_connections = 0",
    "log_disconnections = 0",
  ].join("\n");
  const configFile = join(dir, "pgbouncer.ini");
  writeFileSync(configFile, `${config}\n`, { mode: 0o644 });
  const runAs = process.getuid?.() === 0 ? ["-u", process.env.PGBOUNCER_USER || "postgres"] : [];
  let output = "";
  const child: ChildProcess = spawn(BINARY, [...runAs, configFile], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const adminUrl = new URL(serverUrl);
  adminUrl.hostname = "127.0.0.1";
  adminUrl.port = String(port);
  adminUrl.pathname = "/pgbouncer";
  const admin = async (command: string) => {
    const client = new pg.Client({ connectionString: adminUrl.toString() });
    await client.connect();
    try {
      // The admin console speaks the simple query protocol only: a query without parameters.
      return (await client.query(command)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`PgBouncer exited with ${child.exitCode}:\n${output}`);
    }
    if (
      await admin("SHOW VERSION").then(
        () => true,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`PgBouncer did not accept connections on ${port} within 10 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    version,
    admin,
    stop,
    pooledUrl(postgresUrl) {
      const url = new URL(postgresUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
  };
}
