// RFC 6902 JSON patch (`application/json-patch+json`), as sent by `kubectl patch --type=json`.
//
// Error codes follow the apiserver's split (apiserver handlers/patch.go):
//   - a document that is not a well-formed patch is 400 BadRequest. Upstream only checks the
//     JSON shape up front and finds unknown ops or a missing path/value while applying (so it
//     answers 422 for those); we check every op before touching the target and answer 400,
//     which names the mistake and is what the request really is: malformed.
//   - more than 10000 operations is 413, as upstream (maxJSONPatchOperations).
//   - a well-formed patch that cannot be applied to this object (failed `test`, missing path,
//     index out of range) is 422 Invalid with upstream's message
//     "the server rejected our request due to an error in our request". Upstream drops the
//     reason; we append it after a colon so the user can see which operation failed.

import { ApiError, badRequest } from '../errors.js';
import { cloneJson, describeJson, getOwn, hasOwn, isJsonObject, jsonEqual, setOwn } from '../../util/json.js';

type JsonPatchOp =
  | { op: 'add' | 'replace' | 'test'; path: string[]; rawPath: string; value: unknown }
  | { op: 'remove'; path: string[]; rawPath: string }
  | { op: 'move' | 'copy'; path: string[]; rawPath: string; from: string[]; rawFrom: string };

const MAX_OPERATIONS = 10000;

export const PATCH_REJECTED = 'the server rejected our request due to an error in our request';

function rejected(detail: string): ApiError {
  return new ApiError(422, 'Invalid', `${PATCH_REJECTED}: ${detail}`);
}

/** Parses an RFC 6901 pointer into unescaped reference tokens. */
function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const tokens: string[] = [];
  for (const raw of pointer.slice(1).split('/')) {
    // Only ~0 and ~1 are escapes; any other use of '~' makes the pointer invalid.
    if (/~(?![01])/.test(raw)) return undefined;
    tokens.push(raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return tokens;
}

function pointerField(op: Record<string, unknown>, index: number, field: 'path' | 'from'): { tokens: string[]; raw: string } {
  if (!hasOwn(op, field)) throw badRequest(`json patch operation ${index} (${String(op.op)}): missing "${field}" field`);
  const raw = op[field];
  if (typeof raw !== 'string') throw badRequest(`json patch operation ${index} (${String(op.op)}): "${field}" must be a string, got ${describeJson(raw)}`);
  const tokens = parsePointer(raw);
  if (!tokens) throw badRequest(`json patch operation ${index} (${String(op.op)}): "${field}" is not a valid JSON pointer: ${JSON.stringify(raw)}`);
  return { tokens, raw };
}

/** Checks the whole document before anything is applied, so a bad op anywhere is a 400. */
function parseJsonPatch(ops: unknown): JsonPatchOp[] {
  if (!Array.isArray(ops)) {
    throw badRequest(`json patch must be a JSON array of operations, got ${ops === null ? 'null' : isJsonObject(ops) ? 'an object' : typeof ops}`);
  }
  if (ops.length > MAX_OPERATIONS) {
    throw new ApiError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${ops.length}`,
    );
  }
  return ops.map((entry: unknown, i): JsonPatchOp => {
    if (!isJsonObject(entry)) throw badRequest(`json patch operation ${i} must be an object, got ${describeJson(entry)}`);
    const op = getOwn(entry, 'op');
    if (op === undefined) throw badRequest(`json patch operation ${i}: missing "op" field`);
    if (typeof op !== 'string') throw badRequest(`json patch operation ${i}: "op" must be a string, got ${describeJson(op)}`);
    switch (op) {
      case 'add':
      case 'replace':
      case 'test': {
        const path = pointerField(entry, i, 'path');
        // `"value": null` is a legitimate value; only an absent member is an error.
        if (!hasOwn(entry, 'value')) throw badRequest(`json patch operation ${i} (${op}): missing "value" field`);
        return { op, path: path.tokens, rawPath: path.raw, value: entry.value };
      }
      case 'remove': {
        const path = pointerField(entry, i, 'path');
        return { op, path: path.tokens, rawPath: path.raw };
      }
      case 'move':
      case 'copy': {
        const path = pointerField(entry, i, 'path');
        const from = pointerField(entry, i, 'from');
        // RFC 6902 §4.4: a value cannot be moved into one of its own children.
        if (op === 'move' && from.tokens.length < path.tokens.length && from.tokens.every((t, k) => t === path.tokens[k])) {
          throw badRequest(`json patch operation ${i} (move): "from" ${JSON.stringify(from.raw)} is a proper prefix of "path" ${JSON.stringify(path.raw)}`);
        }
        return { op, path: path.tokens, rawPath: path.raw, from: from.tokens, rawFrom: from.raw };
      }
      default:
        throw badRequest(`json patch operation ${i}: unknown op ${describeJson(op)} (expected add, remove, replace, move, copy or test)`);
    }
  });
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

function arrayIndex(token: string, length: number, allowEnd: boolean, where: string): number {
  if (allowEnd && token === '-') return length;
  if (!ARRAY_INDEX.test(token)) throw rejected(`${where}: "${token}" is not a valid array index`);
  const index = Number(token);
  if (index > length || (!allowEnd && index === length)) throw rejected(`${where}: array index ${index} out of range (length ${length})`);
  return index;
}

function lookup(doc: unknown, tokens: string[], where: string): unknown {
  let cur = doc;
  for (const token of tokens) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(token, cur.length, false, where)];
    else if (isJsonObject(cur) && hasOwn(cur, token)) cur = cur[token];
    else throw rejected(`${where}: path does not exist`);
  }
  return cur;
}

function parentOf(doc: unknown, tokens: string[], where: string): unknown {
  const parent = lookup(doc, tokens.slice(0, -1), where);
  if (!Array.isArray(parent) && !isJsonObject(parent)) throw rejected(`${where}: parent is not an object or array`);
  return parent;
}

function add(doc: unknown, tokens: string[], value: unknown, where: string): unknown {
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, where);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true, where), 0, value);
  else setOwn(parent as Record<string, unknown>, last, value);
  return doc;
}

function remove(doc: unknown, tokens: string[], where: string): unknown {
  if (tokens.length === 0) throw rejected(`${where}: cannot remove the whole document`);
  const parent = parentOf(doc, tokens, where);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(last, parent.length, false, where), 1);
  } else {
    const obj = parent as Record<string, unknown>;
    if (!hasOwn(obj, last)) throw rejected(`${where}: path does not exist`);
    delete obj[last];
  }
  return doc;
}

function replace(doc: unknown, tokens: string[], value: unknown, where: string): unknown {
  if (tokens.length === 0) return value;
  lookup(doc, tokens, where);
  const parent = parentOf(doc, tokens, where);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent[arrayIndex(last, parent.length, false, where)] = value;
  else setOwn(parent as Record<string, unknown>, last, value);
  return doc;
}

/**
 * Applies an RFC 6902 patch. All-or-nothing: operations run on a private copy of `target`,
 * and any failure throws, so the caller never sees a half-applied document.
 */
export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  const parsed = parseJsonPatch(ops);
  let doc = cloneJson(target);
  parsed.forEach((op, i) => {
    const where = `operation ${i} (${op.op} ${JSON.stringify(op.rawPath)})`;
    switch (op.op) {
      case 'add':
        doc = add(doc, op.path, cloneJson(op.value), where);
        break;
      case 'remove':
        doc = remove(doc, op.path, where);
        break;
      case 'replace':
        doc = replace(doc, op.path, cloneJson(op.value), where);
        break;
      case 'test': {
        const actual = lookup(doc, op.path, where);
        if (!jsonEqual(actual, op.value)) {
          throw rejected(`${where}: test failed: value is ${describeJson(actual)}, expected ${describeJson(op.value)}`);
        }
        break;
      }
      case 'move': {
        const fromWhere = `operation ${i} (move from ${JSON.stringify(op.rawFrom)})`;
        const value = lookup(doc, op.from, fromWhere);
        if (op.rawFrom === op.rawPath) break;
        doc = remove(doc, op.from, fromWhere);
        doc = add(doc, op.path, value, where);
        break;
      }
      case 'copy': {
        const value = lookup(doc, op.from, `operation ${i} (copy from ${JSON.stringify(op.rawFrom)})`);
        doc = add(doc, op.path, cloneJson(value), where);
        break;
      }
    }
  });
  return doc;
}
