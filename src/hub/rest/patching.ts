import { ApiError, unsupportedMediaType } from '../errors.js';
import type { ResourceType } from '../registry/resource-type.js';
import { applyMergePatch } from '../patch/merge-patch.js';
import { applyJsonPatch } from '../patch/json-patch.js';
import { applyStrategicMergePatch } from '../patch/strategic-merge.js';
import type { ApiObject } from '../../api/meta.js';

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

const CR_PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

/**
 * Applies a patch of any supported type to the current object. Server-side apply is treated as a
 * merge of the applied intent (no per-field ownership or conflict detection; see the README).
 */
export function applyPatch(rt: ResourceType, current: ApiObject, type: PatchType, patch: unknown): unknown {
  switch (type) {
    case 'merge':
      return applyMergePatch(current, requireObject(patch, type));
    case 'apply':
      return applyMergePatch(current, requireObject(patch, type));
    case 'json':
      return applyJsonPatch(current, patch);
    case 'strategic':
      if (!rt.strategicMerge) throw unsupportedMediaType(CR_PATCH_TYPES);
      return applyStrategicMergePatch(current, requireObject(patch, type), `${rt.group}/${rt.kind}`);
  }
}

function requireObject(patch: unknown, type: PatchType): Record<string, unknown> {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new ApiError(400, 'BadRequest', `the ${type} patch must be a JSON object`);
  }
  return patch as Record<string, unknown>;
}
