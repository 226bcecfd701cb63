import { InputError } from '@vaekit/core';
import type { CountMatrix } from '../matrix/count-matrix.js';
import type { CsrMatrix } from '../matrix/csr-matrix.js';

/** X, or the named layer (an InputError listing the layers when it does not exist). */
export function pickLayer(m: CountMatrix, layer: string | undefined): CsrMatrix {
  if (layer === undefined) return m.X;
  const X = m.layers?.[layer];
  if (!X) throw new InputError(`no layer "${layer}"`, `layers: ${Object.keys(m.layers ?? {}).join(', ') || '(none)'}`);
  return X;
}
