import { join } from 'node:path';
import { Tensor as OrtTensor, type InferenceSession } from 'onnxruntime-node';
import { ConfigError, InputError, ModelFormatError } from '@vaekit/core/errors';
import { alignColumns, type AlignOptions } from './align.js';
import { covariateWidth, encodeCovariates, type CovariateValues } from './covariates.js';
import type { InputDomain, ManifestNetwork, ManifestValue, OnnxManifest } from './manifest.js';
import { checkMatrix, checkValues, rowSums, type Matrix } from './matrix.js';
import { priorSamplers } from './priors.js';
import { readManifest } from './read-manifest.js';
import { Rng } from './rng.js';
import { createSession, type ExecutionProvider, type SessionOptions } from './session.js';

export type OnnxVaeOptions = SessionOptions;

/** Library sizes: one per row, or per column group (composite likelihoods: `{ rna: …, protein: … }`). */
export type LibrarySizes = Float32Array | Record<string, Float32Array>;

/** What `feed` can supply, by input role. */
interface Sources {
  features?: Matrix;
  latent?: Matrix;
  covariates?: CovariateValues;
  library?: LibrarySizes;
}

interface DomainCheck {
  ok: (v: number) => boolean;
  problem: (v: number) => string;
  hint: string;
}

const finite = (v: number) => v - v === 0;

const DOMAIN_CHECKS: Record<InputDomain, DomainCheck> = {
  counts: {
    ok: (v) => v >= 0 && v - v === 0 && Math.floor(v) === v,
    problem: (v) => (!finite(v) ? 'non-finite count' : v < 0 ? 'negative count' : 'non-integer count'),
    hint: 'this model reads raw counts: pass un-normalised integer counts (the log1p / normalisation is inside the model)',
  },
  real: { ok: finite, problem: () => 'non-finite value', hint: 'remove or impute NaN/Inf values first' },
  binary: { ok: (v) => v === 0 || v === 1, problem: () => 'value is not 0 or 1', hint: 'this model reads binary data: binarise it first' },
  categorical: { ok: (v) => v >= 0 && Number.isInteger(v), problem: () => 'value is not a class index', hint: 'encode each feature as integer codes 0..K−1' },
};

/**
 * An exported vaekit model served by onnxruntime-node, with the inference calls of the in-memory
 * VAE: `embed` (posterior mean and log-variance), `decode` (the likelihood's parameters), `reconstruct`,
 * `sample`. Inputs are checked against the manifest (shapes, feature count, covariate categories,
 * the input domain), and `alignFeatures` puts named columns in the model's order. Loads no TensorFlow.js.
 */
export class OnnxVae {
  private constructor(
    readonly dir: string,
    readonly manifest: OnnxManifest,
    private readonly sessions: Record<string, InferenceSession>,
    /** The provider the sessions run on ('cpu' after a CUDA fallback). */
    readonly executionProvider: ExecutionProvider,
    private readonly warn: (message: string) => void,
  ) {}

  /** Loads `<dir>/manifest.json` (sha256 of every file checked) and opens a session per network. */
  static async load(dir: string, options: OnnxVaeOptions = {}): Promise<OnnxVae> {
    const manifest = await readManifest(dir);
    for (const needed of ['encoder', 'decoder']) {
      if (!manifest.networks[needed]) throw new ModelFormatError(`${dir}: the manifest has no "${needed}" network`, 'OnnxVae runs VAE exports (encoder + decoder)');
    }
    const warn = options.warn ?? ((m: string) => console.warn(m));
    const sessions: Record<string, InferenceSession> = {};
    let provider: ExecutionProvider = options.executionProvider ?? 'cpu';
    try {
      for (const [name, net] of Object.entries(manifest.networks)) {
        // warn about a CUDA fallback once, then stay on the provider that worked
        const opened = await createSession(join(dir, net.file), { ...options, executionProvider: provider, warn });
        sessions[name] = opened.session;
        provider = opened.provider;
      }
    } catch (err) {
      await Promise.all(Object.values(sessions).map((s) => s.release()));
      throw err;
    }
    return new OnnxVae(dir, manifest, sessions, provider, warn);
  }

  get featureNames(): readonly string[] | null {
    return this.manifest.featureNames;
  }

  /** q(z | x, c): posterior means and log-variances [rows, latentDim]. `x` holds raw features in the model's order. */
  async embed(x: Matrix, options: { covariates?: CovariateValues } = {}): Promise<{ mean: Matrix; logVar: Matrix }> {
    this.checkFeatures(x);
    const out = await this.run('encoder', x.rows, { features: x, covariates: options.covariates });
    return { mean: out.mean, logVar: out.logvar };
  }

  /** The likelihood's parameters at latent points z [rows, latentDim] (e.g. NB: mean, theta). `library`: total counts per row, when the likelihood uses it. */
  async decode(z: Matrix, options: { covariates?: CovariateValues; library?: LibrarySizes } = {}): Promise<Record<string, Matrix>> {
    checkMatrix(z, 'z', this.manifest.latentDim, 'latent dimensions');
    checkValues(z, 'z', finite, () => 'non-finite value', 'pass finite latent coordinates');
    return this.run('decoder', z.rows, { latent: z, covariates: options.covariates, library: options.library });
  }

  /** decode(embed(x).mean), with each row's observed total (of each column group's columns) as its library size: the denoised data. */
  async reconstruct(x: Matrix, options: { covariates?: CovariateValues } = {}): Promise<Record<string, Matrix>> {
    const { mean } = await this.embed(x, options);
    const library: Record<string, Float32Array> = {};
    for (const input of this.manifest.networks.decoder.inputs) {
      if (input.role === 'library') library[input.group ?? ''] = rowSums(x, input.columns).map((s) => Math.max(s, 1));
    }
    const single = Object.keys(library).length === 1 && '' in library;
    return this.decode(mean, { covariates: options.covariates, library: single ? library[''] : library });
  }

  /** n draws z ~ p(z | c) (seeded) and their decoded parameters; the draws are returned as `z`. */
  async sample(n: number, options: { seed?: number; covariates?: CovariateValues; library?: LibrarySizes } = {}): Promise<Record<string, Matrix>> {
    if (!(Number.isInteger(n) && n >= 1)) throw new InputError(`sample: n must be a positive integer, got ${n}`);
    const prior = this.manifest.prior;
    if (!priorSamplers.has(prior.kind)) {
      throw new ConfigError(`sample: the prior "${prior.kind}" cannot be sampled outside TensorFlow.js`, `register a sampler with priorSamplers.register({ kind: '${prior.kind}', sample }) from @vaekit/onnx/runtime`);
    }
    const d = this.manifest.latentDim;
    const cov = encodeCovariates(this.manifest.covariates, options.covariates, n);
    const z = { data: priorSamplers.get(prior.kind).sample(prior, n, d, new Rng(options.seed ?? 0), cov), rows: n, cols: d };
    return { z, ...(await this.decode(z, { covariates: options.covariates, library: options.library })) };
  }

  /** Reorders named columns to the model's featureNames: missing ones zero-filled with a warning, too few found an InputError. */
  alignFeatures(names: readonly string[], x: Matrix, options: Omit<AlignOptions, 'warn'> = {}): Matrix {
    const model = this.manifest.featureNames;
    if (!model) throw new ConfigError('this export has no feature names to align to', 'pass featureNames to exportModel');
    return alignColumns(model, names, x, { ...options, warn: this.warn });
  }

  /** Releases the sessions. */
  async dispose(): Promise<void> {
    await Promise.all(Object.values(this.sessions).map((s) => s.release()));
  }

  private checkFeatures(x: Matrix): void {
    checkMatrix(x, 'x', this.manifest.featureDim, 'features');
    const { ok, problem, hint } = DOMAIN_CHECKS[this.manifest.preprocessing.inputDomain] ?? DOMAIN_CHECKS.real;
    checkValues(x, 'x', ok, problem, hint);
  }

  /** Runs one network with inputs fed by role; returns every output as a [rows, …] matrix. */
  private async run(name: string, rows: number, sources: Sources): Promise<Record<string, Matrix>> {
    const net = this.manifest.networks[name];
    const feeds: Record<string, OrtTensor> = {};
    for (const input of net.inputs) feeds[input.name] = this.feed(net, input, rows, sources);
    const results = await this.sessions[name].run(feeds);
    const out: Record<string, Matrix> = {};
    for (const o of net.outputs) {
      const t = results[o.name];
      const data = t.data as Float32Array;
      out[o.name] = { data, rows, cols: data.length / rows };
    }
    return out;
  }

  private feed(net: ManifestNetwork, input: ManifestValue, rows: number, s: Sources): OrtTensor {
    switch (input.role) {
      case 'features':
        return new OrtTensor('float32', (s.features as Matrix).data, [rows, this.manifest.featureDim]);
      case 'latent':
        return new OrtTensor('float32', (s.latent as Matrix).data, [rows, this.manifest.latentDim]);
      case 'covariates':
        return new OrtTensor('float32', encodeCovariates(this.manifest.covariates, s.covariates, rows), [rows, covariateWidth(this.manifest.covariates)]);
      case 'library': {
        const lib = s.library instanceof Float32Array || !input.group ? s.library : s.library?.[input.group];
        const what = input.group ? `library size of "${input.group}" (total counts of its columns)` : 'library size (total counts)';
        if (!(lib instanceof Float32Array)) {
          throw new InputError(`the ${this.manifest.likelihood.kind} likelihood needs each row's ${what}`, input.group ? `pass options.library: { ${input.group}: Float32Array, … } with one total per row` : 'pass options.library: a Float32Array with one total count per row');
        }
        if (lib.length !== rows) throw new InputError(`library has ${lib.length} values for ${rows} rows`, 'pass one library size per row');
        const bad = lib.findIndex((v) => !(Number.isFinite(v) && v > 0));
        if (bad >= 0) throw new InputError(`library size of row ${bad} is ${lib[bad]}`, 'library sizes are positive totals of counts');
        return new OrtTensor('float32', Float32Array.from(lib), [rows, 1]);
      }
      default:
        throw new ConfigError(`network "${net.file}" input "${input.name}" has role ${JSON.stringify(input.role)}, which OnnxVae cannot feed`, 'run this network with onnxruntime-node directly');
    }
  }
}
