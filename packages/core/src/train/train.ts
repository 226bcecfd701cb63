import { Observable } from 'rxjs';
import type { DataSource } from '../data/batch.js';
import type { TrainEvent } from './events.js';
import type { TrainOptions } from './options.js';
import type { TrainData } from './run.js';
import { runTraining } from './run.js';
import type { Trainable } from './trainable.js';

/**
 * Trains `model` on `data` and reports progress as a cold Observable of {@link TrainEvent}s:
 * nothing happens until you subscribe, and each subscription is its own run. The stream emits
 * 'start', then 'batch' per step and 'epoch' per epoch (with 'validation', 'checkpoint' and
 * 'early-stop' where they apply), and ends with 'done' and completes — or errors with a typed
 * error (ConfigError for bad options, InputError for bad data, TrainingError for a non-finite loss
 * or gradient, naming the epoch, step and batch; the bad update is never applied).
 *
 * Unsubscribing stops the run at the next batch boundary (it yields to the event loop between
 * batches) and frees the optimizer's tensors; the model keeps its current weights. To stop and
 * still get the 'done' summary (stoppedReason 'cancelled'), abort `options.signal` instead.
 *
 * @example
 * const done = await lastValueFrom(train(model, { train, validation }, { epochs: 20, seed: 1 })
 *   .pipe(filter((e): e is TrainDoneEvent => e.type === 'done')));
 * console.log(done.summary.bestValidationLoss);
 */
export function train(model: Trainable, data: DataSource | TrainData, options: TrainOptions): Observable<TrainEvent> {
  return new Observable<TrainEvent>((subscriber) => {
    let unsubscribed = false;
    runTraining(model, data, options, {
      emit: (event) => subscriber.next(event),
      unsubscribed: () => unsubscribed || subscriber.closed,
    }).then(
      () => subscriber.complete(),
      (err: unknown) => subscriber.error(err),
    );
    return () => {
      unsubscribed = true;
    };
  });
}
