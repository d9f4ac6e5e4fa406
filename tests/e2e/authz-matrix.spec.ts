// The authorization matrix: every route handler, page and server action in the route catalog ×
// {anonymous, shopper A, shopper B (with A's ids), admin, cron bearer only}. Each cell's status or
// redirect is checked, and every refused cell (and every cell of an entry that never writes) must
// leave the database and the LINE Pay sandbox exactly as they were.
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect, test } from "./identities";
import { settledSnapshotState, snapshotState } from "./db-snapshot";
import { queryDb } from "./helpers";
import { csrfToken } from "./security-helpers";
import {
  CATALOG,
  IDENTITIES,
  entryName,
  type CatalogEntry,
  type CatalogRequest,
  type Identity,
  type Outcome,
} from "./route-catalog";
import { actionId, builtActions, callAction, redirectTarget } from "./server-actions";

export async function send(api: APIRequestContext, req: CatalogRequest): Promise<APIResponse> {
  if (req.action) return callAction(api, req.path, req.action);
  if (req.method === "GET") return api.get(req.path, { maxRedirects: 0, headers: req.headers });
  const fields: [string, string][] = req.rawForm ?? Object.entries(req.form ?? {});
  if (req.withCsrfToken) fields.push(["csrfToken", await csrfToken(api)]);
  if (req.rawForm || req.withCsrfToken) {
    return api.post(req.path, {
      maxRedirects: 0,
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...req.headers },
      data: new URLSearchParams(fields).toString(),
    });
  }
  return api.post(req.path, {
    maxRedirects: 0,
    headers: req.headers,
    ...(req.form && { form: req.form }),
    ...(req.json !== undefined && { data: req.json }),
  });
}

// Soft: one run lists every wrong cell of the matrix, not just the first.
function expectOutcome(response: APIResponse, outcome: Outcome, cell: string) {
  const target = redirectTarget(response);
  if (outcome.kind === "sign-in") {
    expect
      .soft(target, `${cell}: sent to sign-in (status ${response.status()})`)
      .toMatch(/^(https?:\/\/[^/]+)?\/signin(\?|$)/);
    return;
  }
  if (outcome.kind === "problem") {
    expect.soft(response.status(), `${cell}: status`).toBe(303);
    expect
      .soft(target, `${cell}: sent to the problem page`)
      .toMatch(new RegExp(`^/problem\\?.*reason=${outcome.reason}(&|$)`));
    return;
  }
  const expected = [outcome.status].flat();
  expect.soft(expected, `${cell}: status ${response.status()}`).toContain(response.status());
  if (outcome.kind === "allowed" && outcome.location)
    expect.soft(target, `${cell}: redirect`).toMatch(outcome.location);
  if (outcome.kind === "allowed" && !outcome.location)
    expect.soft(target ?? "", `${cell}: not sent to sign-in`).not.toMatch(/\/signin/);
}

const isWritingCell = (entry: CatalogEntry, identity: Identity) =>
  entry.allowedWrites && entry.outcomes[identity].kind === "allowed";

test("every route, page and server action answers each identity as the catalog says, and refusals change nothing", async ({
  identities,
}) => {
  test.setTimeout(180_000);
  const { api, ctx } = identities;
  // The build's actions are the catalog's actions (the unit guard checks the source; this the build).
  expect(builtActions()).toEqual(
    CATALOG.filter((e) => e.kind === "action")
      .map((e) => `${e.file} ${e.exportName}`)
      .sort(),
  );

  // ...and the ids are the ones the admin's pages render into their forms (what a browser would
  // replay). Verify and capture/void forms show only for unsettled or authorized orders, verify now
  // only beside orders that need attention; the new password form only behind a usable reset link.
  const conditionallyRendered = [
    "verifyAction",
    "authorizationAction",
    "verifyNowAction",
    "resetPasswordAction",
  ];
  for (const entry of CATALOG.filter(
    (e) => e.kind === "action" && !conditionallyRendered.includes(e.exportName),
  )) {
    const { path, action } = entry.request(ctx);
    expect(
      await (await api.admin.get(path)).text(),
      `${entryName(entry)} rendered on ${path}`,
    ).toContain(actionId(action!.file, action!.exportName));
  }

  // Cells that must not write first, each between two snapshots; the writing cells last.
  let checked = 0;
  let refused = 0;
  await settledSnapshotState(); // an earlier step's background work (a sender run) has finished
  for (const entry of CATALOG) {
    for (const identity of IDENTITIES.filter((id) => !isWritingCell(entry, id))) {
      const cell = `${entryName(entry)} as ${identity}`;
      const before = await snapshotState();
      expectOutcome(await send(api[identity], entry.request(ctx)), entry.outcomes[identity], cell);
      expect.soft(await snapshotState(), `${cell} changed nothing`).toEqual(before);
      checked++;
      if (entry.outcomes[identity].kind !== "allowed") refused++;
    }
  }
  for (const entry of CATALOG) {
    for (const identity of IDENTITIES.filter((id) => isWritingCell(entry, id))) {
      const response = await send(api[identity], entry.request(ctx));
      expectOutcome(response, entry.outcomes[identity], `${entryName(entry)} as ${identity}`);
      const runnerId = /"runnerId":"(admin-[0-9a-f]{8})"/.exec(await response.text())?.[1];
      // "Run now" keeps charging after its answer: wait for its run record so later tests start from rest.
      if (runnerId) {
        await expect
          .poll(
            async () =>
              (
                (await (
                  await api.admin.get(`/api/admin/renewals/progress?runnerId=${runnerId}`)
                ).json()) as { run: unknown }
              ).run,
            { timeout: 30_000 },
          )
          .not.toBeNull();
      }
    }
  }
  // The admin's refund cell really ran the action: A's order now has the 1 TWD refund it asked for.
  const refunds = queryDb<{ amountMinor: number; status: string }>(
    `SELECT r.amountMinor, r.status FROM Refund r JOIN "Order" o ON o.id = r.orderId WHERE o.orderId = ?`,
    ctx.orderId,
  );
  expect(refunds).toEqual([{ amountMinor: 1, status: "SUCCEEDED" }]);
  const writing = CATALOG.reduce(
    (n, entry) => n + IDENTITIES.filter((id) => isWritingCell(entry, id)).length,
    0,
  );
  console.log(
    `[authz] ${CATALOG.length} entries x ${IDENTITIES.length} identities: ${checked + writing} cells, ${refused} refused with no database or ledger change, ${writing} allowed writes`,
  );
});
