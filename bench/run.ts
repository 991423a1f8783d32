// npm run bench [-- --json]: every benchmark, as a table or one JSON object.
import { runParseBench } from './parse.ts';

const results = { parse: runParseBench() };
if (process.argv.includes('--json')) console.log(JSON.stringify(results));
else {
  console.log('benchmark                value');
  console.log(`parse.mbPerS             ${results.parse.mbPerS.toFixed(1)}`);
  console.log(`parse.floorMbPerS        ${results.parse.floorMbPerS.toFixed(1)}`);
  console.log(`parse.floorRatio         ${results.parse.floorRatio.toFixed(2)}`);
}
