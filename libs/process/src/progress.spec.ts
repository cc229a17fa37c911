import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { lastStep, progressLine, withProgress } from './progress';
import { run } from './run';

/** A stream that is no terminal, collecting what the display prints. */
function screen(): { out: NodeJS.WriteStream; printed: () => string } {
  const stream = new PassThrough();
  let printed = '';
  stream.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  return { out: stream as unknown as NodeJS.WriteStream, printed: () => printed };
}

describe('the build progress display', () => {
  const folder = mkdtempSync(join(tmpdir(), 'progress-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("reads cargo's steps and BuildKit's", () => {
    const cargo = '   Compiling serde v1.0.219\n    Building [=====>        ] 120/456: serde, tokio\r    Building [======>       ] 121/456: tokio\r';
    expect(lastStep(cargo)).toEqual({ done: 121, total: 456, what: 'tokio' });
    expect(lastStep('#7 [build 5/9] RUN cargo build --release\n#7 12.3 Compiling api')).toEqual({
      done: 5,
      total: 9,
      what: 'RUN cargo build --release',
    });
    expect(lastStep('nothing to count here')).toBeUndefined();
    expect(progressLine('Building api, web', 65_000, { done: 3, total: 9, what: 'x' })).toBe('Building api, web · 1 min 05 s · step 3/9: x');
  });

  it('shows a line instead of the output, and keeps the output in the log', async () => {
    const { out, printed } = screen();
    const log = join(folder, 'ok.log');
    const script = 'for (let i = 1; i <= 3; i++) process.stderr.write(`    Building [==>  ] ${i}/3: crate${i}\\r`); console.log("Finished release");';

    await withProgress('Building demo', log, (onOutput) => run(process.execPath, ['-e', script], { cwd: folder, onOutput }), out);

    expect(printed()).toMatch(/^Building demo · 0 s\nBuilding demo · \d+ s · step 3\/3: crate3\n$/);
    expect(readFileSync(log, 'utf8')).toContain('Finished release');
  });

  it('shows the last lines and where the whole output is when the build fails', async () => {
    const { out, printed } = screen();
    const log = join(folder, 'failed.log');
    const script = 'console.log("   Compiling api"); console.error("error[E0425]: cannot find value `x`"); process.exit(101);';

    const build = withProgress('Building demo', log, (onOutput) => run(process.execPath, ['-e', script], { cwd: folder, onOutput }), out);

    await expect(build).rejects.toThrow(`Building demo failed after 0 s: its last lines are above, all of it is in ${log}`);
    expect(printed()).toContain('error[E0425]: cannot find value `x`');
  });
});
