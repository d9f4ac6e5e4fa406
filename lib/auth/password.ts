// Password hashing with bcrypt (bcryptjs: pure JS, no native build). Cost 12 is ~250 ms here,
// slow enough to hurt offline guessing and fast enough for a sign-in.
import bcrypt from "bcryptjs";

const COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
