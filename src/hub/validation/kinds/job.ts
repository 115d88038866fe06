// batch/v1 Job (batch validation ValidateJob / ValidateJobUpdate, the Job strategy's selector
// generation and SetDefaults_Job).
import type { ApiObject } from '../../../api/meta.js';
import { jsonEqual } from '../../../util/json.js';
import type { FieldError } from '../../errors.js';
import { labelSelectorMatches } from '../../../kube/selectors/label-selector.js';
import { get, record, str, type KindValidator } from '../kind-validator.js';
import { validateLabelSelector } from '../label-selector.js';
import { nameIsDNSSubdomain } from '../names.js';
import { defaultPodSpec, validatePodTemplateSpec } from '../pod-spec.js';

const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const LEGACY_CONTROLLER_UID = 'controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';
const LEGACY_JOB_NAME = 'job-name';
const COMPLETION_MODES = ['NonIndexed', 'Indexed'];
const MAX_PARALLELISM_INDEXED = 100000;

type Obj = Record<string, unknown>;

function spec(job: ApiObject): Obj {
  return record(job.spec);
}

function manualSelector(job: ApiObject): boolean {
  return spec(job).manualSelector === true;
}

/** The strategy's generateSelector: pods carry the job's name and uid, the selector picks the uid. */
export function generateJobSelector(job: ApiObject): void {
  if (manualSelector(job)) return;
  const s = (job.spec ??= {}) as Obj;
  const template = (s.template ??= {}) as Obj;
  const meta = (template.metadata ??= {}) as Obj;
  const labels = (meta.labels ??= {}) as Record<string, string>;
  for (const key of [LEGACY_JOB_NAME, JOB_NAME]) labels[key] ??= job.metadata.name ?? '';
  for (const key of [LEGACY_CONTROLLER_UID, CONTROLLER_UID]) labels[key] ??= job.metadata.uid ?? '';
  const selector = (s.selector ??= {}) as Obj;
  const matchLabels = (selector.matchLabels ??= {}) as Record<string, string>;
  matchLabels[CONTROLLER_UID] ??= job.metadata.uid ?? '';
}

function hasLabel(labels: Record<string, string>, key: string, expected: string): FieldError[] {
  const field = `spec.template.metadata.labels[${key}]`;
  if (!(key in labels)) return [{ type: 'Required', field, detail: `must be '${expected}'` }];
  return labels[key] === expected ? [] : [{ type: 'Invalid', field, value: labels, detail: `must be '${expected}'` }];
}

function validateGeneratedSelector(job: ApiObject): FieldError[] {
  const s = spec(job);
  if (manualSelector(job) || s.selector === undefined) return [];
  const errs: FieldError[] = [];
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  if (!uid) errs.push({ type: 'Required', field: 'metadata.uid' });
  const labels = (get<Record<string, string>>(s, 'template', 'metadata', 'labels') ?? {}) as Record<string, string>;
  errs.push(...hasLabel(labels, CONTROLLER_UID, uid), ...hasLabel(labels, JOB_NAME, name));
  const expected = { [CONTROLLER_UID]: uid, [JOB_NAME]: name, [LEGACY_CONTROLLER_UID]: uid, [LEGACY_JOB_NAME]: name };
  if (!labelSelectorMatches(s.selector as never, expected)) {
    errs.push({ type: 'Invalid', field: 'spec.selector', value: s.selector, detail: '`selector` not auto-generated' });
  }
  return errs;
}

function nonNegative(s: Obj, key: string): FieldError[] {
  const v = s[key];
  return typeof v === 'number' && v < 0 ? [{ type: 'Invalid', field: `spec.${key}`, value: v, detail: 'must be greater than or equal to 0' }] : [];
}

function validateJobSpec(job: ApiObject): FieldError[] {
  const s = spec(job);
  const errs: FieldError[] = [];
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) errs.push(...nonNegative(s, k));
  const mode = s.completionMode;
  if (mode !== undefined) {
    if (!COMPLETION_MODES.includes(str(mode))) errs.push({ type: 'NotSupported', field: 'spec.completionMode', value: str(mode), supported: COMPLETION_MODES });
    if (mode === 'Indexed') {
      if (s.completions === undefined) errs.push({ type: 'Required', field: 'spec.completions', detail: 'when completion mode is Indexed' });
      if (typeof s.parallelism === 'number' && s.parallelism > MAX_PARALLELISM_INDEXED) {
        errs.push({
          type: 'Invalid',
          field: 'spec.parallelism',
          value: s.parallelism,
          detail: `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`,
        });
      }
    }
  }
  errs.push(...validatePodTemplateSpec(s.template, 'spec.template'));
  const restart = str(get(s, 'template', 'spec', 'restartPolicy'));
  if (restart === 'Always' || restart === '') {
    errs.push({ type: 'Required', field: 'spec.template.spec.restartPolicy', detail: 'valid values: "OnFailure", "Never"' });
  } else if (restart !== 'OnFailure' && restart !== 'Never') {
    errs.push({ type: 'NotSupported', field: 'spec.template.spec.restartPolicy', value: restart, supported: ['OnFailure', 'Never'] });
  } else if (s.podFailurePolicy !== undefined && restart !== 'Never') {
    errs.push({
      type: 'Invalid',
      field: 'spec.template.spec.restartPolicy',
      value: restart,
      detail: 'only "Never" is supported when podFailurePolicy is specified',
    });
  }
  if (s.selector === undefined) errs.push({ type: 'Required', field: 'spec.selector' });
  else errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
  const templateLabels = (get<Record<string, string>>(s, 'template', 'metadata', 'labels') ?? {}) as Record<string, string>;
  const selector = record(s.selector);
  const selectorEmpty = Object.keys(record(selector.matchLabels)).length === 0 && !Array.isArray(selector.matchExpressions);
  if (s.selector !== undefined && !selectorEmpty && !labelSelectorMatches(s.selector as never, templateLabels)) {
    errs.push({ type: 'Invalid', field: 'spec.template.metadata.labels', value: templateLabels, detail: '`selector` does not match template `labels`' });
  }
  return errs;
}

function immutable(field: string, now: unknown, before: unknown): FieldError[] {
  return jsonEqual(now ?? null, before ?? null) ? [] : [{ type: 'Invalid', field, value: now ?? null, detail: 'field is immutable' }];
}

function validateUpdate(job: ApiObject, old: ApiObject): FieldError[] {
  const s = spec(job);
  const o = spec(old);
  const errs = [...immutable('spec.completions', s.completions, o.completions), ...immutable('spec.selector', s.selector, o.selector)];
  // A suspended job that never started may change where its pods would run.
  let oldTemplate = record(o.template);
  const template = record(s.template);
  if (s.suspend === true && get(old, 'status', 'startTime') === undefined) {
    const meta = record(template.metadata);
    const tspec = record(template.spec);
    oldTemplate = {
      ...oldTemplate,
      metadata: { ...record(oldTemplate.metadata), labels: meta.labels, annotations: meta.annotations },
      spec: {
        ...record(oldTemplate.spec),
        nodeSelector: tspec.nodeSelector,
        tolerations: tspec.tolerations,
        affinity: tspec.affinity,
        schedulingGates: tspec.schedulingGates,
      },
    };
  }
  errs.push(...immutable('spec.template', JSON.parse(JSON.stringify(template)), JSON.parse(JSON.stringify(oldTemplate))));
  for (const k of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy'])
    errs.push(...immutable(`spec.${k}`, s[k], o[k]));
  return errs;
}

/** SetDefaults_Job, and the pod template's defaults. */
function defaults(job: ApiObject): void {
  const s = (job.spec ??= {}) as Obj;
  if (s.completions === undefined && s.parallelism === undefined) {
    s.completions = 1;
    s.parallelism = 1;
  }
  s.parallelism ??= 1;
  s.backoffLimit ??= s.backoffLimitPerIndex === undefined ? 6 : 2147483647;
  s.completionMode ??= 'NonIndexed';
  s.suspend ??= false;
  if (s.podFailurePolicy === undefined) s.podReplacementPolicy ??= 'TerminatingOrFailed';
  s.manualSelector ??= undefined;
  if (s.manualSelector === undefined) delete s.manualSelector;
  const template = (s.template ??= {}) as Obj;
  defaultPodSpec((template.spec ??= {}) as Obj);
}

export const jobValidator: KindValidator = {
  name: nameIsDNSSubdomain,
  core: true,
  defaults,
  validate: (job) => [...validateGeneratedSelector(job), ...validateJobSpec(job)],
  validateUpdate,
};
