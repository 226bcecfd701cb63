import { InferenceSession } from 'onnxruntime-node';
import { EngineError } from '@vaekit/core/errors';

export type ExecutionProvider = 'cpu' | 'cuda';

export interface SessionOptions {
  /** 'cpu' (default) or 'cuda'; CUDA falls back to CPU, with a warning, when its libraries are missing. */
  executionProvider?: ExecutionProvider;
  /** Where the fallback warning goes (console.warn by default). */
  warn?: (message: string) => void;
  /** Threads per operator (onnxruntime's default: one per core). */
  intraOpNumThreads?: number;
}

/**
 * An onnxruntime-node session on the asked-for provider. onnxruntime does not fall back by itself
 * when the CUDA provider's libraries are absent (onnxruntime-node downloads them at install time,
 * which `onnxruntime-node-install=skip` turns off): it throws, and this retries on CPU after a warning.
 */
export async function createSession(model: string | Uint8Array, options: SessionOptions = {}): Promise<{ session: InferenceSession; provider: ExecutionProvider }> {
  const provider = options.executionProvider ?? 'cpu';
  if (provider !== 'cpu' && provider !== 'cuda') throw new EngineError(`unknown execution provider ${JSON.stringify(provider)}`, "use 'cpu' or 'cuda'");
  const base: InferenceSession.SessionOptions = options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {};
  const open = (eps: ExecutionProvider[]) => (typeof model === 'string' ? InferenceSession.create(model, { ...base, executionProviders: eps }) : InferenceSession.create(model, { ...base, executionProviders: eps }));
  if (provider === 'cuda') {
    try {
      return { session: await open(['cuda']), provider: 'cuda' };
    } catch (err) {
      const firstLine = String((err as Error).message ?? err).split('\n')[0];
      (options.warn ?? ((m: string) => console.warn(m)))(
        `onnxruntime: the CUDA execution provider is unavailable (${firstLine}); running on CPU. Install onnxruntime-node with its CUDA libraries (without onnxruntime-node-install=skip) on a machine with CUDA 12 to use the GPU.`,
      );
    }
  }
  return { session: await open(['cpu']), provider: 'cpu' };
}
