import { basename, isAbsolute, relative, resolve } from 'node:path';
import { replaceDirAtomically } from '@vaekit/core';
import { ConfigError } from '@vaekit/core/errors';
import type { ExportOptions } from '../exporters/export-options.js';
import type { ModelExport, NetworkOutput } from '../exporters/network.js';
import { lowering, modelExporters } from '../exporters/registries.js';
import { encodeModel } from '../proto/codec.js';
import { IR_VERSION, OPSET } from '../proto/types.js';
import { MANIFEST_FILE, MANIFEST_FORMAT, MANIFEST_VERSION, type ManifestCovariate, type ManifestValue, type OnnxManifest } from '../runtime/manifest.js';
import { sha256 } from '../runtime/read-manifest.js';
import { VERSION } from '../version.js';
import { checkParity } from './parity.js';
import { tritonConfig, tritonModelName } from './triton.js';
import { writeFiles } from './write-files.js';

const DEFAULT_TOLERANCE = 1e-4;
const DEFAULT_SAMPLES = 64;
const DEFAULT_MAX_BATCH = 1024;

/** The model kind: what its `toConfig()` says ('vae' for core's VAE). */
function modelKindOf(model: unknown): string {
  const toConfig = (model as { toConfig?: () => { kind?: unknown } } | null)?.toConfig;
  const kind = typeof toConfig === 'function' ? toConfig.call(model).kind : undefined;
  if (typeof kind !== 'string') throw new ConfigError('exportModel takes a vaekit model (an object whose toConfig() returns { kind, … }), e.g. a VAE from @vaekit/core', 'pass the trained model itself (for @vaekit/omics: scvi.vae)');
  return kind;
}

function checkOptions(options: ExportOptions): { tolerance: number; samples: number } {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const samples = options.paritySamples ?? DEFAULT_SAMPLES;
  if (!(tolerance > 0 && Number.isFinite(tolerance))) throw new ConfigError(`exportModel: tolerance must be a positive number, got ${options.tolerance}`);
  if (!(Number.isInteger(samples) && samples >= 1)) throw new ConfigError(`exportModel: paritySamples must be a positive integer, got ${options.paritySamples}`);
  return { tolerance, samples };
}

function featureNames(exp: ModelExport, given: string[] | undefined): string[] | null {
  const names = given ?? exp.featureNames;
  if (!names) return null;
  if (names.length !== exp.featureDim) throw new ConfigError(`exportModel: ${names.length} feature names for a model with ${exp.featureDim} features`, 'pass one name per input column, in the model\'s order');
  const seen = new Set<string>();
  const dup = names.find((n) => seen.size === seen.add(n).size);
  if (dup !== undefined) throw new ConfigError(`exportModel: feature name "${dup}" appears twice`, 'feature names must be unique to align query data by name');
  return [...names];
}

/** The model's covariates; `given` (categorical ones, by name) must agree with them exactly. */
function covariates(exp: ModelExport, given: ExportOptions['covariates']): ManifestCovariate[] {
  if (!given) return exp.covariates;
  const known = new Map(exp.covariates.map((c) => [c.name, c]));
  for (const g of given) {
    const c = known.get(g.name);
    if (!c) throw new ConfigError(`exportModel: covariate "${g.name}" is not one of the model's covariates (${exp.covariates.map((x) => x.name).join(', ') || 'none'})`);
    if (c.type !== 'categorical' || c.categories.length !== g.categories.length || c.categories.some((cat, i) => cat !== g.categories[i])) {
      throw new ConfigError(
        `exportModel: covariate "${g.name}" categories [${g.categories.join(', ')}] differ from the model's one-hot columns [${c.type === 'categorical' ? c.categories.join(', ') : 'continuous'}]`,
        'pass the categories in the order the model was trained with, or leave covariates out to use the model\'s own',
      );
    }
  }
  return exp.covariates;
}

/**
 * Exports a trained model to `dir`: one `<network>.onnx` per network (opset 17), `manifest.json`
 * and, with `triton`, a Triton model repository. Every network is first run by onnxruntime-node
 * and compared with the TensorFlow.js model on random inputs; a mismatch is a ModelFormatError
 * and nothing is written. The directory is replaced atomically. Returns the manifest.
 */
export async function exportModel(model: unknown, dir: string, options: ExportOptions = {}): Promise<OnnxManifest> {
  const { tolerance, samples } = checkOptions(options);
  const exp = lowering(modelExporters, 'modelExporters', 'model', modelKindOf(model)).export(model, options);
  const name = options.name ?? basename(resolve(dir));
  const names = featureNames(exp, options.featureNames);
  const covs = covariates(exp, options.covariates);

  const files: Record<string, Uint8Array | string> = {};
  const networks: OnnxManifest['networks'] = {};
  const maxError: Record<string, Record<string, number>> = {};
  const encoded = exp.networks.map((net) => ({ net, file: `${net.name}.onnx`, bytes: encodeModel(net.graph.toModel({ producerVersion: VERSION, docString: `${name}: ${net.name} of a vaekit ${exp.modelKind} (${exp.likelihood.kind} likelihood)` })) }));
  for (const { net, file, bytes } of encoded) {
    maxError[net.name] = await checkParity(net, bytes, { tolerance, samples, seed: options.paritySeed ?? 0 });
    files[file] = bytes;
    networks[net.name] = {
      file,
      inputs: net.inputs.map((i) => ({ ...manifestValue(i), role: i.role, ...(i.group ? { group: i.group } : {}), ...(i.columns ? { columns: i.columns } : {}) })),
      outputs: net.outputs.map(manifestValue),
    };
  }

  const triton = options.triton ? (typeof options.triton === 'object' ? options.triton : {}) : undefined;
  const tritonFiles: Record<string, Uint8Array | string> = {};
  let tritonInfo: OnnxManifest['triton'];
  if (triton) {
    const maxBatchSize = triton.maxBatchSize ?? DEFAULT_MAX_BATCH;
    const models: Record<string, string> = {};
    for (const { net, bytes } of encoded) {
      const modelName = tritonModelName(name, net.name);
      models[net.name] = modelName;
      tritonFiles[`${modelName}/config.pbtxt`] = tritonConfig(modelName, net.inputs, net.outputs, maxBatchSize);
      tritonFiles[`${modelName}/1/model.onnx`] = bytes;
    }
    const tritonDir = triton.dir ? resolve(triton.dir) : resolve(dir, 'triton');
    const inside = relative(resolve(dir), tritonDir);
    const isInside = inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
    if (isInside) for (const [rel, data] of Object.entries(tritonFiles)) files[`${inside.split('\\').join('/')}/${rel}`] = data;
    tritonInfo = { dir: isInside ? inside : tritonDir, models, maxBatchSize };
  }

  const manifest: OnnxManifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_VERSION,
    name,
    modelKind: exp.modelKind,
    irVersion: IR_VERSION,
    opset: OPSET,
    createdAt: new Date().toISOString(),
    producer: { name: '@vaekit/onnx', version: VERSION },
    latentDim: exp.latentDim,
    featureDim: exp.featureDim,
    likelihood: exp.likelihood,
    preprocessing: exp.preprocessing,
    prior: exp.prior,
    featureNames: names,
    ...(exp.vocabulary ? { vocabulary: [...exp.vocabulary] } : {}),
    covariates: covs,
    networks,
    files: Object.fromEntries(Object.entries(files).map(([f, data]) => [f, { sha256: sha256(asBytes(data)), bytes: asBytes(data).length }])),
    parity: { tolerance, samples, maxError },
    ...(tritonInfo ? { triton: tritonInfo } : {}),
    metadata: JSON.parse(JSON.stringify(options.metadata ?? {})) as Record<string, unknown>,
  };
  await replaceDirAtomically(dir, (tmp) => writeFiles(tmp, { ...files, [MANIFEST_FILE]: `${JSON.stringify(manifest, null, 2)}\n` }));
  if (tritonInfo && isAbsolute(tritonInfo.dir)) {
    // a repository outside the export: each model folder replaced atomically
    for (const modelName of Object.values(tritonInfo.models)) {
      const own = Object.fromEntries(Object.entries(tritonFiles).filter(([rel]) => rel.startsWith(`${modelName}/`)).map(([rel, data]) => [rel.slice(modelName.length + 1), data]));
      await replaceDirAtomically(resolve(tritonInfo.dir, modelName), (tmp) => writeFiles(tmp, own));
    }
  }
  return manifest;
}

/** A graph input or output as the manifest lists it. */
function manifestValue(v: NetworkOutput): ManifestValue {
  return { name: v.name, dtype: v.dtype, shape: [...v.shape], ...(v.description ? { description: v.description } : {}) };
}

function asBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}
