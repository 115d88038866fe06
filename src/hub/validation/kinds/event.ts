// Events (core validation ValidateEventCreate / ValidateEventUpdate). Events created through
// core/v1 only get the legacy checks (upstream keeps them loose for old clients); events.k8s.io/v1
// ones must carry the new API's required fields.
import type { ApiObject } from '../../../api/meta.js';
import { jsonEqual } from '../../../util/json.js';
import type { FieldError } from '../../errors.js';
import { isDNS1123Subdomain, isQualifiedName } from '../k8s-strings.js';
import { invalidEach, record, str, type KindValidator } from '../kind-validator.js';
import { nameIsDNSSubdomain } from '../names.js';

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

type Obj = Record<string, unknown>;

/** Field names of the two shapes of the same event. */
interface Shape {
  regarding: 'involvedObject' | 'regarding';
  note: 'message' | 'note';
  controller: 'reportingComponent' | 'reportingController';
}
const CORE: Shape = { regarding: 'involvedObject', note: 'message', controller: 'reportingComponent' };
const V1: Shape = { regarding: 'regarding', note: 'note', controller: 'reportingController' };

function tooLong(ev: Obj, key: string, limit: number): FieldError[] {
  return Buffer.byteLength(str(ev[key])) > limit ? [{ type: 'Invalid', field: key, value: '', detail: `can have at most ${limit} characters` }] : [];
}

function legacy(ev: ApiObject, shape: Shape): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = ev.metadata.namespace ?? '';
  const involvedNamespace = str(record(ev[shape.regarding]).namespace);
  const field = 'involvedObject.namespace';
  if (!ev.eventTime) {
    const ok = involvedNamespace ? namespace === involvedNamespace : namespace === '' || namespace === 'default';
    if (!ok) errs.push({ type: 'Invalid', field, value: involvedNamespace, detail: 'does not match event.namespace' });
  } else {
    if (!involvedNamespace && namespace !== 'default' && namespace !== 'kube-system') {
      errs.push({ type: 'Invalid', field, value: involvedNamespace, detail: 'does not match event.namespace' });
    }
    const controller = str(ev[shape.controller]);
    if (!controller) errs.push({ type: 'Required', field: shape.controller });
    errs.push(...invalidEach(shape.controller, controller, isQualifiedName(controller)));
    if (!str(ev.reportingInstance)) errs.push({ type: 'Required', field: 'reportingInstance' });
    errs.push(...tooLong(ev, 'reportingInstance', REPORTING_INSTANCE_LIMIT));
    if (!str(ev.action)) errs.push({ type: 'Required', field: 'action' });
    errs.push(...tooLong(ev, 'action', ACTION_LIMIT));
  }
  errs.push(...invalidEach('namespace', namespace, isDNS1123Subdomain(namespace)));
  return errs;
}

function series(ev: ApiObject): FieldError[] {
  if (ev.series === undefined) return [];
  const s = record(ev.series);
  const errs: FieldError[] = [];
  if (typeof s.count !== 'number' || s.count < 2) errs.push({ type: 'Invalid', field: 'series.count', value: '', detail: 'should be at least 2' });
  if (!s.lastObservedTime) errs.push({ type: 'Required', field: 'series.lastObservedTime' });
  return errs;
}

function strict(ev: ApiObject): FieldError[] {
  const errs = [...series(ev)];
  if (!ev.eventTime) errs.push({ type: 'Required', field: 'eventTime' });
  if (ev.type !== 'Normal' && ev.type !== 'Warning') errs.push({ type: 'Invalid', field: 'type', value: '', detail: `has invalid value: ${str(ev.type)}` });
  for (const k of ['deprecatedFirstTimestamp', 'deprecatedLastTimestamp'])
    if (ev[k]) errs.push({ type: 'Invalid', field: k, value: '', detail: 'needs to be unset' });
  if (typeof ev.deprecatedCount === 'number' && ev.deprecatedCount !== 0)
    errs.push({ type: 'Invalid', field: 'deprecatedCount', value: '', detail: 'needs to be unset' });
  const source = record(ev.deprecatedSource);
  if (str(source.component) || str(source.host)) errs.push({ type: 'Invalid', field: 'deprecatedSource', value: '', detail: 'needs to be unset' });
  const controller = str(ev.reportingController);
  if (!controller) errs.push({ type: 'Required', field: 'reportingController' });
  errs.push(...invalidEach('reportingController', controller, isQualifiedName(controller)));
  if (!str(ev.reportingInstance)) errs.push({ type: 'Required', field: 'reportingInstance' });
  errs.push(...tooLong(ev, 'reportingInstance', REPORTING_INSTANCE_LIMIT));
  if (!str(ev.action)) errs.push({ type: 'Required', field: 'action' });
  errs.push(...tooLong(ev, 'action', ACTION_LIMIT));
  if (!str(ev.reason)) errs.push({ type: 'Required', field: 'reason' });
  errs.push(...tooLong(ev, 'reason', REASON_LIMIT));
  if (Buffer.byteLength(str(ev.note)) > NOTE_LIMIT)
    errs.push({ type: 'Invalid', field: 'note', value: '', detail: `can have at most ${NOTE_LIMIT} characters` });
  return errs;
}

function immutableFields(ev: ApiObject, old: ApiObject, shape: Shape): FieldError[] {
  const fields: [string, string][] = [
    [shape.regarding, 'involvedObject'],
    ['reason', 'reason'],
    ['type', 'type'],
    ['eventTime', 'eventTime'],
    ['action', 'action'],
    ['related', 'related'],
    [shape.controller, 'reportingController'],
    ['reportingInstance', 'reportingInstance'],
  ];
  return fields.flatMap(([key, path]) =>
    jsonEqual(ev[key] ?? null, old[key] ?? null) ? [] : [{ type: 'Invalid' as const, field: path, value: ev[key] ?? null, detail: 'field is immutable' }],
  );
}

/** core/v1 Events: the legacy rules only; names are only checked as path segments. */
export const coreEventValidator: KindValidator = {
  validate: (ev) => legacy(ev, CORE),
};

/** events.k8s.io/v1 Events: the legacy rules and the new API's. */
export const eventsV1Validator: KindValidator = {
  name: nameIsDNSSubdomain,
  // An update gets the legacy rules only (and the series and immutability checks below): the
  // stored event carries the deprecated* fields the hub fills in for core/v1 readers.
  validate: (ev, old) => (old ? legacy(ev, V1) : [...legacy(ev, V1), ...strict(ev)]),
  validateUpdate(ev, old) {
    const errs = jsonEqual(ev.series ?? null, old.series ?? null) ? [] : series(ev);
    return [...errs, ...immutableFields(ev, old, V1)];
  },
};
