import { modelKinds } from '../persistence/model-registry.js';
import { VAE, type VaeConfig } from './vae.js';

// Saved models name their kind in model.json; loading finds the VAE here.
modelKinds.register({ kind: 'vae', fromConfig: (config) => VAE.create(config as unknown as VaeConfig) });
