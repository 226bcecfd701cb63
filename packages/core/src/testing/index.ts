// @vaekit/core/testing: the shared conformance suite that every registered plugin passes, and
// test helpers. Imports vitest (an optional peer dependency of @vaekit/core).
export { likelihoodConformance, priorConformance, encoderConformance, copyVariables } from './conformance.js';
export type { LikelihoodCase, PriorCase, EncoderCase } from './conformance.js';
export { expectNoTensorLeak } from './leaks.js';
export { runReadmeExample } from './readme-example.js';
