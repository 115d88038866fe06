// Which ManagedServiceAccount token re-imports a cluster (hub-backup.md §5.3): the cluster's MSA
// token secrets (§5.1.4), one that has not expired when there are several, and its token read as
// upstream reads it: base64 from the API, then a YAML scalar.
import YAML from 'yaml';
import { ANNOTATION_EXPIRATION_TIMESTAMP, AUTO_IMPORT_ACCOUNT, LABEL_IS_MANAGED_SERVICEACCOUNT } from '../../../api/backup/index.js';
import { SECRETS, type KubeClient } from '../../../kube/index.js';

export interface TokenSecret {
  metadata: { name?: string; namespace?: string; annotations?: Record<string, string>; creationTimestamp?: string };
  data?: Record<string, string>;
}

export async function listTokenSecrets(client: KubeClient, namespace: string, signal?: AbortSignal): Promise<TokenSecret[]> {
  const list = await client.list<TokenSecret & { apiVersion?: string }>(SECRETS, {
    namespace,
    labelSelector: `${LABEL_IS_MANAGED_SERVICEACCOUNT}=true`,
    signal,
  });
  return list.items.filter((s) => (s.metadata.name ?? '').startsWith(AUTO_IMPORT_ACCOUNT));
}

const time = (value: string | undefined): number => {
  const ms = Date.parse(value ?? '');
  return Number.isNaN(ms) ? NaN : ms;
};

/** One candidate whatever it says; of several, the first unexpired one, else the newest. */
export function pickTokenSecret(candidates: readonly TokenSecret[], nowMs: number): TokenSecret | undefined {
  if (candidates.length <= 1) return candidates[0];
  const valid = candidates.find((s) => time(s.metadata.annotations?.[ANNOTATION_EXPIRATION_TIMESTAMP]) > nowMs);
  if (valid) return valid;
  return [...candidates].sort((a, b) => (time(b.metadata.creationTimestamp) || 0) - (time(a.metadata.creationTimestamp) || 0))[0];
}

/** The token, or undefined when the secret holds no usable one. Never logged. */
export function readToken(secret: TokenSecret): string | undefined {
  const raw = secret.data?.token;
  if (!raw) return undefined;
  const text = Buffer.from(raw, 'base64').toString('utf8');
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch {
    return undefined;
  }
  // Go's yaml decodes any scalar into a string, in its source form.
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return text.trim();
  return undefined;
}
