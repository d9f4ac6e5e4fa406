// Items added during one turn of the event loop are collected per key (a database client) and
// handed over together on the next turn, at most `maxSize` to a batch: the LINE Pay call log
// writes each batch as one INSERT.

/** Returns `add(key, item)`; `flush(key, batch)` runs once per batch, a turn after its first item. */
export function createTurnBatcher<K extends object, T>(
  maxSize: number,
  flush: (key: K, batch: T[]) => void,
): (key: K, item: T) => void {
  const open = new WeakMap<K, T[]>();
  return (key, item) => {
    let batch = open.get(key);
    if (!batch || batch.length >= maxSize) {
      const created: T[] = [];
      open.set(key, created);
      setImmediate(() => {
        if (open.get(key) === created) open.delete(key);
        flush(key, created);
      });
      batch = created;
    }
    batch.push(item);
  };
}
