// Just enough of resource.Quantity for the copy methods' size decisions.
import type { Quantity } from '../../api/volsync/index.js';

const SUFFIX: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  m: 1e-3,
};

/** Bytes (approximate for huge values); NaN when the text is not a quantity. */
export function quantityValue(q: Quantity): number {
  if (typeof q === 'number') return q;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[kMGTPEm])?)$/.exec(q.trim());
  if (!m) return Number.NaN;
  return Number(m[1] + (m[2] ?? '')) * SUFFIX[m[3] ?? ''];
}

export function isZeroQuantity(q: Quantity): boolean {
  return quantityValue(q) === 0;
}
