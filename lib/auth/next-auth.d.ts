import "next-auth/jwt";

declare module "next-auth/jwt" {
  interface JWT {
    role?: string;
    /** The user's session version at sign-in (lib/auth/session.ts); absent in older tokens. */
    sessionVersion?: number;
  }
}
