// The order a write goes through for a custom resource: prune unknown fields, apply defaults,
// validate. Exercised on a CRD shaped like the hub-backup BackupSchedule.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorText, invalid } from '../errors.js';
import { applyDefaults, celRulesPresent, defaultCrdSpec, pruneUnknownFields, validateAgainstSchema, validateCrdSpec, type JsonSchema } from './index.js';

const backupScheduleSchema: JsonSchema = {
  type: 'object',
  description: 'BackupSchedule is the Schema for the backupschedules API',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['veleroSchedule'],
      properties: {
        veleroSchedule: { type: 'string', description: 'cron expression' },
        veleroTtl: { type: 'string' },
        useManagedServiceAccount: { type: 'boolean', default: false },
        managedServiceAccountTTL: { type: 'string' },
        paused: { type: 'boolean' },
        volumeSnapshotLocations: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      },
    },
    status: {
      type: 'object',
      properties: {
        phase: { type: 'string', enum: ['New', 'Enabled', 'FailedValidation', 'Failed', 'Unknown', 'Paused', 'BackupCollision'] },
        lastMessage: { type: 'string' },
        conditions: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['type'],
          items: {
            type: 'object',
            required: ['type', 'status'],
            properties: {
              type: { type: 'string' },
              status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
              lastTransitionTime: { type: 'string', format: 'date-time' },
            },
          },
        },
      },
    },
  },
};

function backupScheduleCrd(): { metadata: { name: string }; spec: Record<string, unknown> } {
  return {
    metadata: { name: 'backupschedules.cluster.open-cluster-management.io' },
    spec: {
      group: 'cluster.open-cluster-management.io',
      scope: 'Namespaced',
      names: { plural: 'backupschedules', kind: 'BackupSchedule', shortNames: ['bsch'] },
      versions: [
        {
          name: 'v1beta1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: structuredClone(backupScheduleSchema) },
          additionalPrinterColumns: [
            { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
            { name: 'Message', type: 'string', jsonPath: '.status.lastMessage' },
          ],
        },
      ],
    },
  };
}

/** What the server does with a CR body: returns the unknown fields and the validation errors. */
function admit(obj: Record<string, unknown>): { unknown: string[]; errors: string[] } {
  const unknown = pruneUnknownFields(obj, backupScheduleSchema);
  applyDefaults(obj, backupScheduleSchema);
  const errors = validateAgainstSchema(obj, backupScheduleSchema).map(fieldErrorText);
  return { unknown, errors };
}

describe('BackupSchedule CRD', () => {
  it('registers: defaulted names, no errors, no CEL rules', () => {
    const crd = backupScheduleCrd();
    defaultCrdSpec(crd);
    assert.deepEqual(validateCrdSpec(crd), []);
    const names = crd.spec.names as Record<string, unknown>;
    assert.equal(names.singular, 'backupschedule');
    assert.equal(names.listKind, 'BackupScheduleList');
    assert.equal(celRulesPresent(backupScheduleSchema), false);
  });
});

describe('prune → default → validate on a BackupSchedule', () => {
  it('a typical object: defaults filled, nothing pruned, valid', () => {
    const obj: Record<string, unknown> = {
      apiVersion: 'cluster.open-cluster-management.io/v1beta1',
      kind: 'BackupSchedule',
      metadata: { name: 'schedule-acm', namespace: 'open-cluster-management-backup' },
      spec: { veleroSchedule: '0 */2 * * *', veleroTtl: '120h' },
    };
    assert.deepEqual(admit(obj), { unknown: [], errors: [] });
    assert.deepEqual(obj.spec, { veleroSchedule: '0 */2 * * *', veleroTtl: '120h', useManagedServiceAccount: false });
  });

  it('unknown fields are pruned before validation sees them', () => {
    const obj: Record<string, unknown> = {
      apiVersion: 'cluster.open-cluster-management.io/v1beta1',
      kind: 'BackupSchedule',
      metadata: { name: 's', namespace: 'ns', fooAnnotation: 'x' },
      spec: { veleroSchedule: '@hourly', veleroTTL: 5, extra: { deep: true } },
    };
    const result = admit(obj);
    assert.deepEqual(result.unknown, ['metadata.fooAnnotation', 'spec.veleroTTL', 'spec.extra']);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(obj.spec, { veleroSchedule: '@hourly', useManagedServiceAccount: false });
  });

  it('a missing required field and wrong types are reported after defaulting', () => {
    const obj: Record<string, unknown> = {
      apiVersion: 'cluster.open-cluster-management.io/v1beta1',
      kind: 'BackupSchedule',
      metadata: { name: 's' },
      spec: { veleroTtl: 72, useManagedServiceAccount: 'yes' },
    };
    const result = admit(obj);
    assert.deepEqual(result.unknown, []);
    assert.deepEqual(result.errors, [
      'spec.veleroTtl: Invalid value: "integer": spec.veleroTtl in body must be of type string: "integer"',
      'spec.useManagedServiceAccount: Invalid value: "string": spec.useManagedServiceAccount in body must be of type boolean: "string"',
      'spec.veleroSchedule: Required value',
    ]);
    const err = invalid('BackupSchedule', 'cluster.open-cluster-management.io', 's', validateAgainstSchema(obj, backupScheduleSchema));
    assert.equal(err.code, 422);
    assert.equal(
      err.message,
      'BackupSchedule.cluster.open-cluster-management.io "s" is invalid: [spec.veleroTtl: Invalid value: "integer": spec.veleroTtl in body must be of type string: "integer", ' +
        'spec.useManagedServiceAccount: Invalid value: "string": spec.useManagedServiceAccount in body must be of type boolean: "string", ' +
        'spec.veleroSchedule: Required value]',
    );
  });

  it('a null for the defaulted boolean gets the default; a null elsewhere is dropped', () => {
    const obj: Record<string, unknown> = {
      apiVersion: 'cluster.open-cluster-management.io/v1beta1',
      kind: 'BackupSchedule',
      metadata: { name: 's' },
      spec: { veleroSchedule: '@daily', useManagedServiceAccount: null, veleroTtl: null },
    };
    assert.deepEqual(admit(obj), { unknown: [], errors: [] });
    assert.deepEqual(obj.spec, { veleroSchedule: '@daily', useManagedServiceAccount: false });
  });

  it('validates status: enum, map-list keys, formats', () => {
    const obj: Record<string, unknown> = {
      apiVersion: 'cluster.open-cluster-management.io/v1beta1',
      kind: 'BackupSchedule',
      metadata: { name: 's' },
      spec: { veleroSchedule: '@daily' },
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Ready', status: 'True', lastTransitionTime: '2024-05-01T10:00:00Z' },
          { type: 'Ready', status: 'Maybe', lastTransitionTime: 'now' },
        ],
      },
    };
    assert.deepEqual(admit(obj).errors, [
      'status.phase: Unsupported value: "Running": supported values: "New", "Enabled", "FailedValidation", "Failed", "Unknown", "Paused", "BackupCollision"',
      'status.conditions[1].status: Unsupported value: "Maybe": supported values: "True", "False", "Unknown"',
      'status.conditions[1].lastTransitionTime: Invalid value: "now": status.conditions[1].lastTransitionTime in body must be of type date-time: "now"',
      'status.conditions[1]: Duplicate value: {"type":"Ready"}',
    ]);
  });

  it('defaulting on read does not disturb an admitted object', () => {
    const obj: Record<string, unknown> = {
      apiVersion: 'cluster.open-cluster-management.io/v1beta1',
      kind: 'BackupSchedule',
      metadata: { name: 's' },
      spec: { veleroSchedule: '@daily', useManagedServiceAccount: true, volumeSnapshotLocations: ['a', 'b'] },
    };
    admit(obj);
    const stored = structuredClone(obj);
    applyDefaults(obj, backupScheduleSchema);
    assert.deepEqual(obj, stored);
  });
});
