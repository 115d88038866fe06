// When the overlapping `auto-import-account-pair` MSA is created (hub-backup.md §5.1.3 step 5):
// once a token is past half its life, and only within 15 minutes of that half point, so that a
// backup taken at any moment holds at least one token valid for half the validity.
import { ANNOTATION_EXPIRATION_TIMESTAMP, ANNOTATION_LAST_REFRESH_TIMESTAMP } from '../../api/backup/index.js';
import type { MetaOnly } from './core.js';

export const PAIR_TOKEN_WINDOW_MS = 15 * 60_000;

export function shouldCreatePairToken(tokenSecrets: readonly MetaOnly[], nowMs: number): boolean {
  return tokenSecrets.some((secret) => {
    const expiration = Date.parse(secret.metadata.annotations?.[ANNOTATION_EXPIRATION_TIMESTAMP] ?? '');
    const lastRefresh = Date.parse(secret.metadata.annotations?.[ANNOTATION_LAST_REFRESH_TIMESTAMP] ?? '');
    if (Number.isNaN(expiration) || Number.isNaN(lastRefresh)) return false;
    const half = (expiration - lastRefresh) / 2;
    const sinceRefresh = nowMs - lastRefresh;
    return sinceRefresh > half && sinceRefresh - half <= PAIR_TOKEN_WINDOW_MS;
  });
}
