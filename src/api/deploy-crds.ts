// Writes every file under deploy/crds/ — one directory per API, one `<group>_<plural>.yaml` per CRD —
// and deploy/kustomization.yaml, which installs the operator with the CRDs of the APIs it serves
// (`kubectl apply -k deploy/`). The CRD directories hold only CRDs, so `kubectl apply -f
// deploy/crds/<api>/` applies exactly them.
// Run after changing any API (test/api/deploy-crds.test.ts fails while the files are stale):
//   npm run crds

import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { backupCrds } from './backup/crds.js';
import type { CustomResourceDefinition } from './crd/render.js';
import { ocmCrds } from './ocm/index.js';
import { veleroCrds } from './velero/crds.js';
import { volsyncCrds } from './volsync/crds.js';

/** Each directory of deploy/crds/ and the CRDs it ships. A new API is one line here. */
export const DEPLOYED_CRDS: Readonly<Record<string, () => CustomResourceDefinition[]>> = {
  backup: backupCrds,
  ocm: ocmCrds,
  velero: veleroCrds,
  volsync: volsyncCrds,
};

export const DEPLOY_CRDS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'crds');

/** The APIs the operator serves: their CRDs go with it; Velero's and OCM's come with OADP and ACM. */
const OPERATOR_APIS = ['backup', 'volsync'];

/** deploy/kustomization.yaml: those CRDs, then deploy/operator/. */
export const DEPLOY_KUSTOMIZATION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'kustomization.yaml');

export function deployKustomization(): string {
  const crds = OPERATOR_APIS.flatMap((dir) => DEPLOYED_CRDS[dir]().map((crd) => `crds/${dir}/${crdFileName(crd)}`));
  const comment = [
    '# Lifeboat on a real hub: `kubectl apply -k deploy/` installs the CRDs of the APIs the operator',
    '# serves and the operator (deploy/operator/). The velero.io API comes with OADP/Velero and the OCM',
    '# APIs with ACM; deploy/crds/velero/ and deploy/crds/ocm/ are for clusters without them.',
  ];
  return HEADER + comment.join('\n') + '\n' + stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...crds, 'operator'] });
}

const HEADER = '# Generated from src/api/ by `npm run crds`. Do not edit by hand.\n';

export function crdFileName(crd: CustomResourceDefinition): string {
  return `${crd.spec.group}_${crd.spec.names.plural}.yaml`;
}

/** Every file the writer produces, keyed by its path below deploy/crds/ (`velero/velero.io_backups.yaml`). */
export function deployedCrdFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [dir, crds] of Object.entries(DEPLOYED_CRDS)) {
    for (const crd of crds()) files.set(`${dir}/${crdFileName(crd)}`, HEADER + stringify(crd, { aliasDuplicateObjects: false, lineWidth: 0 }));
  }
  return files;
}

/** Writes every file and removes the YAML files of these directories that no CRD produces any more. */
export async function writeDeployedCrds(root = DEPLOY_CRDS_DIR): Promise<string[]> {
  const files = deployedCrdFiles();
  for (const dir of Object.keys(DEPLOYED_CRDS)) {
    await mkdir(path.join(root, dir), { recursive: true });
    for (const name of await readdir(path.join(root, dir))) {
      if (name.endsWith('.yaml') && !files.has(`${dir}/${name}`)) await rm(path.join(root, dir, name));
    }
  }
  for (const [rel, text] of files) await writeFile(path.join(root, rel), text);
  if (root === DEPLOY_CRDS_DIR) await writeFile(DEPLOY_KUSTOMIZATION, deployKustomization());
  return [...files.keys()];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = await writeDeployedCrds();
  process.stdout.write(`wrote ${written.length} CRDs to ${path.relative(process.cwd(), DEPLOY_CRDS_DIR) || '.'}\n`);
}
