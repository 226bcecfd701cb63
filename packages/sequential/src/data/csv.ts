import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { InputError } from '@vaekit/core';
import { spikeTimes, type SpikeTimes, type SpikeTimesOptions } from './spike-times.js';

export interface SpikeTimesCsvOptions extends SpikeTimesOptions {
  /** Column with spike times in seconds; default the first of time_s, time, t, spike_time, timestamp. */
  timeColumn?: string;
  /** Column with the unit id; default the first of unit_id, unit, neuron, cluster, id. */
  unitColumn?: string;
}

const TIME_NAMES = ['time_s', 'time', 't', 'spike_time', 'spike_times', 'timestamp'];
const UNIT_NAMES = ['unit_id', 'unit', 'neuron', 'cluster', 'cluster_id', 'id'];

/** The text of a file, gunzipped when it starts with the gzip magic bytes. */
export async function readText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot read the file (${code ?? String(err)})`, code === 'ENOENT' ? 'check the path' : 'check that it is a readable file');
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new InputError(`${path}: the gzip data is corrupt or truncated`, 'fetch or compress the file again');
    }
  }
  return bytes.toString('utf8');
}

function column(header: string[], wanted: string | undefined, defaults: string[], what: string, path: string): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  if (wanted !== undefined) {
    const i = lower.indexOf(wanted.toLowerCase());
    if (i < 0) throw new InputError(`${path}: no column "${wanted}" (columns: ${header.join(', ')})`, `pass the name of the ${what} column`);
    return i;
  }
  const i = lower.findIndex((h) => defaults.includes(h));
  if (i < 0) throw new InputError(`${path}: no ${what} column (looked for ${defaults.join(', ')}; columns: ${header.join(', ')})`, `name it with the ${what === 'spike time' ? 'timeColumn' : 'unitColumn'} option`);
  return i;
}

/**
 * Reads spike times from a CSV/TSV (gzip too) with one spike per row: a time column (seconds) and
 * a unit column. Units are ordered by first appearance. Bad numbers are InputErrors naming the line.
 */
export async function readSpikeTimesCsv(path: string, options: SpikeTimesCsvOptions = {}): Promise<SpikeTimes> {
  const text = await readText(path);
  const lines = text.split(/\r?\n/);
  const delimiter = lines[0].includes('\t') ? '\t' : ',';
  const header = lines[0].split(delimiter).map((h) => h.replace(/^"|"$/g, ''));
  const ti = column(header, options.timeColumn, TIME_NAMES, 'spike time', path);
  const ui = column(header, options.unitColumn, UNIT_NAMES, 'unit', path);
  const byUnit = new Map<string, number[]>();
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l];
    if (line.trim() === '') continue;
    const cells = line.split(delimiter);
    const t = Number(cells[ti]);
    const unit = (cells[ui] ?? '').trim().replace(/^"|"$/g, '');
    if (cells[ti] === undefined || cells[ti].trim() === '' || !Number.isFinite(t)) {
      throw new InputError(`${path}, line ${l + 1}: spike time "${cells[ti] ?? ''}" is not a number`, 'fix or drop that row');
    }
    if (unit === '') throw new InputError(`${path}, line ${l + 1}: empty unit id`);
    let list = byUnit.get(unit);
    if (!list) byUnit.set(unit, (list = []));
    list.push(t);
  }
  if (byUnit.size === 0) throw new InputError(`${path}: no spikes`, 'the file has a header but no rows');
  return spikeTimes([...byUnit.entries()].map(([id, times]) => ({ id, times })), options);
}
