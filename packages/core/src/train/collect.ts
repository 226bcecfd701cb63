import { filter, lastValueFrom, toArray } from 'rxjs';
import type { Observable } from 'rxjs';
import type { TrainDoneEvent, TrainEvent, TrainSummary } from './events.js';

/** Subscribes and resolves with every event once the stream completes; rejects with its error. */
export function collect<T>(events: Observable<T>): Promise<T[]> {
  return lastValueFrom(events.pipe(toArray()), { defaultValue: [] });
}

/**
 * Runs a training stream to its end and resolves with the 'done' summary — the same as
 * `(await lastValueFrom(train(...).pipe(filter((e) => e.type === 'done')))).summary`.
 */
export async function trainingSummary(events: Observable<TrainEvent>): Promise<TrainSummary> {
  const done = await lastValueFrom(events.pipe(filter((e): e is TrainDoneEvent => e.type === 'done')));
  return done.summary;
}
