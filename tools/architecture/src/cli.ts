// `rust-cycles <crate dir>...` (relative to the current folder): fails when the files of a crate refer to each other in a circle, naming the files.
// `rust-layers <crate dir>...`: fails when a module refers to a layer the crate's row in RUST_LAYERS does not allow, naming the file and the edge.
import { resolve } from 'node:path';
import { RUST_LAYERS, layerViolations } from './rust-layers';
import { crateRoots, findCycles, readModuleGraph } from './rust-modules';

const [command, ...crates] = process.argv.slice(2);
if (!['rust-cycles', 'rust-layers'].includes(command) || crates.length === 0) {
  console.error('usage: cli.ts rust-cycles|rust-layers <crate dir> [<crate dir>...]');
  process.exit(2);
}
let failed = false;
for (const crate of crates) {
  const crateDir = resolve(crate);
  const layers = RUST_LAYERS[crate];
  if (command === 'rust-layers' && !layers) {
    console.error(`${crate}: no row in RUST_LAYERS (tools/architecture/src/rust-layers.ts)`);
    failed = true;
    continue;
  }
  for (const root of crateRoots(crateDir)) {
    const graph = readModuleGraph(crateDir, root);
    const problems =
      command === 'rust-cycles'
        ? findCycles(graph).map((cycle) => `import cycle through ${cycle.length} files: ${cycle.join(', ')}`)
        : layerViolations(crateDir, graph, layers);
    if (problems.length === 0) {
      const verdict = command === 'rust-cycles' ? 'no import cycles' : 'every reference points down an allowed edge';
      console.log(`${crate} (${root}): ${graph.files.size} files, ${verdict}`);
      continue;
    }
    failed = true;
    for (const problem of problems) console.error(`${crate} (${root}): ${problem}`);
  }
}
process.exit(failed ? 1 : 0);
