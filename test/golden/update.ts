// Rewrites the golden files from the current parser. Review `git diff test/golden` before committing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digest, goldenDir, goldenSources } from './golden.ts';

for (const { name, path } of goldenSources()) {
  writeFileSync(join(goldenDir, `${name}.expected.json`), `${JSON.stringify(digest(path), null, 1)}\n`);
  console.log(`updated ${name}`);
}
