export { createNodes } from './graph/create-nodes';
export { createDependencies } from './graph/create-dependencies';
