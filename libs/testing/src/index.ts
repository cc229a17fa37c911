/** What the end-to-end tests and the benchmarks share to drive a real platform: never imported by the platform itself. */
export { startTemporaryPlatform, type TemporaryPlatform } from './temporary-platform';
