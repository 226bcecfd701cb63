import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFormatError } from '@vaekit/core/errors';
import { MANIFEST_FILE, MANIFEST_FORMAT, MANIFEST_VERSION, type OnnxManifest } from './manifest.js';

/** sha256 of bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads `<dir>/manifest.json`, checks its format and version and that every file it lists is
 * present with the recorded size and sha256. Anything else is a ModelFormatError that names the
 * file and what to do.
 */
export async function readManifest(dir: string): Promise<OnnxManifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ModelFormatError(`${dir} is not an exported ONNX model: cannot read ${MANIFEST_FILE} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'pass the directory that exportModel wrote');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ModelFormatError(`${path} is not valid JSON (${(err as Error).message})`, 'the export is corrupt: export the model again');
  }
  const manifest = checkShape(raw, path);
  for (const [file, entry] of Object.entries(manifest.files)) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(dir, file));
    } catch {
      throw new ModelFormatError(`${join(dir, file)}, listed in ${MANIFEST_FILE}, is missing`, 'copy the whole export directory, or export the model again');
    }
    if (bytes.length !== entry.bytes || sha256(bytes) !== entry.sha256) {
      throw new ModelFormatError(
        `${join(dir, file)} is corrupt: ${bytes.length} bytes with sha256 ${sha256(bytes).slice(0, 12)}…, but ${MANIFEST_FILE} records ${entry.bytes} bytes with sha256 ${entry.sha256.slice(0, 12)}…`,
        'copy the file again from the original export, or export the model again',
      );
    }
  }
  return manifest;
}

function checkShape(raw: unknown, path: string): OnnxManifest {
  const m = raw as Partial<OnnxManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== MANIFEST_FORMAT) {
    throw new ModelFormatError(`${path} is not a vaekit ONNX manifest (format ${JSON.stringify(m?.format)})`, 'pass the directory that exportModel wrote');
  }
  if (m.formatVersion !== MANIFEST_VERSION) {
    throw new ModelFormatError(
      `${path} has manifest formatVersion ${JSON.stringify(m.formatVersion)}; this @vaekit/onnx reads version ${MANIFEST_VERSION}`,
      typeof m.formatVersion === 'number' && m.formatVersion > MANIFEST_VERSION ? 'upgrade @vaekit/onnx' : 'export the model again with this version',
    );
  }
  const missing = (['name', 'modelKind', 'latentDim', 'featureDim', 'likelihood', 'preprocessing', 'prior', 'covariates', 'networks', 'files'] as const).filter((k) => m[k] === undefined || m[k] === null);
  if (missing.length > 0) throw new ModelFormatError(`${path} lacks ${missing.join(', ')}`, 'the export is corrupt: export the model again');
  for (const [name, net] of Object.entries(m.networks ?? {})) {
    if (!net || typeof net.file !== 'string' || !m.files?.[net.file]) {
      throw new ModelFormatError(`${path}: network "${name}" names file ${JSON.stringify(net?.file)}, which the manifest's files do not list`, 'export the model again');
    }
  }
  return m as OnnxManifest;
}
