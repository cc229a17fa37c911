/**
 * Password hashing under a burst of logins: the api's resident memory before, at the peak of, and after a burst of
 * concurrent wrong logins (each one a full Argon2 verification), and what the login throttle answers to one account
 * guessed at many times. Runs the release api of the native runtime in a temporary folder (PostgreSQL 17, demo data).
 * Prints a table and updates the login section of docs/benchmarks.md.
 *
 *   npx nx run bench:login                        (builds the release api and web first)
 *   BENCH_SECONDS=20 BENCH_CONNECTIONS=128 npx nx run bench:login
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { workspaceRoot } from '@nx/devkit';
import autocannon, { type Result } from 'autocannon';
import { consoleReporter } from '@coaching/process';
import { startTemporaryPlatform } from '@coaching/testing';
import { machine, markdownTable, measuredWith, publish, runScript } from './lib/report';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
const settleSeconds = Number(process.env.BENCH_SETTLE_SECONDS ?? 10);
const guesses = 200;

/** Resident memory of a process in MB, from the kernel's own accounting. */
async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  if (!Number.isFinite(kilobytes)) throw new Error(`no VmRSS for process ${pid}`);
  return kilobytes / 1024;
}

/**
 * Wrong logins from `connections` clients at once, each for another (unknown) email and from another address, as
 * many people behind the web or a proxy would look: neither the per-account nor the per-address throttle applies, so
 * every request costs one Argon2 verification. Samples the api's memory while it runs.
 */
async function burst(apiUrl: string, pid: number): Promise<{ result: Result; peakMb: number }> {
  let peakMb = await residentMb(pid);
  const sampler = setInterval(() => {
    residentMb(pid).then(
      (mb) => (peakMb = Math.max(peakMb, mb)),
      () => undefined,
    );
  }, 100);
  let attempt = 0;
  try {
    const result = await new Promise<Result>((resolve, reject) => {
      autocannon(
        {
          url: apiUrl,
          duration: seconds,
          connections,
          requests: [
            {
              path: '/login',
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              setupRequest: (request) => {
                attempt += 1;
                const address = `10.${(attempt >> 16) & 255}.${(attempt >> 8) & 255}.${attempt & 255}`;
                return {
                  ...request,
                  headers: { ...request.headers, 'x-forwarded-for': address },
                  body: JSON.stringify({ email: `burst-${attempt}@example.com`, password: 'not the password' }),
                };
              },
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
    });
    return { result, peakMb };
  } finally {
    clearInterval(sampler);
  }
}

/** `guesses` wrong passwords for one real account, one after another: how many are answered before the throttle. */
async function guessOneAccount(apiUrl: string): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  for (let guess = 0; guess < guesses; guess += 1) {
    const response = await fetch(`${apiUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'coach@example.com', password: `guess ${guess}` }),
    });
    await response.arrayBuffer();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  }
  return statuses;
}

async function main(): Promise<void> {
  console.log(`Login benchmark: ${seconds} s burst, ${connections} connections, ${machine()}`);
  const platform = await startTemporaryPlatform(workspaceRoot, consoleReporter);
  try {
    const pid = await platform.runtime.pid('api');
    if (pid === undefined) throw new Error('the api is not running');
    const baselineMb = await residentMb(pid);
    const { result, peakMb } = await burst(platform.apiUrl, pid);
    await sleep(settleSeconds * 1000);
    const afterMb = await residentMb(pid);
    const statuses = await guessOneAccount(platform.apiUrl);
    const answers = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${count} × ${status}`)
      .join(', ');
    const mb = (value: number) => value.toFixed(0);
    await publish(
      'login',
      'Logins under a burst',
      [
        `${measuredWith('login')} (release api, PostgreSQL 17 on the same machine: ${machine()}).`,
        `A burst of wrong logins for ${seconds} s from ${connections} connections, each for another unknown email from`,
        `another client address, so every one costs a full Argon2 verification; the api's resident memory (VmRSS) before,`,
        `at its peak during the burst, and ${settleSeconds} s after. Then ${guesses} wrong passwords in a row for one account.`,
        'Target: under 200 MB at the peak, back near the baseline after.',
      ],
      markdownTable([
        {
          'logins/s': result.requests.average.toFixed(1),
          'p99 ms': result.latency.p99.toFixed(0),
          'MB before': mb(baselineMb),
          'MB peak': mb(peakMb),
          [`MB ${settleSeconds} s after`]: mb(afterMb),
          [`${guesses} guesses at one account`]: answers,
        },
      ]),
    );
  } finally {
    await platform.stop();
  }
}

runScript(main);
