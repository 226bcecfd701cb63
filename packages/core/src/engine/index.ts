export { useEngine, engineInfo, formatEngineLine, ENGINE_ENV_VAR } from './engine.js';
export type { EngineName, EngineReport, UseEngineOptions } from './engine.js';
export { engineCandidates, ENGINE_NAMES } from './candidates.js';
export { formatDetails } from './candidate.js';
export type { Availability, EngineCandidate, EngineDetails } from './candidate.js';
export { importOptional, isMissingPackage } from './optional-import.js';
export type { Importer, OptionalImportResult } from './optional-import.js';
