import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digest, goldenDir, goldenSources } from './golden.ts';

describe('golden reports', () => {
  it.each(goldenSources().map((s) => [s.name, s.path]))('%s parses as reviewed', (name, path) => {
    const file = join(goldenDir, `${name}.expected.json`);
    expect(existsSync(file), `missing ${file}: run npm run test:golden:update`).toBe(true);
    const expected: unknown = JSON.parse(readFileSync(file, 'utf8'));
    expect(digest(path)).toEqual(expected);
  });
});
