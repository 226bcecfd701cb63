import { readFileSync } from 'node:fs';
import { VERSION } from '@vaekit/onnx';
import { describe, expect, it } from 'vitest';

describe('VERSION', () => {
  it("equals package.json's version (it goes into every manifest and ONNX file)", () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
