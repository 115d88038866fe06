// The Secrets and ConfigMaps a mover reads, checked before its Job exists so that a missing
// field is reported in words (volsync.md §3.3 step 4, §3.4 step 2), and the environment variables
// that take their values from them (never the values themselves: the pod reads them).
import { CONFIGMAPS, SECRETS } from '../../../kube/index.js';
import type { CustomCASpec } from '../../../api/volsync/index.js';
import type { MoverContext } from '../../context.js';
import type { ConfigMap, EnvVar, Secret, Volume } from '../../kinds.js';

/** Reads a Secret of the owner's namespace and checks it has every field. */
export async function getSecretWithFields(ctx: MoverContext, name: string, fields: readonly string[]): Promise<Secret> {
  const secret = await ctx.client.get<Secret>(SECRETS, name, { namespace: ctx.owner.metadata.namespace, signal: ctx.signal });
  checkFields(secret.data, fields, 'secret');
  return secret;
}

function checkFields(data: Record<string, string> | undefined, fields: readonly string[], what: 'secret' | 'configmap'): void {
  if (!data || Object.keys(data).length < fields.length) throw new Error(`${what} should have fields: [${fields.join(' ')}]`);
  for (const field of fields) if (!(field in data)) throw new Error(`${what} is missing field: ${field}`);
}

export function envFromSecret(secretName: string, key: string, optional: boolean): EnvVar {
  return { name: key, valueFrom: { secretKeyRef: { name: secretName, key, optional } } };
}

/** Every `RCLONE_*` key of the Secret, sorted, as optional references. */
export function rcloneEnvFromSecret(secretName: string, keys: readonly string[]): EnvVar[] {
  return keys
    .filter((key) => key.startsWith('RCLONE_'))
    .sort()
    .map((key) => envFromSecret(secretName, key, true));
}

/** The cluster-wide proxy settings of the controller, then DEBUG_MOVER when the owner asks for it. */
export function proxyAndDebugEnv(ctx: MoverContext, debugAnnotation: string): EnvVar[] {
  const env: EnvVar[] = Object.entries(ctx.settings.proxyEnv).map(([name, value]) => ({ name, value }));
  if (ctx.owner.metadata.annotations?.[debugAnnotation] !== undefined) env.push({ name: 'DEBUG_MOVER', value: '1' });
  return env;
}

export const CUSTOM_CA_MOUNT_PATH = '/customCA';
export const CUSTOM_CA_FILE = 'ca.crt';

/**
 * The custom CA volume, projecting the key to `ca.crt`; undefined when none is configured (no key).
 * The Secret wins over the ConfigMap; the key must exist in it.
 */
export async function customCaVolume(ctx: MoverContext, spec: CustomCASpec | undefined): Promise<Volume | undefined> {
  if (!spec?.key) return undefined;
  const namespace = ctx.owner.metadata.namespace;
  const items = [{ key: spec.key, path: CUSTOM_CA_FILE }];
  if (spec.secretName) {
    await getSecretWithFields(ctx, spec.secretName, [spec.key]);
    return { name: 'custom-ca', secret: { secretName: spec.secretName, items } };
  }
  if (spec.configMapName) {
    const cm = await ctx.client.get<ConfigMap>(CONFIGMAPS, spec.configMapName, { namespace, signal: ctx.signal });
    checkFields(cm.data, [spec.key], 'configmap');
    return { name: 'custom-ca', configMap: { name: spec.configMapName, items } };
  }
  return undefined;
}
