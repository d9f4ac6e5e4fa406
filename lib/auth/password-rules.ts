// A new password's length, for the server's schema and the browser's form fields alike. Kept apart
// from the zod schemas: client components import it, and zod in the browser bundle trips the
// Content-Security-Policy (its fast path compiles with `new Function`).
// bcrypt reads at most 72 bytes; longer passwords would silently share a hash.
export const NEW_PASSWORD_LENGTH = { min: 8, max: 72 } as const;
