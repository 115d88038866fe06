// Writes every file under deploy/crds/: one directory per API, one `<group>_<plural>.yaml` per CRD,
// and in each directory a kustomization.yaml that lists them (`kubectl apply -k deploy/crds/<api>`;
// deploy/kustomization.yaml installs the operator with the backup and volsync APIs).
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

export const KUSTOMIZATION = 'kustomization.yaml';

const HEADER = '# Generated from src/api/ by `npm run crds`. Do not edit by hand.\n';

export function crdFileName(crd: CustomResourceDefinition): string {
  return `${crd.spec.group}_${crd.spec.names.plural}.yaml`;
}

/** Every file the writer produces, keyed by its path below deploy/crds/ (`velero/velero.io_backups.yaml`). */
export function deployedCrdFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [dir, crds] of Object.entries(DEPLOYED_CRDS)) {
    const names: string[] = [];
    for (const crd of crds()) {
      names.push(crdFileName(crd));
      files.set(`${dir}/${crdFileName(crd)}`, HEADER + stringify(crd, { aliasDuplicateObjects: false, lineWidth: 0 }));
    }
    files.set(`${dir}/${KUSTOMIZATION}`, HEADER + stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: names.sort() }));
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
  return [...files.keys()];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = await writeDeployedCrds();
  process.stdout.write(`wrote ${written.length} files to ${path.relative(process.cwd(), DEPLOY_CRDS_DIR) || '.'}\n`);
}
