// AES-256-GCM sealing for secrets we must keep but never show (LINE Pay regKeys). Keys carry an id
// so they can rotate: new secrets are sealed with the active key, old ones still open with theirs.
// The associated data binds a ciphertext to its owner (e.g. the subscription id), so a ciphertext
// copied onto another row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors/app-error";

const VERSION = "v1";

export interface SecretBoxKeyring {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class SecretBoxError extends AppError {
  override name = "SecretBoxError";
  constructor(message: string) {
    super(message, { status: 500, errorCode: "secret_box_error" });
  }
}

/** Parses `id1:base64key,id2:base64key` (each key 32 bytes) into a keyring. */
export function parseKeyring(spec: string, activeKeyId?: string): SecretBoxKeyring {
  const keys = new Map<string, Buffer>();
  for (const entry of spec
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [id, encoded, ...rest] = entry.split(":");
    if (!id || !encoded || rest.length > 0 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      throw new SecretBoxError(
        "each key must look like <id>:<base64 key>, id of letters, digits, _ or -",
      );
    }
    const key = Buffer.from(encoded, "base64");
    if (key.length !== 32)
      throw new SecretBoxError(`key ${id} must be 32 bytes (base64 of 32 random bytes)`);
    if (keys.has(id)) throw new SecretBoxError(`key id ${id} appears twice`);
    keys.set(id, key);
  }
  const first = keys.keys().next().value;
  if (first === undefined) throw new SecretBoxError("at least one key is required");
  const active = activeKeyId ?? first;
  if (!keys.has(active)) throw new SecretBoxError(`active key id ${active} is not in the keyring`);
  return { activeKeyId: active, keys };
}

export interface SealedSecret {
  keyId: string;
  ciphertext: string;
}

const b64 = (buffer: Buffer) => buffer.toString("base64url");

export function sealSecret(
  keyring: SecretBoxKeyring,
  plaintext: string,
  associatedData: string,
): SealedSecret {
  const key = keyring.keys.get(keyring.activeKeyId) as Buffer;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return {
    keyId: keyring.activeKeyId,
    ciphertext: [VERSION, keyring.activeKeyId, b64(iv), b64(tag), b64(body)].join("."),
  };
}

export function openSecret(
  keyring: SecretBoxKeyring,
  ciphertext: string,
  associatedData: string,
): string {
  const [version, keyId, iv, tag, body, ...rest] = ciphertext.split(".");
  if (version !== VERSION || !keyId || !iv || !tag || body === undefined || rest.length > 0) {
    throw new SecretBoxError("not a sealed secret");
  }
  const key = keyring.keys.get(keyId);
  if (!key) throw new SecretBoxError(`key ${keyId} is no longer in the keyring`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([
      decipher.update(Buffer.from(body, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new SecretBoxError("sealed secret does not open (wrong key, owner or tampered data)");
  }
}

/** Generates a keyring entry for configuration: `<id>:<base64 of 32 random bytes>`. */
export function generateKeyringEntry(id: string): string {
  return `${id}:${randomBytes(32).toString("base64")}`;
}
