/**
 * @vaekit/onnx — export trained vaekit models to ONNX (opset 17) with a parity check against
 * TensorFlow.js, write Triton model repositories, and run exports with onnxruntime-node.
 * Importing it registers the built-in lowerings. The runner alone, without TensorFlow.js, is
 * `@vaekit/onnx/runtime`.
 */
import './lower/dense.js';
import './lower/activations.js';
import './lower/layer-norm.js';
import './lower/dropout.js';
import './lower/embedding.js';
import './lower/conv1d.js';
import './lower/covariate-concat.js';
import './lower/mlp.js';
import './lower/gru.js';
import './lower/input-transforms.js';
import './exporters/vae/mlp-encoder.js';
import './exporters/vae/mlp-decoder.js';
import './exporters/likelihoods/count.js';
import './exporters/likelihoods/gaussian.js';
import './exporters/likelihoods/bernoulli.js';
import './exporters/likelihoods/categorical.js';
import './exporters/likelihoods/composite.js';
import './exporters/priors.js';
import './exporters/vae/vae-exporter.js';

export { exportModel } from './export/export-model.js';
export type { ExportOptions } from './exporters/export-options.js';
export { checkParity, relativeError } from './export/parity.js';
export type { ParityOptions } from './export/parity.js';
export { tritonConfig, tritonModelName } from './export/triton.js';

export { modelExporters, encoderLowerings, decoderLowerings, likelihoodLowerings, priorExports } from './exporters/registries.js';
export type { ModelExporter, EncoderLowering, DecoderLowering, LikelihoodLowering, LikelihoodOutput, PriorExport } from './exporters/registries.js';
export type { ExportedNetwork, ModelExport, NetworkInput, NetworkOutput, RandomSpec } from './exporters/network.js';
export { NetworkInputs } from './exporters/network-inputs.js';
export type { ModelDims } from './exporters/network-inputs.js';
export { vaeExporter } from './exporters/vae/vae-exporter.js';

export { GraphBuilder } from './graph/graph-builder.js';
export type { Dim, ElementType, ValueSpec } from './graph/graph-builder.js';
export { layerLowerings } from './lower/layer-lowering.js';
export type { LayerLowering } from './lower/layer-lowering.js';
export { denseLowering } from './lower/dense.js';
export type { DenseLike, DenseLoweringOptions } from './lower/dense.js';
export { activationLowerings, lowerActivation } from './lower/activations.js';
export type { ActivationLowering } from './lower/activations.js';
export { layerNormLowering } from './lower/layer-norm.js';
export { dropoutLowering } from './lower/dropout.js';
export { embeddingLowering } from './lower/embedding.js';
export { conv1dLowering } from './lower/conv1d.js';
export { covariateConcatLowering } from './lower/covariate-concat.js';
export { mlpLowering } from './lower/mlp.js';
export { gruLowering } from './lower/gru.js';
export { inputTransformLowerings, lowerInputTransform } from './lower/input-transforms.js';
export type { InputTransformLowering } from './lower/input-transforms.js';
export { lowerClip, lowerExpClip } from './lower/log-variance.js';

export { attr } from './proto/attributes.js';
export type { AttrValue } from './proto/attributes.js';
export { encodeModel, decodeModel } from './proto/codec.js';
export { IR_VERSION, OPSET } from './proto/types.js';
export type { ModelProto, GraphProto, NodeProto, TensorProto } from './proto/types.js';
export { VERSION } from './version.js';

// the runner, also importable alone from '@vaekit/onnx/runtime'
export * from './runtime.js';
