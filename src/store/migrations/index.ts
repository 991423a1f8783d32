import type { Migration } from 'kysely';
import { init } from './20261127000000-init.ts';
import { editVersions } from './20261127010000-edit-versions.ts';
import { reportFiles } from './20261127020000-report-files.ts';
import { supervision } from './20261127100000-supervision.ts';
import { promises } from './20261127200000-promises.ts';
import { supervisionOverrides } from './20261128050000-supervision-overrides.ts';
import { auditEntityIndex } from './20261128070000-audit-entity-index.ts';
import { cooperationInputs } from './20261128090000-cooperation-inputs.ts';
import { viewSnapshots } from './20261128110000-view-snapshots.ts';

/** All migrations, append-only, keyed by a timestamp-prefixed name (sorted by name when run). */
export const migrations: Record<string, Migration> = {
  '20261127000000-init': init,
  '20261127010000-edit-versions': editVersions,
  '20261127020000-report-files': reportFiles,
  '20261127100000-supervision': supervision,
  '20261127200000-promises': promises,
  '20261128050000-supervision-overrides': supervisionOverrides,
  '20261128070000-audit-entity-index': auditEntityIndex,
  '20261128090000-cooperation-inputs': cooperationInputs,
  '20261128110000-view-snapshots': viewSnapshots,
};
