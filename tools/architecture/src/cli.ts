// `rust-cycles <crate dir>...` (relative to the current folder): fails when the files of a crate refer to each other in a circle, naming the files.
import { resolve } from 'node:path';
import { crateRoots, findCycles, readModuleGraph } from './rust-modules';

const [command, ...crates] = process.argv.slice(2);
if (command !== 'rust-cycles' || crates.length === 0) {
  console.error('usage: cli.ts rust-cycles <crate dir> [<crate dir>...]');
  process.exit(2);
}
let failed = false;
for (const crate of crates) {
  const crateDir = resolve(crate);
  for (const root of crateRoots(crateDir)) {
    const graph = readModuleGraph(crateDir, root);
    const cycles = findCycles(graph);
    if (cycles.length === 0) {
      console.log(`${crate} (${root}): ${graph.files.size} files, no import cycles`);
      continue;
    }
    failed = true;
    for (const cycle of cycles) console.error(`${crate} (${root}): import cycle through ${cycle.length} files: ${cycle.join(', ')}`);
  }
}
process.exit(failed ? 1 : 0);
