// YAML request bodies (`application/yaml`, and `application/apply-patch+yaml` for server-side
// apply), read as kubectl and the apiserver read them: YAML 1.1 scalars (`on`, `yes`, `0755`),
// dates kept as strings, one document, a key given twice refused (a body that is JSON is read as
// JSON, where the last one wins, as upstream's non-strict decoding). Unlike the apiserver, a tag
// this reader cannot resolve (`password: !vault s3cr3t`) is an error, never a silent string
// (Lifeboat's decision, issue 13).
//
// Every failure is a YamlError whose text names the line and what is wrong. It is meant for the
// client that sent the body and never quotes the body's lines; the parser itself is told to log
// nothing, so no warning about a body ever reaches the hub's output.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type ParsedNode } from 'yaml';
import { MAX_JSON_DEPTH, jsonTextTooDeep, jsonTooDeep } from '../../util/json-depth.js';

export class YamlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlError';
  }
}

const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';

function parse(text: string, lineCounter: LineCounter): Document.Parsed {
  return parseDocument(text, {
    version: '1.1',
    // Checked below in one pass; the parser's own check compares every key with every other.
    uniqueKeys: false,
    logLevel: 'silent',
    prettyErrors: false,
    lineCounter,
    // kubectl (sigs.k8s.io/yaml) leaves dates as the strings they are.
    customTags: (tags) => tags.filter((t) => (typeof t === 'object' ? t.tag !== TIMESTAMP_TAG : true)),
  });
}

function tooDeep(): YamlError {
  return new YamlError(`yaml: exceeded max depth of ${MAX_JSON_DEPTH}`);
}

/** The YAML parser recurses per level and gives up some way below the limit (800–900 levels). */
function tooDeepForParser(): YamlError {
  return new YamlError('yaml: exceeded max depth: the document nests deeper than YAML is read here; send it as JSON');
}

/** The parser's own description of a failure, without anything after its first line. */
function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0];
}

/** Walks the parsed nodes without recursion: nesting within the limit, no key twice in a map. */
function checkNodes(root: ParsedNode | null, lineOf: (offset: number) => number): void {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (isPair(node)) {
      stack.push([node.key, depth], [node.value, depth]);
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    const inner = depth + 1;
    if (inner > MAX_JSON_DEPTH) throw tooDeep();
    const seen = new Set<string>();
    for (const item of node.items as unknown[]) {
      stack.push([item, inner]);
      if (!isMap(node) || !isPair(item) || !isScalar(item.key)) continue;
      const key = item.key.value;
      // YAML 1.1 merge keys may repeat.
      if (key === '<<') continue;
      const id = `${typeof key}:${String(key)}`;
      if (seen.has(id)) {
        const offset = item.key.range?.[0] ?? 0;
        throw new YamlError(`yaml: unmarshal errors:\n  line ${lineOf(offset)}: key ${JSON.stringify(String(key))} already set in map`);
      }
      seen.add(id);
    }
  }
}

/** `!!binary` values become the strings Go would hold; everything else is plain JSON already. */
function binaryToStrings(root: unknown): unknown {
  const asString = (v: unknown): unknown => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v);
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    const obj = v as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      obj[k] = asString(obj[k]);
      stack.push(obj[k]);
    }
  }
  return asString(root);
}

/**
 * JSON is YAML, and what kubectl sends as YAML (server-side apply) is JSON: read as JSON it keeps
 * its meaning, takes a fraction of the time and is not cut short by the YAML parser's own
 * recursion. undefined when the text is not JSON.
 */
function decodeAsJson(text: string): unknown {
  if (!/^\s*[{[]/.test(text)) return undefined;
  if (jsonTextTooDeep(text)) throw tooDeep();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Decodes one YAML document into plain JSON values; throws YamlError. */
export function decodeYaml(text: string): unknown {
  const json = decodeAsJson(text);
  if (json !== undefined) return json;
  const lineCounter = new LineCounter();
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  let doc: Document.Parsed;
  try {
    doc = parse(text, lineCounter);
  } catch (err) {
    throw err instanceof RangeError ? tooDeepForParser() : new YamlError(`yaml: ${describe(err)}`);
  }
  const error = doc.errors[0];
  if (error) {
    if (/call stack/i.test(error.message)) throw tooDeepForParser();
    throw new YamlError(`yaml: line ${lineOf(error.pos[0])}: ${describe(error)}`);
  }
  const unresolved = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (unresolved) throw new YamlError(`yaml: line ${lineOf(unresolved.pos[0])}: ${describe(unresolved)}`);
  checkNodes(doc.contents, lineOf);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // Aliases can nest what the node walk saw as shallow.
    throw err instanceof RangeError ? tooDeepForParser() : new YamlError(`yaml: ${describe(err)}`);
  }
  if (jsonTooDeep(value)) throw tooDeep();
  return binaryToStrings(value);
}
