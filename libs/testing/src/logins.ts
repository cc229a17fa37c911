/** Logins of the demo coach, as the end-to-end tests and the benchmarks use them: the cookies a browser would send back. */

/**
 * What a browser sends back after these responses: every cookie they set, later ones replacing earlier ones and
 * removals dropped. The benchmark never names a cookie: their names belong to the apps (`contract`, the web).
 */
function cookieJar(...responses: Response[]): string {
  const jar = new Map<string, string>();
  for (const response of responses) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const removed = pair.endsWith('=') || attributes.some((attribute) => /^\s*max-age=0$/i.test(attribute));
      if (removed) jar.delete(name);
      else jar.set(name, pair);
    }
  }
  if (jar.size === 0) throw new Error(`no cookie in the answer (${responses.map((response) => response.status).join(', ')})`);
  return [...jar.values()].join('; ');
}

/** Logs in to the api itself (POST /login). */
export async function apiLogin(apiUrl: string): Promise<string> {
  const login = await fetch(`${apiUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'coach@example.com', password: 'password' }),
  });
  if (!login.ok) throw new Error(`api login failed: ${login.status} ${await login.text()}`);
  return cookieJar(login);
}

/** Logs in through the web's own form, CSRF token and all. */
export async function webLogin(webUrl: string): Promise<string> {
  const form = await fetch(`${webUrl}/login`);
  const token = /name="csrf_token" value="([0-9a-f]+)"/.exec(await form.text())?.[1] ?? '';
  const login = await fetch(`${webUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieJar(form) },
    body: new URLSearchParams({ csrf_token: token, email: 'coach@example.com', password: 'password', next: '/' }),
  });
  if (login.status !== 303) throw new Error(`web login failed: ${login.status}`);
  return cookieJar(form, login);
}
