// Secret columns (User.passwordHash, Subscription.regKeyCiphertext) are omitted by the Prisma client
// unless a query asks for them, on both databases: a plain read, a nested include and a read inside
// a transaction never carry them; the password check and the renewal code ask and get them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbTransaction } from "@/lib/db/client";
import { findSubscription } from "@/lib/db/subscription-repository";
import { createUserWithPassword, findUserCredentials } from "@/lib/db/user-repository";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "../helpers/test-databases";

const PASSWORD_HASH = "$2a$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234";
const SEALED = "v1.k1.c2VhbGVkLXJlZ2tleS1mb3ItdGVzdHM";

describe.each(PROVIDERS)("[%s] secret columns are omitted by default", (provider) => {
  let database: TestDatabase;
  let userId: string;
  let subscriptionId: string;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    const db = database.db;
    const user = await createUserWithPassword(db, {
      email: `omit-${provider}@example.com`,
      name: null,
      passwordHash: PASSWORD_HASH,
    });
    userId = user.id;
    const plan = await db.plan.findFirstOrThrow({ where: { billingInterval: { not: null } } });
    const subscription = await db.subscription.create({
      data: {
        userId,
        planId: plan.id,
        status: "INCOMPLETE",
        interval: plan.billingInterval ?? "MONTH",
        amountMinor: plan.priceMinor,
        currency: plan.currency,
        regKeyCiphertext: SEALED,
      },
      select: { id: true },
    });
    subscriptionId = subscription.id;
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("a plain findUnique of a user has no passwordHash; the credentials lookup has it", async () => {
    const user = await database.db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.email).toBe(`omit-${provider}@example.com`);
    expect("passwordHash" in user).toBe(false);
    expect(JSON.stringify(user)).not.toContain(PASSWORD_HASH);
    // @ts-expect-error the omitted column is not part of the row's type either
    void user.passwordHash;
    expect(
      (await findUserCredentials(database.db, `omit-${provider}@example.com`))?.passwordHash,
    ).toBe(PASSWORD_HASH);
    const asked = await database.db.user.findUniqueOrThrow({
      where: { id: userId },
      omit: { passwordHash: false },
    });
    expect(asked.passwordHash).toBe(PASSWORD_HASH);
  });

  it("a plain findUnique of a subscription has no regKeyCiphertext; the repository's record has it", async () => {
    const subscription = await database.db.subscription.findUniqueOrThrow({
      where: { id: subscriptionId },
    });
    expect(subscription.userId).toBe(userId);
    expect("regKeyCiphertext" in subscription).toBe(false);
    expect(JSON.stringify(subscription)).not.toContain(SEALED);
    // @ts-expect-error the omitted column is not part of the row's type either
    void subscription.regKeyCiphertext;
    expect((await findSubscription(database.db, subscriptionId))?.regKeyCiphertext).toBe(SEALED);
  });

  it("nested includes and reads inside a transaction omit them too", async () => {
    const withSubscriptions = await database.db.user.findUniqueOrThrow({
      where: { id: userId },
      include: { subscriptions: true },
    });
    expect(JSON.stringify(withSubscriptions)).not.toContain(SEALED);
    expect(JSON.stringify(withSubscriptions)).not.toContain(PASSWORD_HASH);
    const inTransaction = await database.db.$transaction(async (tx) => [
      await tx.user.findUnique({ where: { id: userId } }),
      await tx.subscription.findUnique({ where: { id: subscriptionId } }),
    ]);
    expect(JSON.stringify(inTransaction)).not.toContain(SEALED);
    expect(JSON.stringify(inTransaction)).not.toContain(PASSWORD_HASH);
    // Repository functions take a DbTransaction, whose rows lack the omitted columns in their type.
    const readInTransaction = (tx: DbTransaction) =>
      tx.subscription.findUniqueOrThrow({ where: { id: subscriptionId } });
    const row = await database.db.$transaction(readInTransaction);
    // @ts-expect-error the omitted column is not part of a transaction's row type
    void row.regKeyCiphertext;
    expect("regKeyCiphertext" in row).toBe(false);
  });
});
