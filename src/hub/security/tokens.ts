import { createHash, randomBytes } from 'node:crypto';
import type { SqliteStore } from '../storage/sqlite-store.js';

export interface Identity {
  name: string;
  readOnly: boolean;
  /** Epoch ms after which the token no longer authenticates; absent: never expires. */
  expiresAt?: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Bearer tokens, stored as SHA-256 hashes in the hub's database so that a copy of the database
 * does not hand out access (and lookups by hash leak nothing useful through timing). Tokens created while the hub runs (`lifeboat hub token create`) are
 * found on first use.
 */
export class TokenAuthenticator {
  private readonly cache = new Map<string, Identity>();

  constructor(private readonly store: SqliteStore) {}

  create(name: string, readOnly: boolean, expiresAt?: number): string {
    const token = newToken();
    this.store.addToken(hashToken(token), name, readOnly, expiresAt);
    return token;
  }

  authenticate(authorization: string | undefined): Identity | undefined {
    if (!authorization) return undefined;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) return undefined;
    const hash = hashToken(m[1]);
    let found = this.cache.get(hash);
    if (!found) {
      found = this.store.findToken(hash);
      if (!found) return undefined;
      this.cache.set(hash, found);
    }
    return found.expiresAt !== undefined && found.expiresAt <= Date.now() ? undefined : found;
  }
}
