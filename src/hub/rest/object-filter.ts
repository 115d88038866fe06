import type { ResourceType } from '../registry/resource-type.js';
import { findVersion } from '../registry/resource-type.js';
import type { ApiObject } from '../../api/meta.js';
import { InvalidLabelSelectorError, matchesLabels, parseLabelSelector, type LabelRequirement } from '../../kube/selectors/label-selector.js';
import { badRequest } from '../errors.js';
import {
  parseFieldSelector,
  matchesFields,
  checkFieldLabels,
  fieldLabelsFor,
  selectableFieldsLookup,
  type FieldRequirement,
} from '../selectors/field-selector.js';

/** A list's or watch's selection: namespace, label selector and field selector. */
export interface ObjectFilter {
  namespace?: string;
  matches(obj: ApiObject): boolean;
  /** True when every object of the resource (in the namespace) matches: no selectors. */
  selectsAll: boolean;
  /** Set when the field selector pins `metadata.name`: nothing of another name can match. */
  name?: string;
}

/** A bad `labelSelector` parameter is the client's error: 400 with the parser's text, which kubectl prints. */
export function parseLabelSelectorParam(text: string): LabelRequirement[] {
  try {
    return parseLabelSelector(text);
  } catch (e) {
    if (e instanceof InvalidLabelSelectorError) throw badRequest(e.message);
    throw e;
  }
}

export function buildFilter(rt: ResourceType, version: string, namespace: string | undefined, labelSelector?: string, fieldSelector?: string): ObjectFilter {
  const labels = labelSelector ? parseLabelSelectorParam(labelSelector) : undefined;
  let fields: FieldRequirement[] | undefined;
  let lookup: ((obj: Record<string, unknown>, field: string) => string | undefined) | undefined;
  if (fieldSelector) {
    fields = parseFieldSelector(fieldSelector);
    const builtin = fieldLabelsFor(rt.group, rt.kind);
    const selectable = findVersion(rt, version)?.selectableFields ?? [];
    const custom = selectable.length > 0 ? selectableFieldsLookup(selectable) : undefined;
    const names = new Set<string>([...builtin.names, ...(custom?.names ?? [])]);
    checkFieldLabels(fields, names, rt.plural);
    lookup = (obj, field) => (custom?.names.has(field) ? custom.lookup(obj, field) : builtin.lookup(obj, field));
  }
  const hasLabels = labels !== undefined && labels.length > 0;
  const hasFields = fields !== undefined && fields.length > 0;
  const pinned = fields?.find((f) => f.field === 'metadata.name' && f.operator !== '!=');
  return {
    namespace,
    selectsAll: !hasLabels && !hasFields,
    ...(pinned ? { name: pinned.value } : {}),
    matches(obj) {
      if (hasLabels && !matchesLabels(labels as LabelRequirement[], obj.metadata.labels)) return false;
      if (hasFields && lookup) {
        const l = lookup;
        if (!matchesFields(fields as FieldRequirement[], (f) => l(obj, f))) return false;
      }
      return true;
    },
  };
}
