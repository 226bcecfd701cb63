import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, VaekitError } from '@vaekit/core';
import type { Dataset, File, Group } from 'h5wasm/node';
import { spikeTimes, type SpikeTimes, type SpikeTimesOptions } from './spike-times.js';

/** What an NWB file gives: the units' spike times and, when the file has a trials table, its intervals. */
export interface NwbSpikes {
  spikes: SpikeTimes;
  /** /intervals/trials start_time and stop_time (seconds), when present. */
  trials?: Array<{ start: number; end: number }>;
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

async function checkSignature(path: string): Promise<void> {
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new InputError(`${path}: cannot read the file (${err.code ?? String(err)})`, 'check the path');
  });
  if (info.isDirectory()) throw new InputError(`${path} is a folder, not an NWB file`);
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(8);
    for (let offset = 0; offset + 8 <= info.size; offset = offset === 0 ? 512 : offset * 2) {
      await handle.read(buf, 0, 8, offset);
      if (HDF5_SIGNATURE.every((b, i) => buf[i] === b)) return;
    }
  } finally {
    await handle.close();
  }
  throw new InputError(`${path} is not an NWB (HDF5) file: it has no HDF5 signature`, 'the file is corrupt, truncated or of another format');
}

function dataset(file: string, group: Group, name: string): Dataset | undefined {
  if (!group.keys().includes(name)) return undefined;
  const e = group.get(name);
  if (!e || !('dtype' in e)) throw new InputError(`${file}: ${group.path}/${name} is not a dataset`);
  return e as Dataset;
}

function numbers(ds: Dataset): number[] {
  const v = ds.value as unknown;
  if (typeof v === 'number' || typeof v === 'bigint') return [Number(v)];
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return Array.from(v as ArrayLike<number | bigint>, Number);
  throw new InputError(`${ds.path} is not numeric`);
}

function readUnits(path: string, f: File, options: SpikeTimesOptions): NwbSpikes {
  const units = f.get('units') as Group | null;
  if (!units || !('keys' in units)) throw new InputError(`${path}: no /units table`, 'this NWB file has no sorted units; spike-sort it first or pass spike times directly');
  const times = dataset(path, units, 'spike_times');
  const index = dataset(path, units, 'spike_times_index');
  if (!times || !index) throw new InputError(`${path}: /units has no spike_times${times ? '_index' : ''} column`, 'the units table must have spike_times and spike_times_index (NWB 2.x)');
  const all = numbers(times);
  const ends = numbers(index);
  const idDs = dataset(path, units, 'id');
  const ids = idDs ? numbers(idDs).map(String) : ends.map((_, i) => String(i));
  if (ids.length !== ends.length) throw new InputError(`${path}: /units/id has ${ids.length} rows but spike_times_index has ${ends.length}`);
  let prev = 0;
  const list = ends.map((end, i) => {
    if (!(Number.isInteger(end) && end >= prev && end <= all.length)) {
      throw new InputError(`${path}: /units/spike_times_index[${i}] = ${end} is not a valid end offset (previous ${prev}, ${all.length} spike times)`, 'the file is corrupt');
    }
    const unit = { id: ids[i], times: all.slice(prev, end) };
    prev = end;
    return unit;
  });
  let trials: NwbSpikes['trials'];
  const intervals = f.get('intervals/trials') as Group | null;
  if (intervals && 'keys' in intervals) {
    const start = dataset(path, intervals, 'start_time');
    const stop = dataset(path, intervals, 'stop_time');
    if (start && stop) {
      const s = numbers(start);
      const e = numbers(stop);
      trials = s.map((v, i) => ({ start: v, end: e[i] }));
    }
  }
  return { spikes: spikeTimes(list, options), ...(trials ? { trials } : {}) };
}

/**
 * Reads the units table of an NWB 2.x file (spike_times with its spike_times_index, and id) into
 * spike times, plus the trials table's intervals when there is one. Read with h5wasm; a missing
 * table or a corrupt index is an InputError naming the file. `start`/`end` set the recording extent
 * (default: the first and last spike); spikes outside it are an InputError.
 */
export async function readNwbUnits(path: string, options: SpikeTimesOptions = {}): Promise<NwbSpikes> {
  const absolute = resolve(path);
  await checkSignature(absolute);
  const h5wasm = (await import('h5wasm/node')).default;
  const module = await h5wasm.ready;
  module.activate_throwing_error_handler();
  let file: File | undefined;
  try {
    file = new h5wasm.File(absolute, 'r');
    return readUnits(path, file, options);
  } catch (err) {
    if (err instanceof VaekitError) throw err;
    throw new InputError(`${path}: HDF5 read failed (${String(err instanceof Error ? err.message : err).split('\n')[0].slice(0, 200)})`, 'the file is probably corrupt or truncated');
  } finally {
    try {
      file?.close();
    } catch {
      // already broken
    }
    module.deactivate_throwing_error_handler();
  }
}
