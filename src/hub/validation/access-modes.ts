// Access modes and volume modes of volumes and claims.
import type { FieldError } from '../errors.js';
import { list, str } from './kind-validator.js';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

export function validateAccessModes(modes: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const all = list<string>(modes).map(str);
  for (const mode of all) if (!ACCESS_MODES.includes(mode)) errs.push({ type: 'NotSupported', field, value: mode, supported: ACCESS_MODES });
  if (all.includes('ReadWriteOncePod') && all.length > 1)
    errs.push({ type: 'Forbidden', field, detail: 'may not use ReadWriteOncePod with other access modes' });
  return errs;
}

const VOLUME_MODES = ['Block', 'Filesystem'];

/** spec.volumeMode of a volume or a claim, when set. */
export function validateVolumeMode(mode: unknown, field: string): FieldError[] {
  if (mode === undefined || VOLUME_MODES.includes(str(mode))) return [];
  return [{ type: 'NotSupported', field, value: str(mode), supported: VOLUME_MODES }];
}
