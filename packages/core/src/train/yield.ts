/**
 * Resolves on the next turn of the event loop (setImmediate where it exists, setTimeout(0) otherwise),
 * so that an unsubscribe, an abort signal or Ctrl-C can run between two training steps.
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  return new Promise((resolve) => {
    if (typeof g.setImmediate === 'function') g.setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
