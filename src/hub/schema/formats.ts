// String formats as a CRD sees them. apiextensions first strips every format outside its
// supported list (so `int32` or `my-format` have no effect at all), then kube-openapi checks
// what remains with go-openapi's strfmt rules, reproduced here. Formats on the supported list
// that the hub does not check (isbn, creditcard, duration) are accepted.

import { isIP, isIPv4, isIPv6 } from 'node:net';

/** The supported list, in strfmt's normalized form (dashes removed). */
const SUPPORTED_FORMATS = new Set([
  'bsonobjectid',
  'uri',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'cidr',
  'mac',
  'uuid',
  'uuid3',
  'uuid4',
  'uuid5',
  'isbn',
  'isbn10',
  'isbn13',
  'creditcard',
  'ssn',
  'hexcolor',
  'rgbcolor',
  'byte',
  'password',
  'date',
  'duration',
  'datetime',
]);

function normalize(format: string): string {
  return format.replace(/-/g, '');
}

/** The format the validator acts on: the declared one, or '' when apiextensions strips it. */
export function effectiveFormat(format: unknown): string {
  if (typeof format !== 'string' || format === '') return '';
  return SUPPORTED_FORMATS.has(normalize(format)) ? format : '';
}

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

// strfmt.IsDateTime: the part after the first 't' is matched with `.` meaning any character,
// and the hour/minute/second limits are compared as strings, exactly as upstream does.
const TIME_PART = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;

function isDateTime(s: string): boolean {
  if (s.length < 4) return false;
  const parts = s.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0])) return false;
  const m = TIME_PART.exec(parts[1]);
  if (!m) return false;
  return m[1] <= '23' && m[2] <= '59' && m[3] <= '59';
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z0-9\p{S}\p{L}])(-?[a-zA-Z0-9\p{S}\p{L}]){1,62})$/u;
const MAC =
  /^(?:[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}|[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){7}|[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){19}|[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){2}|[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){3}|[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){9})$/;
const HEXCOLOR = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const RGB_PART = '\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*';
const RGBCOLOR = new RegExp(`^rgb\\(${RGB_PART},${RGB_PART},${RGB_PART}\\)$`);
const SSN = /^\d{3}[- ]?\d{2}[- ]?\d{4}$/;
const BSON_OBJECT_ID = /^[0-9a-fA-F]{24}$/;

function isHostname(s: string): boolean {
  if (!HOSTNAME.test(s) || s.length > 255) return false;
  return s.split('.').every((label) => Buffer.byteLength(label) <= 63);
}

// Go's net.ParseIP accepts IPv4-mapped IPv6 ("::ffff:1.2.3.4"), and govalidator only asks for a
// dot (ipv4) or a colon (ipv6) on top of it. Zones ("%eth0") are not IPs to Go.
function parsesAsIP(s: string): boolean {
  return !s.includes('%') && isIP(s) !== 0;
}

function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || ip.includes('%')) return false;
  if (isIPv4(ip)) return Number(bits) <= 32;
  if (isIPv6(ip)) return Number(bits) <= 128;
  return false;
}

const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-\\u0080-\\uffff]+";
const DOT_ATOM = `${ATEXT}(?:\\.${ATEXT})*`;
const QUOTED = '"(?:[^"\\\\\\r\\n]|\\\\.)*"';
const ADDR = `(?:${DOT_ATOM}|${QUOTED})@(?:${DOT_ATOM}|\\[[^\\[\\]\\\\]*\\])`;
const EMAIL = new RegExp(`^(?:${ADDR}|(?:${QUOTED}|[^<>"]*?)\\s*<${ADDR}>)$`);

// url.ParseRequestURI: an absolute URI (opaque ones too) or an absolute path; hosts may only use
// the characters Go allows there, ports are digits, and every '%' starts a valid escape.
function isRequestUri(s: string): boolean {
  if (/[\x00-\x1f\x7f]/.test(s)) return false;
  let rest = s;
  let scheme = '';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(s);
  if (m) {
    scheme = m[1];
    rest = s.slice(m[0].length);
  } else if (s.startsWith(':')) {
    return false;
  }
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) return scheme !== '';
  if (!/^(?:[^%]|%[0-9a-fA-F]{2})*$/.test(rest)) return false;
  if (scheme && rest.startsWith('//')) {
    const authority = rest.slice(2).split('/')[0];
    const host = authority.slice(authority.lastIndexOf('@') + 1);
    if (host.startsWith('[')) {
      const end = host.indexOf(']');
      if (end < 0) return false;
      const after = host.slice(end + 1);
      return after === '' || /^:\d*$/.test(after);
    }
    const colon = host.lastIndexOf(':');
    const name = colon >= 0 ? host.slice(0, colon) : host;
    if (colon >= 0 && !/^\d*$/.test(host.slice(colon + 1))) return false;
    return /^(?:[A-Za-z0-9\-._~!$&'()*+,;=\[\]<>"\u0080-\uffff]|%[0-9a-fA-F]{2})*$/.test(name);
  }
  return true;
}

const CHECKS: Record<string, (s: string) => boolean> = {
  datetime: isDateTime,
  date: isDate,
  byte: (s) => BASE64.test(s),
  uuid: (s) => UUID.test(s),
  uuid3: (s) => UUID3.test(s),
  uuid4: (s) => UUID4.test(s),
  uuid5: (s) => UUID5.test(s),
  email: (s) => EMAIL.test(s.trim()),
  hostname: isHostname,
  ipv4: (s) => parsesAsIP(s) && s.includes('.'),
  ipv6: (s) => parsesAsIP(s) && s.includes(':'),
  cidr: isCidr,
  uri: isRequestUri,
  mac: (s) => MAC.test(s),
  hexcolor: (s) => HEXCOLOR.test(s),
  rgbcolor: (s) => RGBCOLOR.test(s),
  ssn: (s) => SSN.test(s),
  bsonobjectid: (s) => BSON_OBJECT_ID.test(s),
};

/** Whether `value` satisfies `format`; formats without a checker accept everything. */
export function matchesFormat(format: string, value: string): boolean {
  const check = CHECKS[normalize(format)];
  return check ? check(value) : true;
}
