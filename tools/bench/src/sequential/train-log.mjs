/** Trains a SequentialVAE through its rxjs stream, logging every 10th epoch; returns the summary plus wall seconds. */
export async function trainWithLog(model, data, options, log) {
  const started = performance.now();
  const summary = await new Promise((resolve, reject) => {
    let done;
    model.train(data, options).subscribe({
      next: (e) => {
        if (e.type === 'epoch' && (e.epoch % 10 === 0 || e.epoch === 1)) log(`epoch ${e.epoch}: loss ${e.loss.toFixed(1)} (${(e.epochMs / 1000).toFixed(1)} s/epoch)`);
        if (e.type === 'validation' && e.epoch % 10 === 0) log(`  validation loss ${e.loss.toFixed(1)}`);
        if (e.type === 'done') done = e.summary;
      },
      error: reject,
      complete: () => resolve(done),
    });
  });
  return { ...summary, trainSeconds: (performance.now() - started) / 1000 };
}
