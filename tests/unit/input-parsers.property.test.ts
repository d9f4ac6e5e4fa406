// Property-based tests (fast-check, fixed seed) of the pure parsers that read what users and URLs
// send: whatever the input, they return a value in range or their own error, never anything else,
// and what they write they read back unchanged.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCreatedAtCursor, encodeCreatedAtCursor } from "@/lib/admin/created-at-cursor";
import { decodeOrderCursor, encodeOrderCursor, type OrderCursor } from "@/lib/db/order-cursor";
import {
  ORDER_SORTS,
  ORDER_TYPES,
  PAGE_SIZES,
  orderFiltersToParams,
  parseOrderFilters,
  type SearchParams,
} from "@/lib/admin/order-filters";
import { signInSchema, signUpSchema } from "@/lib/auth/credentials-schema";
import { SUPPORTED_CURRENCIES, currencyExponent, parseAmountToMinor } from "@/lib/billing/money";
import { ORDER_STATUSES } from "@/lib/billing/order-status";
import { LOCALES, pickLocale } from "@/lib/i18n/locales";
import { cancelQuerySchema, confirmQuerySchema, queryObject } from "@/lib/server/linepay-query";
import { BodyError, MAX_BODY_BYTES, readFormBody, readJsonBody } from "@/lib/server/request-body";
import { refuseRequest } from "@/lib/server/request-guard";
import { safeReturnPath } from "@/lib/server/safe-return-path";

const options = { seed: 20_261_122, numRuns: 300 };
const TAIPEI = "Asia/Taipei";
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("", " ", "0", "-1", "NaN", "1e3", "9".repeat(25), "300.", ".5", "１２", "0x10"),
);
const currency = fc.constantFrom(...SUPPORTED_CURRENCIES);
const searchParams: fc.Arbitrary<SearchParams> = fc.dictionary(
  fc.constantFrom(
    "status",
    "type",
    "currency",
    "from",
    "to",
    "min",
    "max",
    "q",
    "sort",
    "size",
    "after",
    "x",
  ),
  fc.oneof(
    text,
    fc.array(text, { maxLength: 3 }),
    fc.constant(undefined),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  ),
);

describe("parseAmountToMinor", () => {
  it("returns null or a safe non-negative integer for any text, never throws", () => {
    fc.assert(
      fc.property(text, currency, (input, cur) => {
        const minor = parseAmountToMinor(input, cur);
        expect(minor === null || (Number.isSafeInteger(minor) && minor >= 0)).toBe(true);
      }),
      options,
    );
  });

  it("reads back every amount written with the currency's decimals", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 - 1 }), currency, (minor, cur) => {
        const exponent = currencyExponent(cur);
        const written =
          exponent === 0
            ? String(minor)
            : `${Math.floor(minor / 10 ** exponent)}.${String(minor % 10 ** exponent).padStart(exponent, "0")}`;
        expect(parseAmountToMinor(written, cur)).toBe(minor);
      }),
      options,
    );
  });

  it("refuses more decimals than the currency has instead of rounding", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 ** 6 }), fc.integer({ min: 1, max: 9 }), (whole, digit) => {
        expect(parseAmountToMinor(`${whole}.${digit}`, "TWD")).toBeNull();
        expect(parseAmountToMinor(`${whole}.00${digit}`, "USD")).toBeNull();
      }),
      options,
    );
  });

  it("throws only RangeError, and only for a currency it does not know", () => {
    fc.assert(
      fc.property(
        text,
        fc.string().filter((c) => !SUPPORTED_CURRENCIES.includes(c)),
        (input, cur) => {
          expect(() => parseAmountToMinor(input, cur)).toThrow(RangeError);
        },
      ),
      options,
    );
  });
});

describe("parseOrderFilters", () => {
  it("never throws and keeps only allowed values, with dates the database can hold", () => {
    fc.assert(
      fc.property(searchParams, (params) => {
        const { filters, problems } = parseOrderFilters(params, TAIPEI);
        expect(problems.every((p) => typeof p === "string" && p.length > 0)).toBe(true);
        expect(
          filters.statuses.every((s) => (ORDER_STATUSES as readonly string[]).includes(s)),
        ).toBe(true);
        expect(filters.type === null || filters.type in ORDER_TYPES).toBe(true);
        expect(filters.currency === null || SUPPORTED_CURRENCIES.includes(filters.currency)).toBe(
          true,
        );
        expect(ORDER_SORTS).toContain(filters.sort);
        expect(PAGE_SIZES).toContain(filters.size);
        for (const date of [filters.from, filters.to]) {
          if (!date) continue;
          expect(date.getUTCFullYear()).toBeGreaterThanOrEqual(1969);
          expect(date.getUTCFullYear()).toBeLessThanOrEqual(3000);
        }
        if (filters.from && filters.to) expect(filters.from < filters.to).toBe(true);
        expect(filters.q === null || filters.q.length <= 200).toBe(true);
      }),
      options,
    );
  });

  it("reads back the parameters it writes, with no problems", () => {
    fc.assert(
      fc.property(searchParams, (params) => {
        const { filters } = parseOrderFilters(params, TAIPEI);
        const again = parseOrderFilters(
          Object.fromEntries(orderFiltersToParams(filters, TAIPEI)),
          TAIPEI,
        );
        expect(again.problems).toEqual([]);
        expect(again.filters).toEqual(filters);
      }),
      options,
    );
  });
});

describe("keyset cursors", () => {
  const orderCursor: fc.Arbitrary<OrderCursor> = fc.oneof(
    fc.record({
      sort: fc.constantFrom("newest" as const, "oldest" as const),
      key: fc
        .date({ min: new Date(0), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true })
        .map((d) => d.getTime()),
      id: fc.string({ minLength: 1, maxLength: 64 }),
    }),
    fc.record({
      sort: fc.constantFrom("amount_desc" as const, "amount_asc" as const),
      key: fc.integer({ min: 0, max: 2_147_483_647 }),
      id: fc.string({ minLength: 1, maxLength: 64 }),
    }),
  );

  it("order cursors read back what they wrote, and only for their own sort", () => {
    fc.assert(
      fc.property(orderCursor, (cursor) => {
        expect(decodeOrderCursor(encodeOrderCursor(cursor), cursor.sort)).toEqual(cursor);
      }),
      options,
    );
  });

  it("any text or JSON decodes to null or a cursor the database can compare with, never throws", () => {
    const encoded = fc.oneof(
      text,
      fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString("base64url")),
      fc
        .record({
          sort: fc.constantFrom(...ORDER_SORTS),
          key: fc.oneof(fc.maxSafeInteger(), fc.double()),
          id: text,
        })
        .map((v) => Buffer.from(JSON.stringify(v)).toString("base64url")),
    );
    fc.assert(
      fc.property(encoded, fc.constantFrom(...ORDER_SORTS), (value, sort) => {
        const cursor = decodeOrderCursor(value, sort);
        if (cursor === null) return;
        expect(cursor.sort).toBe(sort);
        if (sort === "newest" || sort === "oldest")
          expect(new Date(cursor.key).getUTCFullYear()).toBeLessThanOrEqual(9999);
        else expect(Math.abs(cursor.key)).toBeLessThanOrEqual(2_147_483_647);
      }),
      options,
    );
  });

  it("created-at cursors read back and never decode to an invalid date", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(0),
          max: new Date("9999-12-31T23:59:59.999Z"),
          noInvalidDate: true,
        }),
        fc.string({ minLength: 1, maxLength: 64 }),
        (createdAt, id) => {
          expect(decodeCreatedAtCursor(encodeCreatedAtCursor({ createdAt, id }))).toEqual({
            createdAt,
            id,
          });
        },
      ),
      options,
    );
    fc.assert(
      fc.property(
        fc.record({ at: fc.oneof(fc.maxSafeInteger(), fc.double()), id: text }),
        text,
        (value, junk) => {
          for (const input of [Buffer.from(JSON.stringify(value)).toString("base64url"), junk]) {
            const cursor = decodeCreatedAtCursor(input);
            if (cursor) expect(cursor.createdAt.getUTCFullYear()).toBeLessThanOrEqual(9999);
          }
        },
      ),
      options,
    );
  });
});

describe("safeReturnPath", () => {
  it("only ever returns a path on our own origin", () => {
    const candidate = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      fc.webUrl(),
      fc.string().map((s) => `/${s}`),
      fc.string().map((s) => `//${s}`),
      fc.constantFrom("/\\evil", "/\t/evil", "/%2F%2Fevil", "javascript:alert(1)"),
    );
    fc.assert(
      fc.property(fc.oneof(candidate, fc.anything()), (value) => {
        const path = safeReturnPath(value);
        expect(path.startsWith("/")).toBe(true);
        expect(new URL(path, "https://shop.example").origin).toBe("https://shop.example");
      }),
      options,
    );
  });
});

describe("credentials, locale and LINE Pay query parsing", () => {
  it("sign-up and sign-in schemas never throw, and a parsed email is trimmed and lower-case", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        for (const schema of [signUpSchema, signInSchema]) {
          const parsed = schema.safeParse(value);
          if (parsed.success)
            expect(parsed.data.email).toBe(parsed.data.email.trim().toLowerCase());
        }
      }),
      options,
    );
  });

  it("pickLocale always answers a language we speak", () => {
    fc.assert(
      fc.property(
        fc.option(text, { nil: undefined }),
        fc.option(text, { nil: null }),
        (cookie, accept) => {
          expect(LOCALES).toContain(pickLocale(cookie, accept));
        },
      ),
      options,
    );
  });

  it("LINE Pay's redirect query: repeated keys are dropped, transactionId stays a digit string", () => {
    const query = fc
      .array(fc.tuple(fc.constantFrom("orderId", "transactionId", "x"), text), { maxLength: 5 })
      .map((e) => new URLSearchParams(e).toString());
    fc.assert(
      fc.property(query, (q) => {
        const object = queryObject(`https://shop.example/api/linepay/confirm?${q}`);
        const params = new URLSearchParams(q);
        for (const key of Object.keys(object)) expect(params.getAll(key)).toHaveLength(1);
        for (const schema of [confirmQuerySchema, cancelQuerySchema]) {
          const parsed = schema.safeParse(object);
          if (parsed.success && parsed.data.transactionId !== undefined)
            expect(parsed.data.transactionId).toMatch(/^\d{1,19}$/);
        }
      }),
      options,
    );
  });
});

describe("request bodies and the request guard", () => {
  const schema = signInSchema;
  const body = fc.oneof(
    text,
    fc.json(),
    fc.string({ minLength: MAX_BODY_BYTES - 10, maxLength: MAX_BODY_BYTES + 10 }),
  );
  const contentType = fc.constantFrom(
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain",
    "",
  );

  it("the bounded readers refuse only with BodyError (4xx), and never accept more than the limit", async () => {
    await fc.assert(
      fc.asyncProperty(body, contentType, fc.boolean(), async (payload, type, chunked) => {
        for (const read of [readJsonBody, readFormBody]) {
          const stream = new Blob([payload]).stream();
          const request = new Request("http://shop.example/api", {
            method: "POST",
            body: chunked ? stream : payload,
            headers: type ? { "Content-Type": type } : {},
            ...(chunked && { duplex: "half" }),
          });
          try {
            await read(request, schema);
            expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_BODY_BYTES);
          } catch (error) {
            expect(error).toBeInstanceOf(BodyError);
            expect([400, 413, 415, 422]).toContain((error as BodyError).status);
          }
        }
      }),
      { ...options, numRuns: 100 },
    );
  });

  it("the request guard never throws; it refuses exactly the undecodable paths and unsized or oversized page posts", () => {
    const segment = fc.oneof(
      fc.string().map(encodeURIComponent),
      fc.constantFrom("%", "%E0%A4%A", "%C0", "%zz"),
    );
    const pathname = fc
      .tuple(
        fc.constantFrom("", "/api", "/api/auth", "/admin"),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
      )
      .map(([base, s]) => `${base}/${s.join("/")}`);
    fc.assert(
      fc.property(
        fc.constantFrom("GET", "POST", "PUT"),
        pathname,
        fc.option(fc.oneof(fc.nat().map(String), text), { nil: null }),
        (method, path, length) => {
          const refusal = refuseRequest({ method, pathname: path, contentLength: length });
          let decodes = true;
          try {
            decodeURIComponent(path);
          } catch {
            decodes = false;
          }
          if (!decodes) return void expect(refusal?.status).toBe(400);
          if (method !== "POST" || (path.startsWith("/api/") && !path.startsWith("/api/auth/")))
            return void expect(refusal).toBeNull();
          const size = length === null ? null : Number(length);
          if (size === null) expect(refusal?.status).toBe(411);
          else if (!Number.isFinite(size) || size > MAX_BODY_BYTES)
            expect(refusal?.status).toBe(413);
          else expect(refusal).toBeNull();
        },
      ),
      options,
    );
  });
});
