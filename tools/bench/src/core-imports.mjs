/**
 * The pieces of the BUILT @vaekit/core the benchmarks use (`npm run bench` builds it first).
 * What the package index exports comes from '@vaekit/core'; the fused ops are not exported by the
 * index yet, so they come from their dist modules (the same module instances: the workspace link
 * resolves to packages/core/dist). When the index exports them, import everything from '@vaekit/core'.
 */
import { Dense, dense, ParamStore } from '@vaekit/core';
import { nbSoftmaxLogLik } from '../../../packages/core/dist/nn/nb-softmax.js';
import { FusedAdam } from '../../../packages/core/dist/nn/fused-adam.js';
import { log1pFast } from '../../../packages/core/dist/nn/log1p-fast.js';
import '../../../packages/core/dist/train/register-gradients.js';

export const core = { Dense, dense, ParamStore, nbSoftmaxLogLik, FusedAdam, log1pFast };
