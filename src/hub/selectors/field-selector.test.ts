import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.js';
import { checkFieldLabels, fieldLabelsFor, matchesFields, parseFieldSelector, selectableFieldsLookup } from './field-selector.js';

function badRequest(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 400);
    assert.equal(e.reason, 'BadRequest');
    assert.equal(e.message, message);
    return true;
  });
}

describe('parseFieldSelector', () => {
  it('parses =, == and !=', () => {
    assert.deepEqual(parseFieldSelector('metadata.name=foo'), [{ field: 'metadata.name', operator: '=', value: 'foo' }]);
    assert.deepEqual(parseFieldSelector('metadata.name==foo'), [{ field: 'metadata.name', operator: '==', value: 'foo' }]);
    assert.deepEqual(parseFieldSelector('metadata.name!=foo'), [{ field: 'metadata.name', operator: '!=', value: 'foo' }]);
  });

  it('joins terms with commas, sorted like upstream, skipping empty terms', () => {
    assert.deepEqual(parseFieldSelector('type=Warning,reason=Failed,'), [
      { field: 'reason', operator: '=', value: 'Failed' },
      { field: 'type', operator: '=', value: 'Warning' },
    ]);
    assert.deepEqual(parseFieldSelector(''), []);
  });

  it('allows empty values', () => {
    assert.deepEqual(parseFieldSelector('spec.nodeName='), [{ field: 'spec.nodeName', operator: '=', value: '' }]);
  });

  it('unescapes \\, \\= and \\\\ in values', () => {
    assert.deepEqual(parseFieldSelector('metadata.name=a\\,b\\=c\\\\d,type=x'), [
      { field: 'metadata.name', operator: '=', value: 'a,b=c\\d' },
      { field: 'type', operator: '=', value: 'x' },
    ]);
  });

  it('accepts a selector decoded from a form-encoded query string', () => {
    const q = new URLSearchParams('fieldSelector=involvedObject.name%3Dw1%2CinvolvedObject.kind%21%3DPod%2Creason%3Da%5C%2Cb');
    assert.deepEqual(parseFieldSelector(q.get('fieldSelector') ?? ''), [
      { field: 'involvedObject.kind', operator: '!=', value: 'Pod' },
      { field: 'involvedObject.name', operator: '=', value: 'w1' },
      { field: 'reason', operator: '=', value: 'a,b' },
    ]);
  });

  it('rejects malformed input with upstream wording', () => {
    badRequest(() => parseFieldSelector('abc'), "invalid selector: 'abc'; can't understand 'abc'");
    badRequest(() => parseFieldSelector('a=b,abc'), "invalid selector: 'a=b,abc'; can't understand 'abc'");
    // Upstream prints the offending rune with %v, i.e. as its code point.
    badRequest(() => parseFieldSelector('a=b=c'), 'invalid field selector: unescaped character in value: 61');
    badRequest(() => parseFieldSelector('a!==b'), 'invalid field selector: unescaped character in value: 61');
    badRequest(() => parseFieldSelector('a=b\\x'), 'invalid field selector: invalid escape sequence: \\x');
    badRequest(() => parseFieldSelector('a=b\\'), 'invalid field selector: invalid escape sequence: \\');
  });
});

describe('matchesFields', () => {
  const fields: Record<string, string> = { 'metadata.name': 'w1', type: 'Warning' };
  const lookup = (f: string) => fields[f];

  it('compares values, with missing fields reading as ""', () => {
    assert.equal(matchesFields(parseFieldSelector('metadata.name=w1'), lookup), true);
    assert.equal(matchesFields(parseFieldSelector('metadata.name==w2'), lookup), false);
    assert.equal(matchesFields(parseFieldSelector('metadata.name!=w2'), lookup), true);
    assert.equal(matchesFields(parseFieldSelector('metadata.name!=w1'), lookup), false);
    assert.equal(matchesFields(parseFieldSelector('reason='), lookup), true);
    assert.equal(matchesFields(parseFieldSelector('reason!=x'), lookup), true);
    assert.equal(matchesFields(parseFieldSelector('metadata.name=w1,type=Normal'), lookup), false);
    assert.equal(matchesFields([], lookup), true);
  });

  it('matches escaped values literally', () => {
    assert.equal(
      matchesFields(parseFieldSelector('metadata.name=a\\,b'), () => 'a,b'),
      true,
    );
  });
});

describe('checkFieldLabels', () => {
  it('accepts supported labels', () => {
    checkFieldLabels(parseFieldSelector('metadata.name=a,type=Opaque'), fieldLabelsFor('', 'Secret').names, 'secrets');
  });

  it('rejects unsupported labels with the message of the kind', () => {
    badRequest(() => checkFieldLabels(parseFieldSelector('spec.x=1'), fieldLabelsFor('', 'Secret').names, 'secrets'), 'field label not supported: spec.x');
    badRequest(() => checkFieldLabels(parseFieldSelector('x=y'), selectableFieldsLookup([]).names, 'widgets'), 'field label not supported: x');
    // Built-ins without their own conversion func answer with apimachinery's default wording.
    badRequest(
      () => checkFieldLabels(parseFieldSelector('data.x=1'), fieldLabelsFor('', 'ConfigMap').names, 'configmaps'),
      '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });

  it('reports the first unsupported label in sorted term order', () => {
    badRequest(() => checkFieldLabels(parseFieldSelector('zz=1,aa=2'), fieldLabelsFor('', 'Secret').names, 'secrets'), 'field label not supported: aa');
  });
});

describe('fieldLabelsFor', () => {
  const event = {
    metadata: { name: 'w1.17a', namespace: 'default' },
    involvedObject: { kind: 'Widget', namespace: 'default', name: 'w1', uid: 'u-1', apiVersion: 'example.com/v1', resourceVersion: '7', fieldPath: 'spec' },
    reason: 'Synced',
    type: 'Normal',
    reportingComponent: 'lifeboat-controller',
  };

  it('gives every kind metadata.name and metadata.namespace', () => {
    const cm = fieldLabelsFor('', 'ConfigMap');
    assert.deepEqual([...cm.names].sort(), ['metadata.name', 'metadata.namespace']);
    assert.equal(cm.lookup({ metadata: { name: 'c', namespace: 'ns' } }, 'metadata.namespace'), 'ns');
    assert.equal(cm.lookup({ metadata: { name: 'c' } }, 'data.x'), undefined);
    assert.deepEqual([...fieldLabelsFor('', 'PersistentVolumeClaim').names].sort(), ['metadata.name', 'metadata.namespace']);
    assert.deepEqual([...fieldLabelsFor('example.com', 'Widget').names].sort(), ['metadata.name', 'metadata.namespace']);
  });

  it('supports the core Event fields', () => {
    const f = fieldLabelsFor('', 'Event');
    for (const name of [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
      'metadata.name',
      'metadata.namespace',
    ]) {
      assert.ok(f.names.has(name), name);
    }
    assert.equal(f.lookup(event, 'involvedObject.kind'), 'Widget');
    assert.equal(f.lookup(event, 'involvedObject.uid'), 'u-1');
    assert.equal(f.lookup(event, 'involvedObject.resourceVersion'), '7');
    assert.equal(f.lookup(event, 'reason'), 'Synced');
    assert.equal(f.lookup(event, 'type'), 'Normal');
    // No source.component: the reporting component stands in, as upstream does.
    assert.equal(f.lookup(event, 'source'), 'lifeboat-controller');
    assert.equal(f.lookup({ ...event, source: { component: 'kubelet' } }, 'source'), 'kubelet');
    assert.ok(
      matchesFields(parseFieldSelector('involvedObject.name=w1,involvedObject.kind=Widget,involvedObject.uid=u-1,involvedObject.namespace=default'), (x) =>
        f.lookup(event, x),
      ),
    );
  });

  it('supports events.k8s.io Event fields under their own names, on either shape', () => {
    const f = fieldLabelsFor('events.k8s.io', 'Event');
    assert.ok(f.names.has('regarding.kind'));
    assert.ok(f.names.has('reportingController'));
    assert.ok(!f.names.has('involvedObject.kind'));
    assert.ok(!f.names.has('note'));
    const v1 = { metadata: event.metadata, regarding: event.involvedObject, reportingController: 'ctl', reason: 'Synced', type: 'Normal', note: 'x' };
    assert.equal(f.lookup(v1, 'regarding.name'), 'w1');
    assert.equal(f.lookup(v1, 'reportingController'), 'ctl');
    assert.equal(f.lookup(event, 'regarding.name'), 'w1', 'stored core shape');
    assert.equal(f.lookup(event, 'reportingController'), 'lifeboat-controller');
  });

  it('supports Namespace status.phase but not metadata.namespace', () => {
    const f = fieldLabelsFor('', 'Namespace');
    assert.deepEqual([...f.names].sort(), ['metadata.name', 'status.phase']);
    assert.equal(f.lookup({ metadata: { name: 'a' }, status: { phase: 'Terminating' } }, 'status.phase'), 'Terminating');
  });

  it('supports Secret type and Job status.successful', () => {
    assert.equal(fieldLabelsFor('', 'Secret').lookup({ type: 'kubernetes.io/tls' }, 'type'), 'kubernetes.io/tls');
    const job = fieldLabelsFor('batch', 'Job');
    assert.ok(job.names.has('status.successful'));
    assert.equal(job.lookup({ status: { succeeded: 3 } }, 'status.successful'), '3');
    assert.equal(job.lookup({ status: {} }, 'status.successful'), '0');
  });

  it('supports Pod fields', () => {
    const f = fieldLabelsFor('', 'Pod');
    const pod = { spec: { nodeName: 'n1', hostNetwork: true }, status: { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }] } };
    assert.equal(f.lookup(pod, 'spec.nodeName'), 'n1');
    assert.equal(f.lookup(pod, 'spec.hostNetwork'), 'true');
    assert.equal(f.lookup({}, 'spec.hostNetwork'), 'false');
    assert.equal(f.lookup(pod, 'status.podIP'), '10.0.0.5');
    assert.equal(f.lookup(pod, 'status.phase'), 'Running');
  });
});

describe('selectableFieldsLookup', () => {
  const widget = { metadata: { name: 'w1', namespace: 'ns' }, spec: { color: 'blue', size: 7, enabled: true, nested: { a: 1 } } };

  it('turns jsonPaths into field labels and reads them', () => {
    const f = selectableFieldsLookup(['.spec.color', '.spec.size', '.spec.enabled']);
    assert.deepEqual([...f.names].sort(), ['metadata.name', 'metadata.namespace', 'spec.color', 'spec.enabled', 'spec.size']);
    assert.equal(f.lookup(widget, 'spec.color'), 'blue');
    assert.equal(f.lookup(widget, 'spec.size'), '7');
    assert.equal(f.lookup(widget, 'spec.enabled'), 'true');
    assert.equal(f.lookup({ spec: {} }, 'spec.color'), undefined);
    assert.equal(f.lookup(widget, 'metadata.name'), 'w1');
    const sel = parseFieldSelector('spec.color=blue,spec.size!=3');
    checkFieldLabels(sel, f.names, 'widgets');
    assert.equal(
      matchesFields(sel, (x) => f.lookup(widget, x)),
      true,
    );
  });

  it('leaves metadata.namespace out for cluster-scoped resources', () => {
    assert.deepEqual([...selectableFieldsLookup(['.spec.color'], { namespaced: false }).names].sort(), ['metadata.name', 'spec.color']);
  });
});
