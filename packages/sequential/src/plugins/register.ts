import { decoders, encoders, modelKinds, priors } from '@vaekit/core';
import { SequentialVAE } from '../model/sequential-vae.js';
import { biGruEncoder } from './bigru-encoder.js';
import { linearTransition } from './linear-transition.js';
import { markovGaussianPrior } from './markov-prior.js';
import { mlpTransition } from './mlp-transition.js';
import { readoutDecoder } from './readout-decoder.js';
import { transitions } from './transition.js';

// Importing @vaekit/sequential registers its plugins in core's registries and its model kind.
transitions.register(linearTransition);
transitions.register(mlpTransition);
priors.register(markovGaussianPrior);
encoders.register(biGruEncoder);
decoders.register(readoutDecoder);
modelKinds.register({ kind: 'sequential-vae', fromConfig: (config) => SequentialVAE.fromConfig(config) });
