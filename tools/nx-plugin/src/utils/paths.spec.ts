import { describe, expect, it } from 'vitest';
import { fromWorkspaceRoot, toWorkspaceRelative } from './paths';

describe('paths', () => {
  it('resolves workspace-relative paths against the workspace root', () => {
    expect(fromWorkspaceRoot('/repo', 'apps/api', 'Cargo.toml')).toBe('/repo/apps/api/Cargo.toml');
  });

  it('refuses a relative workspace root, which would silently depend on process.cwd()', () => {
    expect(() => fromWorkspaceRoot('repo', 'Cargo.toml')).toThrow(/absolute/);
  });

  it('turns absolute paths into workspace-relative ones', () => {
    expect(toWorkspaceRelative('/repo', '/repo/libs/contract')).toBe('libs/contract');
  });
});
