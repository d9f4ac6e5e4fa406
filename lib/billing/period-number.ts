// How people count billing periods: the first period (index 0 in the database) is "period 1" for
// the shopper and the admin alike. Renewal order ids keep the stored index (SUB-<subscription>-
// <index>-<attempt>): they are stored, sent to LINE Pay and never rewritten.
export function periodNumber(periodIndex: number): number {
  return periodIndex + 1;
}
