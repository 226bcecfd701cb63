/**
 * The pieces of the BUILT @vaekit/core the benchmarks use (run `npm run bench`, which builds first).
 * Imported from their dist modules because the package index does not export the fused ops yet;
 * once it does, this becomes `export * as core from '@vaekit/core'`.
 */
import { Dense, dense } from '../../../packages/core/dist/nn/dense.js';
import { ParamStore } from '../../../packages/core/dist/nn/params.js';
import { nbSoftmaxLogLik } from '../../../packages/core/dist/nn/nb-softmax.js';
import { FusedAdam } from '../../../packages/core/dist/nn/fused-adam.js';
import { log1pFast } from '../../../packages/core/dist/nn/log1p-fast.js';
import '../../../packages/core/dist/train/register-gradients.js';

export const core = { Dense, dense, ParamStore, nbSoftmaxLogLik, FusedAdam, log1pFast };
