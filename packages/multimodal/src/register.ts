import { likelihoods, modelKinds } from '@vaekit/core';
import { fusions } from './fusion/fusion.js';
import { mopoeFusion } from './fusion/mopoe.js';
import { poeFusion } from './fusion/poe.js';
import { nbMixtureLikelihood } from './likelihoods/nb-mixture.js';
import type { MultimodalConfig } from './model/config.js';
import { MultimodalVAE } from './model/multimodal-vae.js';

// Importing @vaekit/multimodal registers its plugins and its model kind, as core does with its own.
likelihoods.register(nbMixtureLikelihood);
fusions.register(poeFusion);
fusions.register(mopoeFusion);
modelKinds.register({ kind: 'multimodal', fromConfig: (config) => MultimodalVAE.create(config as unknown as MultimodalConfig) });
