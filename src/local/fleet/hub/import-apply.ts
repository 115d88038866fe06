// The import stand-in's hands on a managed cluster: a client built from the credentials it was
// given (server+token, or a kubeconfig), used for real against the cluster's API, and the
// resourceapply-style writes of the import secret's objects. A wrong or expired token fails here
// with the cluster's own 401.
import { KubeApiError, KubeClient, NAMESPACES, SECRETS, isNotFound } from '../../../kube/index.js';
import { BOOTSTRAP_HUB_KUBECONFIG_SECRET } from '../constants.js';
import { parseKubeconfig, renderKubeconfig } from '../kubeconfig.js';
import type { SecretObject } from '../objects.js';
import { importObjects } from './import-secret.js';

const IMPORT_TIMEOUT_MS = 10_000;

export type ImportCredentials = { kind: 'token'; server: string; token: string } | { kind: 'kubeconfig'; kubeconfig: string };

/** A client for the managed cluster. server+token skips certificate checks, as upstream does. */
export function managedClusterClient(creds: ImportCredentials): KubeClient {
  const text = creds.kind === 'token' ? renderKubeconfig({ server: creds.server.trim(), token: creds.token.trim(), insecure: true }) : creds.kubeconfig;
  return new KubeClient(parseKubeconfig(text, 'the kubeconfig'), { timeoutMs: IMPORT_TIMEOUT_MS });
}

/** Errors the way client-go prints them: the API's message, or `Verb "url": cause` for the network. */
export class ApplyErrors extends Error {
  constructor(readonly errors: unknown[]) {
    super(errors.length === 1 ? messageOf(errors[0]) : `[${errors.map(messageOf).join(', ')}]`);
  }

  get isAuthError(): boolean {
    return this.errors.some((e) => e instanceof KubeApiError && (e.code === 401 || e.code === 403));
  }

  /** Conflicts and server-side failures: retried without using up a retry. */
  get isInternalError(): boolean {
    return this.errors.some((e) => e instanceof KubeApiError && (e.code === 409 || e.code === 500 || e.code === 429));
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function withUrl<T>(client: KubeClient, verb: string, path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof KubeApiError) throw err;
    throw new Error(`${verb} "${client.transport.server}${path}": ${messageOf(err)}`);
  }
}

async function applyNamespace(client: KubeClient, obj: SecretObject): Promise<boolean> {
  const name = obj.metadata.name ?? '';
  return withUrl(client, 'Get', `/api/v1/namespaces/${name}`, async () => {
    try {
      await client.get(NAMESPACES, name);
      return false;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    return true;
  });
}

async function applySecret(client: KubeClient, obj: SecretObject): Promise<boolean> {
  const { name = '', namespace = '' } = obj.metadata;
  return withUrl(client, 'Get', `/api/v1/namespaces/${namespace}/secrets/${name}`, async () => {
    let existing: SecretObject | undefined;
    try {
      existing = await client.get<SecretObject>(SECRETS, name, { namespace });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (!existing) {
      await client.create(SECRETS, { ...obj, metadata: { name, namespace } });
      return true;
    }
    if (JSON.stringify(existing.data ?? {}) === JSON.stringify(obj.data ?? {}) && (existing.type ?? 'Opaque') === (obj.type ?? 'Opaque')) return false;
    await client.update(SECRETS, { ...existing, type: obj.type, data: obj.data });
    return true;
  });
}

/**
 * Applies the import secret's objects on the managed cluster: all of them for an import, only the
 * bootstrap kubeconfig Secret for a backup-restore auto-import (UpdateManagedClusterBootstrapSecret).
 * Returns whether anything changed; throws ApplyErrors with every failure.
 */
export async function applyImportObjects(client: KubeClient, importSecret: SecretObject, bootstrapOnly: boolean): Promise<boolean> {
  const all = importObjects(importSecret);
  const objects = bootstrapOnly ? all.filter((o) => o.kind === 'Secret' && o.metadata.name === BOOTSTRAP_HUB_KUBECONFIG_SECRET) : all;
  if (objects.length === 0)
    throw new ApplyErrors([
      new Error(`failed to find ${BOOTSTRAP_HUB_KUBECONFIG_SECRET} in import secret ${importSecret.metadata.namespace}/${importSecret.metadata.name}`),
    ]);
  let modified = false;
  const errors: unknown[] = [];
  for (const obj of objects) {
    try {
      if (obj.kind === 'Namespace') modified = (await applyNamespace(client, obj)) || modified;
      else if (obj.kind === 'Secret') modified = (await applySecret(client, obj)) || modified;
      else errors.push(new Error(`unknown type ${obj.kind}`));
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length > 0) throw new ApplyErrors(errors);
  return modified;
}
