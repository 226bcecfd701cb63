import { execFileSync } from 'node:child_process';

/** The folder of Debian's python3-onnx package (holding onnx.proto), or undefined when it is not installed. */
export const PYTHON_ONNX_DIR: string | undefined = (() => {
  try {
    return execFileSync('/usr/bin/python3', ['-c', 'import onnx, os; print(os.path.dirname(onnx.__file__))'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
})();

export const SKIP_REASON = 'skipped: /usr/bin/python3 cannot import onnx (apt-get install python3-onnx to run it)';
