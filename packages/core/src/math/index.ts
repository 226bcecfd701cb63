/** Special functions, stable elementary functions, count log-pmfs and CPU samplers of @vaekit/core. */
export { lgamma } from './lgamma.js';
export { digamma } from './digamma.js';
export { stirlingRemainder } from './stirling.js';
export { softplus, logSigmoid, log1p, expm1, logAddExp, logSumExp, logSoftmax } from './special.js';
export { negativeBinomialLogPmf, zeroInflatedNegativeBinomialLogPmf } from './nb-log-pmf.js';
export { poissonLogPmf } from './poisson-log-pmf.js';
export { COUNT_PARAM_LIMITS } from './count-params.js';
export { Rng, rngFromSeed } from './rng.js';
export { lgammaNumber } from './lgamma-number.js';
export { samplePoisson, sampleGamma, sampleLogGamma, sampleNegativeBinomial } from './samplers.js';
