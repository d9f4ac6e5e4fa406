import { z } from "zod";
import { NEW_PASSWORD_LENGTH } from "./password-rules";

export const signUpSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address").max(254)),
  name: z
    .string()
    .trim()
    .max(100, "Name is too long")
    .optional()
    .transform((v) => (v ? v : null)),
  password: z
    .string()
    .min(NEW_PASSWORD_LENGTH.min, `Password must be at least ${NEW_PASSWORD_LENGTH.min} characters`)
    .max(NEW_PASSWORD_LENGTH.max, `Password must be at most ${NEW_PASSWORD_LENGTH.max} characters`),
});

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  password: z.string().min(1).max(NEW_PASSWORD_LENGTH.max),
});
