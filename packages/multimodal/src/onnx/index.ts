/**
 * @vaekit/multimodal/onnx — ONNX export of multimodal models through @vaekit/onnx. Importing it
 * registers the 'multimodal' model exporter, the fusion lowerings ('poe', 'mopoe') and the
 * 'nb-mixture' likelihood lowering; then `exportModel(model.vae, dir)` writes one encoder and one
 * decoder per modality and the fusion.
 */
import '@vaekit/onnx';
import '../register.js';
import { modelExporters } from '@vaekit/onnx';
import { multimodalExporter } from './exporter.js';
import './nb-mixture-lowering.js';

modelExporters.register(multimodalExporter);

export { multimodalExporter } from './exporter.js';
export type { ExportedModality } from './exporter.js';
export { fusionLowerings, poeLowering, mopoeLowering } from './fusion-lowering.js';
export type { FusionGraphInputs, FusionLowering } from './fusion-lowering.js';
export { nbMixtureLowering } from './nb-mixture-lowering.js';
