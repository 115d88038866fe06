import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorText, type FieldError } from '../errors.js';
import { defaultCrdSpec, validateCrdSpec } from './crd-validation.js';
import type { JsonSchema } from '../../api/crd/schema.js';

interface TestCrd {
  metadata: { name?: string };
  spec: Record<string, unknown> & {
    names: Record<string, unknown>;
    versions: (Record<string, unknown> & { schema?: { openAPIV3Schema?: JsonSchema } })[];
  };
}

function widgetCrd(): TestCrd {
  return {
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: { type: 'object', properties: { size: { type: 'integer', minimum: 1 }, color: { type: 'string' } } },
                status: { type: 'object', properties: { phase: { type: 'string' } } },
              },
            },
          },
          additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
        },
      ],
    },
  };
}

function schemaOf(crd: TestCrd, i = 0): JsonSchema {
  const s = crd.spec.versions[i].schema?.openAPIV3Schema;
  assert.ok(s);
  return s;
}

function texts(errs: FieldError[]): string[] {
  return errs.map(fieldErrorText);
}

const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123 =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('validateCrdSpec: a valid CRD', () => {
  it('has no errors', () => {
    assert.deepEqual(validateCrdSpec(widgetCrd()), []);
  });
});

describe('validateCrdSpec: names', () => {
  it('metadata.name must be <plural>.<group>', () => {
    const crd = widgetCrd();
    crd.metadata.name = 'gadgets.example.com';
    const errs = validateCrdSpec(crd);
    assert.deepEqual(errs, [{ type: 'Invalid', field: 'metadata.name', value: 'gadgets.example.com', detail: 'must be spec.names.plural+"."+spec.group' }]);
    assert.deepEqual(texts(errs), ['metadata.name: Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group']);
  });

  it('metadata.name is required', () => {
    const crd = widgetCrd();
    delete crd.metadata.name;
    assert.deepEqual(texts(validateCrdSpec(crd)), ['metadata.name: Required value: name or generateName is required']);
  });

  it('spec.group is required, a DNS subdomain, and has a dot', () => {
    const missing = widgetCrd();
    missing.spec.group = '';
    missing.metadata.name = 'widgets.';
    assert.ok(texts(validateCrdSpec(missing)).includes('spec.group: Required value'));

    const upper = widgetCrd();
    upper.spec.group = 'Example.com';
    upper.metadata.name = 'widgets.Example.com';
    assert.deepEqual(validateCrdSpec(upper), [
      { type: 'Invalid', field: 'metadata.name', value: 'widgets.Example.com', detail: DNS1123 },
      { type: 'Invalid', field: 'spec.group', value: 'Example.com', detail: DNS1123 },
    ]);

    const dotless = widgetCrd();
    dotless.spec.group = 'example';
    dotless.metadata.name = 'widgets.example';
    assert.deepEqual(texts(validateCrdSpec(dotless)), ['spec.group: Invalid value: "example": should be a domain with at least one dot']);
  });

  it('plural and singular must be lower-case DNS labels', () => {
    const crd = widgetCrd();
    crd.spec.names.plural = 'Widgets';
    crd.spec.names.singular = 'my_widget';
    crd.metadata.name = 'Widgets.example.com';
    const errs = validateCrdSpec(crd).filter((e) => e.field.startsWith('spec.names'));
    assert.deepEqual(errs, [
      { type: 'Invalid', field: 'spec.names.plural', value: 'Widgets', detail: DNS1035 },
      { type: 'Invalid', field: 'spec.names.singular', value: 'my_widget', detail: DNS1035 },
    ]);
  });

  it('kind and listKind may have mixed case but must otherwise be DNS labels', () => {
    const crd = widgetCrd();
    crd.spec.names.kind = '1Widget';
    crd.spec.names.listKind = 'Widget List';
    assert.deepEqual(validateCrdSpec(crd), [
      { type: 'Invalid', field: 'spec.names.kind', value: '1Widget', detail: `may have mixed case, but should otherwise match: ${DNS1035}` },
      { type: 'Invalid', field: 'spec.names.listKind', value: 'Widget List', detail: `may have mixed case, but should otherwise match: ${DNS1035}` },
    ]);
  });

  it('kind and listKind may not be the same; shortNames are DNS labels', () => {
    const crd = widgetCrd();
    crd.spec.names.listKind = 'Widget';
    crd.spec.names.shortNames = ['wd', 'W'];
    assert.deepEqual(texts(validateCrdSpec(crd)), [
      `spec.names.shortNames[1]: Invalid value: "W": ${DNS1035}`,
      'spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same',
    ]);
  });

  it('names are required', () => {
    const crd = widgetCrd();
    crd.spec.names = {};
    crd.metadata.name = '.example.com';
    assert.deepEqual(
      texts(validateCrdSpec(crd)).filter((t) => t.startsWith('spec.names')),
      ['spec.names.plural: Required value', 'spec.names.singular: Required value', 'spec.names.kind: Required value', 'spec.names.listKind: Required value'],
    );
  });
});

describe('validateCrdSpec: scope and versions', () => {
  it('scope must be Namespaced or Cluster', () => {
    const crd = widgetCrd();
    crd.spec.scope = 'Global';
    assert.deepEqual(validateCrdSpec(crd), [{ type: 'NotSupported', field: 'spec.scope', value: 'Global', supported: ['Cluster', 'Namespaced'] }]);
    assert.deepEqual(texts(validateCrdSpec(crd)), ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"']);
    delete crd.spec.scope;
    assert.deepEqual(texts(validateCrdSpec(crd)), ['spec.scope: Required value']);
  });

  it('exactly one version must be the storage version', () => {
    const none = widgetCrd();
    none.spec.versions[0].storage = false;
    const errs = validateCrdSpec(none);
    assert.equal(errs.length, 1);
    assert.equal(errs[0].type, 'Invalid');
    assert.equal(errs[0].field, 'spec.versions');
    assert.equal(errs[0].detail, 'must have exactly one version marked as storage version');

    const two = widgetCrd();
    two.spec.versions.push({ ...structuredClone(two.spec.versions[0]), name: 'v2' });
    assert.deepEqual(
      validateCrdSpec(two).map((e) => [e.field, e.detail]),
      [['spec.versions', 'must have exactly one version marked as storage version']],
    );

    const empty = widgetCrd();
    empty.spec.versions = [];
    assert.deepEqual(validateCrdSpec(empty), [
      { type: 'Invalid', field: 'spec.versions', value: [], detail: 'must have exactly one version marked as storage version' },
    ]);
  });

  it('version names are unique DNS labels', () => {
    const crd = widgetCrd();
    crd.spec.versions.push({ ...structuredClone(crd.spec.versions[0]), storage: false });
    crd.spec.versions.push({ ...structuredClone(crd.spec.versions[0]), name: 'V3', storage: false });
    assert.deepEqual(
      validateCrdSpec(crd).map((e) => [e.field, e.detail]),
      [
        ['spec.versions[2].name', DNS1035],
        ['spec.versions', 'must contain unique version names'],
      ],
    );
  });

  it('at least one version must be served', () => {
    const crd = widgetCrd();
    crd.spec.versions[0].served = false;
    assert.deepEqual(
      validateCrdSpec(crd).map((e) => [e.field, e.detail]),
      [['spec.versions', 'must have at least one version marked as served']],
    );
  });

  it('every version needs a schema', () => {
    const crd = widgetCrd();
    delete crd.spec.versions[0].schema;
    assert.deepEqual(texts(validateCrdSpec(crd)), ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required']);
  });
});

describe('validateCrdSpec: structural schemas', () => {
  it('a property without a type is Required at <path>.properties[name].type', () => {
    const crd = widgetCrd();
    schemaOf(crd).properties = { spec: { properties: { size: { type: 'integer' } } } };
    const errs = validateCrdSpec(crd);
    assert.deepEqual(errs, [
      { type: 'Required', field: 'spec.versions[0].schema.openAPIV3Schema.properties[spec].type', detail: 'must not be empty for specified object fields' },
    ]);
    assert.deepEqual(texts(errs), [
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
    ]);
  });

  it('array items and the root need a type too', () => {
    const crd = widgetCrd();
    crd.spec.versions[0].schema = { openAPIV3Schema: { properties: { list: { type: 'array', items: {} } } } };
    assert.deepEqual(texts(validateCrdSpec(crd)), [
      'spec.versions[0].schema.openAPIV3Schema.properties[list].items.type: Required value: must not be empty for specified array items',
      'spec.versions[0].schema.openAPIV3Schema.type: Required value: must not be empty at the root',
    ]);
  });

  it('an array without items is not structural', () => {
    const crd = widgetCrd();
    schemaOf(crd).properties = { list: { type: 'array' } };
    assert.deepEqual(texts(validateCrdSpec(crd)), ['spec.versions[0].schema.openAPIV3Schema.properties[list].items: Required value: must be specified']);
  });

  it('preserve-unknown-fields and int-or-string nodes need no type', () => {
    const crd = widgetCrd();
    schemaOf(crd).properties = {
      spec: { type: 'object', properties: { raw: { 'x-kubernetes-preserve-unknown-fields': true }, port: { 'x-kubernetes-int-or-string': true } } },
    };
    assert.deepEqual(validateCrdSpec(crd), []);
  });

  it('the int-or-string anyOf pattern is allowed, other typed anyOf branches are not', () => {
    const crd = widgetCrd();
    schemaOf(crd).properties = {
      port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
      bad: { type: 'string', anyOf: [{ type: 'string', description: 'x' }] },
    };
    assert.deepEqual(texts(validateCrdSpec(crd)), [
      'spec.versions[0].schema.openAPIV3Schema.properties[bad].anyOf[0].description: Forbidden: must be empty to be structural',
      'spec.versions[0].schema.openAPIV3Schema.properties[bad].anyOf[0].type: Forbidden: must be empty to be structural',
    ]);
  });

  it('the root must be an object', () => {
    const crd = widgetCrd();
    crd.spec.versions[0].schema = { openAPIV3Schema: { type: 'string' } };
    assert.deepEqual(texts(validateCrdSpec(crd)), ['spec.versions[0].schema.openAPIV3Schema.type: Invalid value: "string": must be object at the root']);
  });

  it('additionalProperties and properties are mutually exclusive', () => {
    const crd = widgetCrd();
    schemaOf(crd).properties = {
      spec: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } },
    };
    assert.deepEqual(texts(validateCrdSpec(crd)), [
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive',
    ]);
  });

  it('$ref is not supported', () => {
    const crd = widgetCrd();
    schemaOf(crd).properties = { spec: { type: 'object', $ref: '#/definitions/Spec' } };
    assert.deepEqual(texts(validateCrdSpec(crd)), ['spec.versions[0].schema.openAPIV3Schema.properties[spec].$ref: Forbidden: $ref is not supported']);
  });

  it('uniqueItems is forbidden, unknown types are not supported', () => {
    const crd = widgetCrd();
    schemaOf(crd).properties = { l: { type: 'array', items: { type: 'string' }, uniqueItems: true }, d: { type: 'dict' } };
    assert.deepEqual(texts(validateCrdSpec(crd)), [
      'spec.versions[0].schema.openAPIV3Schema.properties[l].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      'spec.versions[0].schema.openAPIV3Schema.properties[d].type: Unsupported value: "dict": supported values: "array", "boolean", "integer", "number", "object", "string"',
    ]);
  });

  it('additionalProperties at the root is forbidden', () => {
    const crd = widgetCrd();
    crd.spec.versions[0].schema = { openAPIV3Schema: { type: 'object', additionalProperties: { type: 'string' } } };
    assert.deepEqual(texts(validateCrdSpec(crd)), ['spec.versions[0].schema.openAPIV3Schema.additionalProperties: Forbidden: must not be used at the root']);
  });

  it('root metadata may only restrict name and generateName', () => {
    const ok = widgetCrd();
    schemaOf(ok).properties = { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } } };
    assert.deepEqual(validateCrdSpec(ok), []);

    const bad = widgetCrd();
    schemaOf(bad).properties = { metadata: { type: 'object', properties: { labels: { type: 'object' } } } };
    assert.deepEqual(texts(validateCrdSpec(bad)), [
      'spec.versions[0].schema.openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
    ]);
  });

  it('list-type map needs keys that are item properties', () => {
    const crd = widgetCrd();
    schemaOf(crd).properties = {
      ports: { type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object', properties: { name: { type: 'string' } } } },
      hosts: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['host'],
        items: { type: 'object', properties: { name: { type: 'string' } } },
      },
      odd: { type: 'array', 'x-kubernetes-list-type': 'bag', items: { type: 'string' } },
    };
    assert.deepEqual(texts(validateCrdSpec(crd)), [
      'spec.versions[0].schema.openAPIV3Schema.properties[ports].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map',
      'spec.versions[0].schema.openAPIV3Schema.properties[hosts].x-kubernetes-list-map-keys: Invalid value: ["host"]: entries must all be names of item properties',
      'spec.versions[0].schema.openAPIV3Schema.properties[odd].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"',
    ]);
  });

  it('patterns must compile', () => {
    const crd = widgetCrd();
    schemaOf(crd).properties = { name: { type: 'string', pattern: '([a-z' } };
    const errs = validateCrdSpec(crd);
    assert.equal(errs.length, 1);
    assert.equal(errs[0].field, 'spec.versions[0].schema.openAPIV3Schema.properties[name].pattern');
    assert.match(errs[0].detail ?? '', /^must be a valid regular expression, but isn't: /);
  });

  it('defaults must validate against their own schema', () => {
    const crd = widgetCrd();
    schemaOf(crd).properties = {
      spec: {
        type: 'object',
        properties: {
          size: { type: 'integer', minimum: 1, default: 0 },
          mode: { type: 'string', enum: ['A', 'B'], default: 'A' },
          cfg: { type: 'object', properties: { a: { type: 'string' } }, default: { a: 'x', extra: 1 } },
        },
      },
    };
    assert.deepEqual(texts(validateCrdSpec(crd)), [
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[size].default: Invalid value: 0:  in body should be greater than or equal to 1',
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[cfg].default: Invalid value: {"a":"x","extra":1}: must not have unknown fields',
    ]);
  });
});

describe('validateCrdSpec: printer columns and conversion', () => {
  it('columns need a name, a known type and a json path starting with a dot', () => {
    const crd = widgetCrd();
    crd.spec.versions[0].additionalPrinterColumns = [
      { type: 'float', jsonPath: 'spec.size' },
      { name: 'Age', jsonPath: '.metadata.creationTimestamp', format: 'time' },
    ];
    assert.deepEqual(texts(validateCrdSpec(crd)), [
      'spec.versions[0].additionalPrinterColumns[0].name: Required value',
      'spec.versions[0].additionalPrinterColumns[0].type: Unsupported value: "float": supported values: "boolean", "date", "integer", "number", "string"',
      'spec.versions[0].additionalPrinterColumns[0].jsonPath: Invalid value: "spec.size": must be a simple json path starting with .',
      'spec.versions[0].additionalPrinterColumns[1].type: Required value: must be one of boolean,date,integer,number,string',
      'spec.versions[0].additionalPrinterColumns[1].format: Unsupported value: "time": supported values: "byte", "date", "date-time", "double", "float", "int32", "int64", "password"',
    ]);
  });

  it('spec.preserveUnknownFields may not be true in v1', () => {
    const crd = widgetCrd();
    crd.spec.preserveUnknownFields = true;
    assert.deepEqual(texts(validateCrdSpec(crd)), [
      'spec.preserveUnknownFields: Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
    ]);
    crd.spec.preserveUnknownFields = false;
    assert.deepEqual(validateCrdSpec(crd), []);
  });

  it('conversion strategy must be None or Webhook', () => {
    const crd = widgetCrd();
    crd.spec.conversion = { strategy: 'Magic' };
    assert.deepEqual(texts(validateCrdSpec(crd)), ['spec.conversion.strategy: Unsupported value: "Magic": supported values: "None", "Webhook"']);
  });
});

describe('defaultCrdSpec', () => {
  it('fills singular, listKind and conversion', () => {
    const crd = widgetCrd();
    delete crd.spec.names.singular;
    delete crd.spec.names.listKind;
    defaultCrdSpec(crd);
    assert.equal(crd.spec.names.singular, 'widget');
    assert.equal(crd.spec.names.listKind, 'WidgetList');
    assert.deepEqual(crd.spec.conversion, { strategy: 'None' });
    assert.deepEqual(
      crd.spec.versions[0].additionalPrinterColumns,
      [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
      'priority stays unset, as kube-apiserver serialises it',
    );
    assert.deepEqual(validateCrdSpec(crd), []);
  });

  it('keeps values that are set', () => {
    const crd = widgetCrd();
    crd.spec.names.singular = 'wdgt';
    crd.spec.conversion = { strategy: 'Webhook', webhook: { clientConfig: { service: { name: 's', namespace: 'n' } }, conversionReviewVersions: ['v1'] } };
    crd.spec.versions[0].additionalPrinterColumns = [{ name: 'Size', type: 'integer', jsonPath: '.spec.size', priority: 1 }];
    defaultCrdSpec(crd);
    assert.equal(crd.spec.names.singular, 'wdgt');
    assert.deepEqual(crd.spec.conversion, {
      strategy: 'Webhook',
      webhook: { clientConfig: { service: { name: 's', namespace: 'n', port: 443 } }, conversionReviewVersions: ['v1'] },
    });
    assert.equal((crd.spec.versions[0].additionalPrinterColumns as { priority: number }[])[0].priority, 1);
  });

  it('tolerates a malformed spec', () => {
    const crd: { metadata?: { name?: string }; spec?: unknown } = { spec: 'nonsense' };
    defaultCrdSpec(crd);
    assert.equal(crd.spec, 'nonsense');
    assert.ok(validateCrdSpec(crd).some((e) => e.field === 'spec' && e.type === 'Required'));
  });
});
