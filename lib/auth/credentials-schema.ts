import { z } from "zod";

export const signUpSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address").max(254)),
  name: z
    .string()
    .trim()
    .max(100, "Name is too long")
    .optional()
    .transform((v) => (v ? v : null)),
  // bcrypt reads at most 72 bytes; longer passwords would silently share a hash.
  password: z
    .string()
    .min(8, "Password must be at least 8 characters")
    .max(72, "Password must be at most 72 characters"),
});

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  password: z.string().min(1).max(72),
});
