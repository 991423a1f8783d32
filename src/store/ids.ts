import crypto from 'node:crypto';

/**
 * A new row id: 26 characters, time-ordered prefix (ms, base32) + random suffix, so ids sort
 * roughly by creation on both databases without serial/autoincrement columns.
 */
export function newId(now: Date = new Date()): string {
  const time = now.getTime().toString(32).padStart(10, '0');
  const random = crypto.randomBytes(10).toString('hex').slice(0, 16);
  return `${time}${random}`;
}

/** A secret token for sessions and CSRF: 32 random bytes, base64url. */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function sha256Hex(data: string | Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}
