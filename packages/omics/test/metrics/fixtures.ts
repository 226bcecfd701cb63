/** The committed NumPy / sklearn references for the integration metrics (fixtures/metrics/make_integration_fixtures.py). */
import { readFileSync } from 'node:fs';
import { asPoints } from '@vaekit/core';
import type { Points } from '@vaekit/core';

export interface IntegrationCase {
  name: string;
  note: string;
  dim: number;
  points: number[];
  batches: number[];
  labels: number[];
  perplexity: number;
  labelAsw: number;
  batchAsw: number;
  batchAswPerLabel: Record<string, number>;
  lisiBatch: number[];
  lisiLabel: number[];
  iLisi: number;
  cLisi: number;
  kbetK: number;
  kbetAcceptance: number;
  kbetPValues: number[];
  kbetPerLabel: number;
  kbetPerLabelDetail: Record<string, { k: number; acceptance: number }>;
  graphConnectivity: number;
  graphConnectivityPerLabel: number[];
}

export interface IntegrationFixtures {
  cases: IntegrationCase[];
  chiSquare: { dof: number; x: number; sf: number }[];
}

export const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/metrics/integration.json', import.meta.url), 'utf8'),
) as IntegrationFixtures;

/** A fixture case by name, with its embedding as Points and its codes as Int32Arrays. */
export function loadCase(name: string): IntegrationCase & { embedding: Points; batchCodes: Int32Array; labelCodes: Int32Array } {
  const c = fixtures.cases.find((f) => f.name === name);
  if (c === undefined) throw new Error(`no fixture case ${name}`);
  return { ...c, embedding: asPoints(Float64Array.from(c.points), c.dim), batchCodes: Int32Array.from(c.batches), labelCodes: Int32Array.from(c.labels) };
}

/** Largest absolute difference between two arrays of equal length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

export const CASES = ['structured', 'overlapping', 'mixed', 'separated'] as const;
