// GET /api/admin/orders/export?<the orders page's filters>: the filtered orders as a streamed CSV
// download. Admins only; the same filters as the page, so what you see is what you export.
import { generateOrdersCsv } from "@/lib/admin/orders-csv";
import { localDate, parseOrderFilters } from "@/lib/admin/order-filters";
import { DEFAULT_BILLING_POLICY } from "@/lib/billing/billing-policy";
import { isPostgresUrl } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { describeErrorForLog } from "@/lib/logger";
import { getAppDb } from "@/lib/server/app-db";
import { withAdmin } from "@/lib/server/app-routes";
import { jsonError } from "@/lib/server/http-responses";

export const GET = withAdmin(
  async (request, { log }) => {
    const timeZone = DEFAULT_BILLING_POLICY.timeZone;
    const { filters, problems } = parseOrderFilters(
      Object.fromEntries(new URL(request.url).searchParams),
      timeZone,
    );
    if (problems.length) return jsonError(400, "invalid_filters", problems.join(" "));

    const databaseUrl = getEnv().DATABASE_URL;
    const chunks = generateOrdersCsv(getAppDb(), filters, {
      postgresUrl: isPostgresUrl(databaseUrl) ? databaseUrl : null,
    });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          // The status line is already sent: the wrapper cannot answer this one, so log it here.
          log.error({ error: describeErrorForLog(error) }, "orders export failed");
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="orders-${localDate(new Date(), timeZone)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  },
  {
    unauthenticated: "Sign in as an admin to export orders.",
    forbidden: "Only admins can export orders.",
  },
);
