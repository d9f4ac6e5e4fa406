// Control API for the fault registry: POST/GET/DELETE /__sandbox/faults, DELETE /__sandbox/faults/{id}.
import type { IncomingMessage, ServerResponse } from "node:http";
import { isSafeNumber, LosslessNumber, parse, stringify } from "lossless-json";
import { faultRuleSchema } from "./fault-schema";
import { readBody, sendJson, type RequestTarget } from "./http-io";
import { describeIssues } from "./schemas";
import type { SandboxStore } from "./store";

const FAULT_PATH = /^\/__sandbox\/faults(?:\/(?<id>[^/]+))?$/;

export function isFaultsPath(path: string): boolean {
  return FAULT_PATH.test(path);
}

export async function handleFaultsRequest(
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  store: SandboxStore,
) {
  // lossless stringify: a scripted `info` may hold 19-digit ids that must keep their digits.
  const reply = (status: number, body: unknown) => sendJson(res, status, stringify(body) ?? "null");
  const id = FAULT_PATH.exec(target.path)?.groups?.id;
  const { faults } = store;

  if (id !== undefined) {
    if (req.method !== "DELETE")
      return reply(405, { ok: false, error: `use DELETE on /__sandbox/faults/${id}` });
    return faults.remove(decodeURIComponent(id))
      ? reply(200, { ok: true })
      : reply(404, { ok: false, error: `no fault rule ${id}` });
  }
  switch (req.method) {
    case "GET":
      return reply(200, { ok: true, faults: faults.list() });
    case "DELETE":
      return reply(200, { ok: true, removed: faults.clear() });
    case "POST": {
      const body = parseControlJson((await readBody(req)).toString("utf8"));
      if (body instanceof Error) return reply(400, { ok: false, error: body.message });
      const parsed = faultRuleSchema.safeParse(body);
      if (!parsed.success) return reply(400, { ok: false, error: describeIssues(parsed.error) });
      return reply(201, { ok: true, id: faults.add(parsed.data) });
    }
    default:
      return reply(405, { ok: false, error: "use GET, POST or DELETE on /__sandbox/faults" });
  }
}

/** Plain numbers for ms/times; ids beyond 2^53 (e.g. in a scripted `info`) stay exact. */
function parseControlJson(text: string): unknown {
  try {
    return parse(text, null, (value) =>
      isSafeNumber(value) ? Number(value) : new LosslessNumber(value),
    );
  } catch (error) {
    return new Error(
      `body must be JSON: ${error instanceof Error ? error.message : "unparseable"}`,
    );
  }
}
