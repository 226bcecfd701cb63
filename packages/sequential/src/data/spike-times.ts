import { InputError } from '@vaekit/core';

/** One unit's spike times (seconds, sorted ascending). */
export interface Unit {
  readonly id: string;
  readonly times: Float64Array;
}

/** Spike times of several units over a recording that spans [start, end] seconds. */
export interface SpikeTimes {
  readonly units: readonly Unit[];
  readonly start: number;
  readonly end: number;
}

export interface SpikeTimesOptions {
  /** Recording start (s); default the earliest spike. */
  start?: number;
  /** Recording end (s); default the latest spike. */
  end?: number;
}

/**
 * Spike times per unit — `{ id: times[] }` or `[{ id, times }]` — checked and sorted. NaN/Inf times,
 * and times outside [start, end] when the recording extent is given, are InputErrors naming the unit.
 */
export function spikeTimes(units: Record<string, ArrayLike<number>> | ReadonlyArray<{ id: string | number; times: ArrayLike<number> }>, options: SpikeTimesOptions = {}): SpikeTimes {
  const list = Array.isArray(units)
    ? (units as ReadonlyArray<{ id: string | number; times: ArrayLike<number> }>).map((u) => ({ id: String(u.id), times: u.times }))
    : Object.entries(units as Record<string, ArrayLike<number>>).map(([id, times]) => ({ id, times }));
  if (list.length === 0) throw new InputError('spike times: no units', 'pass at least one unit');
  const seen = new Set<string>();
  let lo = Infinity;
  let hi = -Infinity;
  const out: Unit[] = list.map(({ id, times }) => {
    if (seen.has(id)) throw new InputError(`spike times: unit "${id}" appears twice`, 'give each unit a unique id');
    seen.add(id);
    const t = Float64Array.from(times);
    for (let i = 0; i < t.length; i++) {
      if (!Number.isFinite(t[i])) throw new InputError(`spike times: unit "${id}" has a non-finite spike time (${t[i]}) at index ${i}`, 'drop the missing spike times');
    }
    t.sort();
    if (t.length > 0) {
      lo = Math.min(lo, t[0]);
      hi = Math.max(hi, t[t.length - 1]);
    }
    return { id, times: t };
  });
  const start = options.start ?? (Number.isFinite(lo) ? lo : 0);
  const end = options.end ?? (Number.isFinite(hi) ? hi : start);
  if (!(Number.isFinite(start) && Number.isFinite(end) && end >= start)) throw new InputError(`spike times: the recording [${start}, ${end}] is not a valid interval`, 'pass start ≤ end in seconds');
  for (const u of out) {
    if (u.times.length === 0) continue;
    const first = u.times[0];
    const last = u.times[u.times.length - 1];
    if (first < start || last > end) {
      const bad = first < start ? first : last;
      throw new InputError(`spike times: unit "${u.id}" has a spike at ${bad} s, outside the recording [${start}, ${end}] s`, 'check the time units (seconds) and the recording start/end, or drop spikes outside it');
    }
  }
  return { units: out, start, end };
}
