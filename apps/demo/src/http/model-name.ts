import { HttpError } from './http-error.js';

/** What a model name may look like: a plain folder name, no separators, no leading dot. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Whether `name` can name a model folder (used for listing as well as for requests). */
export function isModelName(name: string): boolean {
  return MODEL_NAME.test(name) && !name.includes('..');
}

/**
 * Checks a model name from a URL (already percent-decoded by the router): anything that could
 * reach outside the models folder (`..`, `/`, `\`, NUL, encoded variants) is a 400 before the
 * name is looked up.
 */
export function checkModelName(name: unknown): string {
  if (typeof name !== 'string' || !isModelName(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : String(name);
    throw new HttpError(400, `invalid model name ${shown}`, 'a model name is the name of a folder in the models folder: letters, digits, ".", "_" and "-"; GET /api/models lists them', 'invalid-model-name');
  }
  return name;
}
