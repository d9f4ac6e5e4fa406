// SQLite group commit for typed-SQL transactions: a transaction begun while a group is open joins
// its BEGIN … COMMIT, in a savepoint of its own, one member after another. A renewal run opens and
// settles dozens of charges per turn of the event loop; one commit then writes the pages they
// share to the WAL once instead of once each (BENCHMARKS.md: ratio 1.36 without it at N = 10,000).
// Each member's outcome stays its own: one that rolls back is undone to its savepoint alone; the
// others' commits resolve only once the shared COMMIT succeeded, and all reject if it fails, as a
// lone transaction's caller would.
import type { SqlDriverAdapter, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";

/** Bounds how long one group holds the connection. */
const MAX_MEMBERS = 64;

const statement = (sql: string) => ({ sql, args: [], argTypes: [] });

/**
 * SQLite ended the whole group's transaction under a member (a full disk, an interrupt): every
 * member was undone, so each may simply run again (retry-transient.ts treats it as transient).
 */
export class GroupCommitAbortedError extends Error {
  override name = "GroupCommitAbortedError";
}

export interface GroupMembership {
  /** Where the member's statements run (the group's transaction). */
  target: SqlQueryable;
  /** Keeps the member's work; resolves once the group's COMMIT has succeeded. */
  commit(): Promise<void>;
  /** Undoes the member's work alone. */
  rollback(): Promise<void>;
}

interface Group {
  transaction: Promise<Transaction>;
  members: number;
  isBusy: boolean;
  waiting: Array<() => void>;
  abort: GroupCommitAbortedError | null;
  committed: Promise<void>;
  settle: (error?: unknown) => void;
}

export interface GroupCommit {
  join(): Promise<GroupMembership>;
}

export function createGroupCommit(adapter: SqlDriverAdapter): GroupCommit {
  let open: Group | null = null;

  const newGroup = (): Group => {
    let settle!: Group["settle"];
    const committed = new Promise<void>((resolve, reject) => {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the COMMIT's own error, as caught
      settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    committed.catch(() => {}); // members that committed await it; a group of rollbacks may not
    const transaction = adapter.startTransaction();
    transaction.catch(() => {});
    return { transaction, members: 0, isBusy: false, waiting: [], abort: null, committed, settle };
  };

  const finish = async (group: Group) => {
    let transaction: Transaction;
    try {
      transaction = await group.transaction;
    } catch (error) {
      return group.settle(error);
    }
    try {
      if (group.abort) throw group.abort;
      await transaction.executeRaw(statement("COMMIT"));
    } catch (error) {
      await transaction.executeRaw(statement("ROLLBACK")).catch(() => {});
      await transaction.rollback();
      return group.settle(error);
    }
    await transaction.commit();
    group.settle();
  };

  const leave = (group: Group) => {
    const next = group.waiting.shift();
    if (next) return next();
    group.isBusy = false;
    // Members asking during this turn of the event loop still join; then the group commits.
    setImmediate(() => {
      if (group.isBusy || group.waiting.length > 0) return;
      if (open === group) open = null;
      void finish(group);
    });
  };

  return {
    async join() {
      if (!open || open.members >= MAX_MEMBERS) open = newGroup();
      const group = open;
      group.members++;
      if (group.isBusy) await new Promise<void>((resolve) => group.waiting.push(resolve));
      else group.isBusy = true;
      let transaction: Transaction;
      try {
        transaction = await group.transaction;
        if (group.abort) throw group.abort;
        await transaction.executeRaw(statement("SAVEPOINT grouped"));
      } catch (error) {
        leave(group);
        throw error;
      }
      return {
        target: transaction,
        async commit() {
          try {
            await transaction.executeRaw(statement("RELEASE grouped"));
          } catch (error) {
            group.abort ??= new GroupCommitAbortedError(
              `The group's transaction ended: ${String(error)}`,
            );
          }
          leave(group);
          await group.committed;
        },
        async rollback() {
          try {
            await transaction.executeRaw(statement("ROLLBACK TO grouped"));
            await transaction.executeRaw(statement("RELEASE grouped"));
          } catch (error) {
            // No savepoint left: SQLite rolled the whole transaction back, the others' work too.
            group.abort ??= new GroupCommitAbortedError(
              `The group's transaction ended: ${String(error)}`,
            );
          }
          leave(group);
        },
      };
    },
  };
}
