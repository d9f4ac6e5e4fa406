// Sessions that end when they should, on real SQLite and Postgres: a token carries the user's
// session version from sign-in; sign-out and a password change move the version on, so a saved
// copy of an older token names no user any more. The password change checks the current password
// like a sign-in (same per-email limit) and two changes at once cannot both win.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeCredentials } from "@/lib/auth/authorize-credentials";
import { changePassword } from "@/lib/auth/change-password";
import { hashPassword } from "@/lib/auth/password";
import {
  createUserWithPassword,
  findSessionUser,
  revokeUserSessions,
} from "@/lib/db/user-repository";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "../helpers/test-databases";

const PASSWORD = "old password 1";
const T0 = new Date("2026-11-22T11:00:30.000Z");

describe.each(PROVIDERS)("[%s] sessions and password changes", (provider) => {
  let database: TestDatabase;
  let passwordHash: string;
  let count = 0;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => {
    await database?.drop();
  });
  const newUser = async () =>
    createUserWithPassword(database.db, {
      email: `session-${provider}-${count++}@example.com`,
      name: null,
      passwordHash,
    });
  const signIn = async (email: string, password: string) => {
    const outcome = await authorizeCredentials(database.db, { email, password }, T0);
    return outcome.kind === "signed-in" ? outcome.user : null;
  };

  it("a sign-out ends every token issued before it; a new sign-in gets a working one", async () => {
    const user = await newUser();
    const first = await signIn(user.email, PASSWORD);
    expect(first?.sessionVersion).toBe(0);
    expect(await findSessionUser(database.db, user.id, 0)).toEqual(user);
    await revokeUserSessions(database.db, user.id);
    expect(await findSessionUser(database.db, user.id, 0)).toBeNull();
    const second = await signIn(user.email, PASSWORD);
    expect(second?.sessionVersion).toBe(1);
    expect(await findSessionUser(database.db, user.id, 1)).toEqual(user);
  });

  it("a password change needs the current password, ends every session and takes the new one", async () => {
    const user = await newUser();
    const change = (currentPassword: string, newPassword: string) =>
      changePassword(
        database.db,
        { userId: user.id, email: user.email, currentPassword, newPassword },
        T0,
      );
    expect(await change("not it", "new password 1")).toBe("wrong-password");
    expect(await change(PASSWORD, "short")).toBe("invalid-new-password");
    expect(await findSessionUser(database.db, user.id, 0)).toEqual(user);
    expect(await change(PASSWORD, "new password 1")).toBe("changed");
    expect(await findSessionUser(database.db, user.id, 0)).toBeNull();
    expect(await signIn(user.email, PASSWORD)).toBeNull();
    expect((await signIn(user.email, "new password 1"))?.sessionVersion).toBe(1);
  });

  it("counts wrong current passwords with the sign-in limit, and lets one of two parallel changes win", async () => {
    const user = await newUser();
    const change = (currentPassword: string, newPassword: string, at = T0) =>
      changePassword(
        database.db,
        { userId: user.id, email: user.email, currentPassword, newPassword },
        at,
      );
    const both = await Promise.all([
      change(PASSWORD, "parallel one 1"),
      change(PASSWORD, "parallel two 2"),
    ]);
    expect(both.filter((o) => o === "changed")).toHaveLength(1);
    // The loser may have checked its password against the winner's new hash (a wrong password,
    // counted): the limit is checked in the next window, from zero.
    const later = new Date(T0.getTime() + 15 * 60_000);
    for (let i = 0; i < 5; i++)
      expect(await change(`guess ${i}`, "whatever 123", later)).toBe("wrong-password");
    expect(await change("guess 6", "whatever 123", later)).toBe("rate-limited");
    const locked = await authorizeCredentials(
      database.db,
      { email: user.email, password: "parallel one 1" },
      later,
    );
    expect(locked.kind).toBe("rate-limited");
  });
});
