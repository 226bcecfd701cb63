import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's chromium (apt package `chromium`), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Makes sure the browser for the end-to-end tests is there: nothing to do when it is (quick and
 * idempotent); otherwise, as root, `apt-get install -y chromium` (after `apt-get update`, as on a
 * fresh CI machine). Returns the executable, or why it is missing.
 */
export function ensureChromium(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): { path: string } | { missing: string } {
  if (existsSync(CHROMIUM_PATH)) return { path: CHROMIUM_PATH };
  if (process.getuid?.() !== 0) return { missing: `${CHROMIUM_PATH} is not installed and the tests do not run as root: run \`sudo apt-get install -y chromium\`` };
  log('installing Debian chromium for the end-to-end tests (apt-get install -y chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update'], { stdio: 'ignore', env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'ignore', env });
  } catch (err) {
    return { missing: `apt-get install -y chromium failed: ${(err as Error).message}` };
  }
  return existsSync(CHROMIUM_PATH) ? { path: CHROMIUM_PATH } : { missing: `apt-get installed chromium but ${CHROMIUM_PATH} does not exist` };
}
