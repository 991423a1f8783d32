// npm run bench:parse [-- --json]
import { runParseBench } from './parse.ts';

const r = runParseBench();
if (process.argv.includes('--json')) console.log(JSON.stringify({ parse: r }));
else {
  console.log(`parse benchmark: ${r.files} files, ${r.mb.toFixed(2)} MB per pass (corpus + sample)`);
  console.log(`  parse          ${r.mbPerS.toFixed(1).padStart(7)} MB/s   (goal >= 20)`);
  console.log(`  floor          ${r.floorMbPerS.toFixed(1).padStart(7)} MB/s   (decode + one regex pass)`);
  console.log(`  floor ratio    ${r.floorRatio.toFixed(2).padStart(7)} x      (goal <= 10)`);
  console.log(
    `  sample alone   ${r.sampleMbPerS.toFixed(1).padStart(7)} MB/s   (8 copies: only the first is read)`,
  );
}
