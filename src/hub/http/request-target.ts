// The request line as Go's net/http reads it for kube-apiserver (url.ParseRequestURI, then
// URL.Query()): before any handler, and so before authentication. A path is percent-decoded
// once and never normalised: `..` and `%2e%2e` stay names, which the handlers then refuse; a bad
// escape is the bare `400 Bad Request` Go answers. Keeping to Go's rules here means no request
// can address something other than what its path names.

/** A request Go's server refuses before routing: answered with a bare text 400 and closed. */
export class MalformedRequest extends Error {
  constructor(readonly detail?: string) {
    super(detail ? `Bad Request: ${detail}` : 'Bad Request');
    this.name = 'MalformedRequest';
  }
}

export interface ParsedTarget {
  /** The decoded path, exactly as sent: no dot segments resolved, no slashes merged. */
  path: string;
  /** Query values as Go's URL.Query() keeps them (malformed pairs dropped). */
  query: URLSearchParams;
}

const HEX = /^[0-9A-Fa-f]{2}$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const LENIENT_UTF8 = new TextDecoder('utf-8');

/** Percent-decoding as Go's url.unescape; undefined on a malformed escape. */
function unescapeBytes(s: string, plusIsSpace: boolean): Buffer | undefined {
  const out = Buffer.allocUnsafe(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const hex = s.slice(i + 1, i + 3);
      if (!HEX.test(hex)) return undefined;
      out[n++] = parseInt(hex, 16);
      i += 2;
    } else if (c === 0x2b && plusIsSpace) out[n++] = 0x20;
    else if (c > 0xff) return undefined;
    else out[n++] = c;
  }
  return out.subarray(0, n);
}

/**
 * Go's url.ParseQuery as URL.Query() uses it: `&` separates pairs, a pair holding `;` or a
 * malformed escape is dropped (not an error for the request), `+` is a space, an empty pair is
 * skipped.
 */
export function parseGoQuery(raw: string): URLSearchParams {
  const out = new URLSearchParams();
  for (const pair of raw.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    const key = unescapeBytes(eq < 0 ? pair : pair.slice(0, eq), true);
    const value = unescapeBytes(eq < 0 ? '' : pair.slice(eq + 1), true);
    if (!key || !value) continue;
    out.append(LENIENT_UTF8.decode(key), LENIENT_UTF8.decode(value));
  }
  return out;
}

/** Go's parseHost check of an absolute-form URI's authority (userinfo dropped). */
function checkAuthority(authority: string): void {
  const at = authority.lastIndexOf('@');
  const host = at < 0 ? authority : authority.slice(at + 1);
  if (at >= 0 && !/^[A-Za-z0-9\-._~!$&'()*+,;=:%]*$/.test(authority.slice(0, at))) throw new MalformedRequest();
  let port = '';
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) throw new MalformedRequest();
    port = host.slice(close + 1);
    if (port !== '' && !port.startsWith(':')) throw new MalformedRequest();
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) port = host.slice(colon);
    if (!unescapeBytes(colon >= 0 ? host.slice(0, colon) : host, false)) throw new MalformedRequest();
  }
  // Go checks only that a port is digits, not its range (`:99999` is accepted and ignored).
  if (port !== '' && !/^:[0-9]*$/.test(port)) throw new MalformedRequest();
}

/**
 * Reads a request-target (origin form `/p?q`, absolute form `https://h/p?q`, or `*`) into its
 * decoded path and query. Throws MalformedRequest where Go's server answers 400 on its own.
 */
export function parseRequestTarget(raw: string): ParsedTarget {
  if (raw === '' || /[\x00-\x1f\x7f]/.test(raw)) throw new MalformedRequest();
  const q = raw.indexOf('?');
  let rest = q < 0 ? raw : raw.slice(0, q);
  const rawQuery = q < 0 ? '' : raw.slice(q + 1);
  if (!rest.startsWith('/') && rest !== '*') {
    const scheme = SCHEME.exec(rest);
    if (!scheme) throw new MalformedRequest();
    rest = rest.slice(scheme[0].length);
    if (rest.startsWith('//')) {
      const slash = rest.indexOf('/', 2);
      checkAuthority(rest.slice(2, slash < 0 ? undefined : slash));
      rest = slash < 0 ? '' : rest.slice(slash);
    } else if (!rest.startsWith('/')) {
      // An opaque URI (`http:x`) has no path.
      rest = '';
    }
  }
  const bytes = unescapeBytes(rest, false);
  if (!bytes) throw new MalformedRequest();
  let path: string;
  try {
    path = STRICT_UTF8.decode(bytes);
  } catch {
    // Go would carry the raw bytes on; a JavaScript string cannot, and decoding them leniently
    // would make different paths name the same object. Refused like a malformed escape.
    throw new MalformedRequest();
  }
  return { path, query: parseGoQuery(rawQuery) };
}

/**
 * Go's checks of the Host header (net/http readRequest): at most one, of the bytes a host and
 * port may hold. Its value is never used; Node has already refused an HTTP/1.1 request without one.
 */
export function checkHostHeader(hosts: string[] | undefined): void {
  if (!hosts || hosts.length === 0) return;
  if (hosts.length > 1) throw new MalformedRequest('too many Host headers');
  if (!/^[A-Za-z0-9!$%&'()*+,\-.:;=[\]_~]*$/.test(hosts[0])) throw new MalformedRequest('malformed Host header');
}
