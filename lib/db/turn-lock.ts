// Whose turn it is on a connection that runs one task at a time (the SQLite driver adapter's one
// better-sqlite3 handle): a transaction holds it from BEGIN to its end, a plain query for itself.
/** A FIFO lock whose holder is the one task running on the connection. */
export class TurnLock {
  #held = false;
  readonly #waiting: Array<() => void> = [];

  get isFree(): boolean {
    return !this.#held;
  }

  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Hands the connection to the next in line, or frees it. */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}
