/**
 * @vaekit/multimodal — VAEs over several modalities that share one latent space, for paired and
 * partially paired data (CITE-seq RNA + protein, multiome RNA + ATAC, …): product of experts
 * (MVAE) and mixture of products (MoPoE) fusions, totalVI's background/foreground protein
 * likelihood, imputation across modalities. Importing it registers the 'nb-mixture' likelihood,
 * the 'poe' and 'mopoe' fusions and the 'multimodal' model kind.
 */
import './register.js';

export { productOfExperts, expertFrom } from './fusion/experts.js';
export type { Expert, ProductOptions } from './fusion/experts.js';
export { fusions, parseProductOptions } from './fusion/fusion.js';
export type { ElboTerm, Fusion, FusionDims, FusionPlugin } from './fusion/fusion.js';
export { PoeFusion, poeFusion, POE_DEFAULTS } from './fusion/poe.js';
export type { PoeConfig } from './fusion/poe.js';
export { MopoeFusion, mopoeFusion, MOPOE_DEFAULTS, MOPOE_MAX_MODALITIES } from './fusion/mopoe.js';
export type { MopoeConfig } from './fusion/mopoe.js';
export { nonEmptySubsets } from './fusion/subsets.js';

export { NbMixture } from './distributions/nb-mixture.js';
export type { NbMixtureParams } from './distributions/nb-mixture.js';
export { NbMixtureLikelihood, nbMixtureLikelihood } from './likelihoods/nb-mixture.js';
export type { NbMixtureConfig } from './likelihoods/nb-mixture.js';

export { MultimodalVAE } from './model/multimodal-vae.js';
export type { MultimodalElbo, MultimodalElboOptions } from './model/multimodal-vae.js';
export { Modality } from './model/modality.js';
export type { MultimodalConfig, ModalitySpec } from './model/config.js';
export { MultimodalModel } from './model/multimodal-model.js';
export type { CellMatrix, MultimodalTrainOptions } from './model/multimodal-model.js';

export { alignInput, pairedCells } from './data/align.js';
export type { AlignSpec } from './data/align.js';
export type { AlignedData, DenseValues, ModalityInput, MultimodalInput } from './data/input.js';
export { MultimodalSource } from './data/multimodal-source.js';

export { simulateMultimodal } from './simulate/simulate-multimodal.js';
export type { SimulateMultimodalOptions, SimulatedMultimodal } from './simulate/simulate-multimodal.js';
export { linearR2 } from './metrics/linear-r2.js';
