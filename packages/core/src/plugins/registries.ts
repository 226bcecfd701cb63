import type { DecoderPlugin, EncoderPlugin, LikelihoodPlugin, PriorPlugin } from './contracts.js';
import { Registry } from './registry.js';

/** The plugin registries. Domain packages register their plugins here when they are imported. */
export const likelihoods = new Registry<LikelihoodPlugin>('likelihood');
export const priors = new Registry<PriorPlugin>('prior');
export const encoders = new Registry<EncoderPlugin>('encoder');
export const decoders = new Registry<DecoderPlugin>('decoder');
