import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OnnxVae, readManifest, type OnnxManifest } from '@vaekit/onnx/runtime';
import { HttpError } from '../http/http-error.js';
import { checkModelName, isModelName } from '../http/model-name.js';
import { summarize, type ModelSummary } from './model-summary.js';

/** Example count files a model folder may bundle, in the order they are looked for. */
export const EXAMPLE_FILES = ['example.h5ad', 'example.csv.gz', 'example.csv', 'example.tsv.gz', 'example.tsv'] as const;

/** A model ready to run: its manifest, its onnxruntime sessions, and its example file if any. */
export interface LoadedModel {
  name: string;
  dir: string;
  manifest: OnnxManifest;
  vae: OnnxVae;
  example?: string;
}

interface Entry {
  /** Names, sizes and mtimes of the folder's files: a change means re-reading it. */
  signature: string;
  manifest?: OnnxManifest;
  error?: string;
  example?: string;
  vae?: Promise<OnnxVae>;
}

/**
 * The models of one folder: each sub-folder whose manifest verifies (sha256 of every file) is a
 * model; one that does not is listed as broken with the reason, and its routes answer with that
 * reason instead of running. Sessions are created on first use and cached per model; a folder
 * whose files change is read again.
 */
export class ModelStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly dir: string,
    private readonly options: { executionProvider: 'cpu' | 'cuda'; warn: (message: string) => void },
  ) {}

  /** Every model folder, sorted by name, with its status. */
  async list(): Promise<ModelSummary[]> {
    const names = await this.folderNames();
    const rows = await Promise.all(names.map(async (name) => this.summary(name, await this.entry(name))));
    return rows.filter((r): r is ModelSummary => r !== undefined);
  }

  /** The model `name` (validated, then looked up), with sessions loaded: 400 for a bad name, 404 for an unknown one, 500 with the reason for a broken one. */
  async get(rawName: unknown): Promise<LoadedModel> {
    const name = checkModelName(rawName);
    const entry = (await this.folderNames()).includes(name) ? await this.entry(name) : undefined;
    if (!entry) throw new HttpError(404, `no model named "${name}" in the models folder`, 'GET /api/models lists the models', 'unknown-model');
    if (!entry.manifest || entry.error) throw brokenError(name, entry.error ?? 'no manifest');
    entry.vae ??= OnnxVae.load(join(this.dir, name), { executionProvider: this.options.executionProvider, warn: this.options.warn });
    let vae: OnnxVae;
    try {
      vae = await entry.vae;
    } catch (err) {
      entry.vae = undefined;
      entry.error = `its ONNX files do not load: ${(err as Error).message}`;
      throw brokenError(name, entry.error);
    }
    const model: LoadedModel = { name, dir: join(this.dir, name), manifest: entry.manifest, vae };
    if (entry.example) model.example = entry.example;
    return model;
  }

  /** Releases every onnxruntime session. */
  async close(): Promise<void> {
    const loads = [...this.entries.values()].map((e) => e.vae).filter((v): v is Promise<OnnxVae> => v !== undefined);
    this.entries.clear();
    await Promise.all(loads.map((v) => v.then((vae) => vae.dispose()).catch(() => undefined)));
  }

  private async folderNames(): Promise<string[]> {
    const dirents = await readdir(this.dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      throw new HttpError(500, `the models folder ${this.dir} cannot be read (${err.code ?? err.message})`, 'start the server with an existing models folder', 'models-dir');
    });
    return dirents
      .filter((d) => (d.isDirectory() || d.isSymbolicLink()) && isModelName(d.name))
      .map((d) => d.name)
      .sort();
  }

  private summary(name: string, entry: Entry | undefined): ModelSummary | undefined {
    if (!entry) return undefined;
    if (entry.manifest && !entry.error) return summarize(name, entry.manifest, entry.example !== undefined);
    return { name, ok: false, error: entry.error ?? 'no manifest' };
  }

  /** The cached entry of folder `name`, re-read when its files changed; undefined when it is not a folder. */
  private async entry(name: string): Promise<Entry | undefined> {
    const dir = join(this.dir, name);
    const signature = await folderSignature(dir);
    if (signature === undefined) return undefined;
    const cached = this.entries.get(name);
    if (cached && cached.signature === signature) return cached;
    if (cached?.vae) void cached.vae.then((v) => v.dispose()).catch(() => undefined);
    const entry: Entry = { signature };
    try {
      entry.manifest = await readManifest(dir);
    } catch (err) {
      entry.error = (err as Error).message;
    }
    const files = new Set(signature.split('\n').map((line) => line.split('\t')[0]));
    const example = EXAMPLE_FILES.find((f) => files.has(f));
    if (example) entry.example = join(dir, example);
    this.entries.set(name, entry);
    return entry;
  }
}

function brokenError(name: string, reason: string): HttpError {
  return new HttpError(500, `model "${name}" is broken: ${reason}`, 'export the model again (vaekit export --onnx) or remove its folder', 'model-broken');
}

/** "name\tsize\tmtime" per file of a folder, sorted; undefined when `dir` is not a folder. */
async function folderSignature(dir: string): Promise<string | undefined> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  const names = (await readdir(dir)).sort();
  const lines = await Promise.all(
    names.map(async (n) => {
      const s = await stat(join(dir, n)).catch(() => undefined);
      return `${n}\t${s?.size ?? -1}\t${s?.mtimeMs ?? -1}`;
    }),
  );
  return lines.join('\n');
}
