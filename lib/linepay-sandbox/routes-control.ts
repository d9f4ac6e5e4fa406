// Control API for scripts and tests (not part of LINE Pay; no signature): act as the user,
// inspect everything, move the clock, expire regKeys, inject faults, reset. Can be switched off
// with controlApi: false.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, sendJson, type RequestTarget } from "./http-io";
import { stringifyPlain } from "./json";
import { fromMinorUnits } from "./money";
import type { SandboxConfig } from "./options";
import { handleFaultsRequest, isFaultsPath } from "./routes-faults";
import type { RegKeyRecord, TransactionRecord } from "./records";
import type { SandboxStore } from "./store";
import { applyUserAction, type UserAction } from "./user-actions";
import { paidMinor, refundedMinor } from "./wire-info";

interface ControlDeps {
  store: SandboxStore;
  config: SandboxConfig;
}

const ACTION_PATH = /^\/__sandbox\/payments\/(?<id>[^/]+)\/(?<action>approve|cancel|fail)$/;
const REG_KEY_EXPIRE_PATH = /^\/__sandbox\/regkeys\/(?<regKey>[^/]+)\/expire$/;

export async function handleControlRequest(
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  deps: ControlDeps,
) {
  const reply = (status: number, body: unknown) => sendJson(res, status, stringifyPlain(body));
  const { store } = deps;
  const route = `${req.method} ${target.path}`;

  const action = ACTION_PATH.exec(target.path);
  if (action?.groups && req.method === "POST") {
    const tx = store.get(action.groups.id ?? "");
    if (!tx) return reply(404, { ok: false, error: `unknown transactionId ${action.groups.id}` });
    const result = await applyUserAction(tx, action.groups.action as UserAction, deps);
    return reply(result.ok ? 200 : 409, result);
  }
  if (isFaultsPath(target.path)) return handleFaultsRequest(req, res, target, store);
  const regKeyExpire = REG_KEY_EXPIRE_PATH.exec(target.path);
  if (regKeyExpire?.groups && req.method === "POST") {
    // Any channel's key, without the LINE API: what the key's end of life looks like to the app.
    const record = store.findRegKey(decodeURIComponent(regKeyExpire.groups.regKey ?? ""));
    if (!record) return reply(404, { ok: false, error: "unknown regKey" });
    store.expireRegKey(record, "expired through the sandbox control API");
    return reply(200, { ok: true, ...regKeyView(record) });
  }
  switch (route) {
    case "GET /__sandbox/health":
      return reply(200, { ok: true });
    case "GET /__sandbox/ledger":
      return reply(200, ledger(deps));
    case "GET /__sandbox/clock":
      return reply(200, clockState(store));
    case "POST /__sandbox/clock": {
      const body = parseJson((await readBody(req)).toString("utf8")) as
        { advanceMs?: unknown; nowIso?: unknown } | undefined;
      if (typeof body?.advanceMs === "number" && Number.isFinite(body.advanceMs)) {
        store.clock.advance(body.advanceMs);
      } else if (typeof body?.nowIso === "string" && !Number.isNaN(Date.parse(body.nowIso))) {
        store.clock.setNow(new Date(body.nowIso));
      } else {
        return reply(400, {
          ok: false,
          error: 'send { "advanceMs": number } or { "nowIso": "2025-01-01T00:00:00Z" }',
        });
      }
      return reply(200, clockState(store));
    }
    case "POST /__sandbox/reset":
      store.reset();
      store.clock.resetOffset();
      return reply(200, { ok: true });
    default:
      return reply(404, {
        ok: false,
        error: `no control endpoint ${route}; see lib/linepay-sandbox/README.md`,
      });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function clockState(store: SandboxStore) {
  return { ok: true, now: store.clock.now().toISOString(), offsetMs: store.clock.offsetMs() };
}

/** Everything, with ids as strings (this is for tests, not a LINE wire format). */
function ledger({ store, config }: ControlDeps) {
  return {
    now: store.clock.now().toISOString(),
    transactions: store.allTransactions().map((tx) => transactionView(tx, config)),
    regKeys: store.allRegKeys().map(regKeyView),
  };
}

function transactionView(tx: TransactionRecord, config: SandboxConfig) {
  const amount = (minor: number | undefined) =>
    minor === undefined ? null : fromMinorUnits(minor, tx.currency);
  return {
    transactionId: tx.transactionId,
    channelId: tx.channelId,
    orderId: tx.orderId,
    state: tx.state,
    payType: tx.payType,
    capture: tx.capture,
    confirmUrlType: tx.redirect.confirmUrlType,
    currency: tx.currency,
    amount: amount(tx.amountMinor),
    capturedAmount: amount(tx.capturedMinor),
    refundedAmount: amount(refundedMinor(tx)),
    refundableAmount: tx.state === "CAPTURED" ? amount(paidMinor(tx) - refundedMinor(tx)) : 0,
    productName: tx.productName,
    paymentUrl: tx.reserveToken
      ? `${config.publicUrl}/web/payment/wait?transactionReserveId=${tx.reserveToken}`
      : null,
    regKey: tx.regKey ?? null,
    viaRegKey: tx.viaRegKey ?? null,
    createdAt: tx.createdAt.toISOString(),
    confirmedAt: tx.confirmedAt?.toISOString() ?? null,
    authorizationExpireDate: tx.authorizationExpireDate?.toISOString() ?? null,
    refunds: tx.refunds.map((r) => ({
      refundTransactionId: r.refundTransactionId,
      amount: amount(r.amountMinor),
      type: r.type,
      date: r.date.toISOString(),
    })),
    history: tx.history.map((h) => ({
      at: h.at.toISOString(),
      from: h.from,
      to: h.to,
      reason: h.reason,
    })),
  };
}

function regKeyView(r: RegKeyRecord) {
  return {
    regKey: r.regKey,
    channelId: r.channelId,
    transactionId: r.transactionId,
    orderId: r.orderId,
    state: r.state,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    expiredAt: r.expiredAt?.toISOString() ?? null,
    expiredReason: r.expiredReason ?? null,
  };
}
