import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodePng, pixelStats } from '../helpers/png.js';

/** A PNG written by hand: 3 × 2 RGB, each row with a different filter. */
function handPng(filters: number[], pixels: number[][]): Uint8Array {
  const width = pixels[0].length / 3;
  const rows = pixels.map((row, y) => {
    const f = filters[y];
    const prev = y > 0 ? pixels[y - 1] : new Array(row.length).fill(0);
    return [
      f,
      ...row.map((v, x) => {
        const a = x >= 3 ? row[x - 3] : 0;
        const b = prev[x];
        const c = x >= 3 ? prev[x - 3] : 0;
        const pred = f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : f === 4 ? paeth(a, b, c) : 0;
        return (v - pred) & 0xff;
      }),
    ];
  });
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    new DataView(out.buffer).setUint32(0, data.length);
    out.set([...type].map((ch) => ch.charCodeAt(0)), 4);
    out.set(data, 8);
    return out; // CRC left zero: the decoder does not check it
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, pixels.length);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(Uint8Array.from(rows.flat()))), chunk('IEND', new Uint8Array())];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    png.set(p, o);
    o += p.length;
  }
  return png;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

describe('decodePng', () => {
  const pixels = [
    [255, 0, 0, 0, 255, 0, 0, 0, 255],
    [10, 20, 30, 200, 100, 50, 255, 255, 255],
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
    [9, 8, 7, 6, 5, 4, 3, 2, 1],
    [128, 128, 128, 0, 0, 0, 250, 250, 250],
  ];

  it('undoes every scanline filter', () => {
    const p = decodePng(handPng([0, 1, 2, 3, 4], pixels));
    expect(p.width).toBe(3);
    expect(p.height).toBe(5);
    const rgb = Array.from(p.rgba).filter((_, i) => i % 4 !== 3);
    expect(rgb).toEqual(pixels.flat());
  });

  it('counts distinct colours and non-white pixels', () => {
    const stats = pixelStats(decodePng(handPng([0, 0, 0, 0, 0], pixels)));
    expect(stats.distinct).toBe(15);
    expect(stats.nonWhite).toBeCloseTo(13 / 15, 6);
  });
});
