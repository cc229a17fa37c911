/**
 * The plugin as every nx command loads it: build-graph inference only (graph/). The operations CLI (executors/,
 * listed in executors.json) is loaded only when one of its targets runs, so the runtimes it drives stay out of here.
 */
export { createNodes } from './graph/create-nodes';
export { createDependencies } from './graph/create-dependencies';
