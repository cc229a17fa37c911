import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** PostgreSQL's defaults (scram_iterations, and the salt length libpq and the server choose). */
const ITERATIONS = 4096;
const SALT_BYTES = 16;

/**
 * The SCRAM-SHA-256 verifier of `password` (RFC 5802, RFC 7677) in the form PostgreSQL stores in pg_authid and takes
 * as is in `ALTER ROLE ... PASSWORD '<verifier>'`: `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`. Setting
 * a role's password this way, the server never receives the password itself, so no statement in pg_stat_activity or
 * the server's log holds it; it is what psql's `\password` does with libpq. `salt` is for tests; leave it random.
 */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(SALT_BYTES)): string {
  const salted = pbkdf2Sync(saslPrepared(password), salt, ITERATIONS, 32, 'sha256');
  const hmac = (text: string) => createHmac('sha256', salted).update(text).digest();
  const storedKey = createHash('sha256').update(hmac('Client Key')).digest();
  const serverKey = hmac('Server Key');
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/**
 * PostgreSQL hashes a password after SASLprep (RFC 4013), and uses it unchanged when SASLprep would leave it so or
 * refuses it (prohibited characters). A password SASLprep's mapping and NFKC normalisation would change is refused
 * here rather than hashed in a way the server might not agree with: such passwords are rare, and a generated one never
 * is.
 */
function saslPrepared(password: string): string {
  // RFC 3454 tables C.1.2 (non-ASCII spaces, mapped to a space) and B.1 (mapped to nothing).
  const mapped = password
    .replace(/[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g, ' ')
    .replace(/[\u00AD\u034F\u1806\u180B-\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g, '');
  if (mapped.normalize('NFKC') !== password) {
    throw new Error(
      'a database password must read the same after Unicode normalisation (SASLprep, RFC 4013): ' +
        'no non-breaking or other special spaces, soft hyphens, ligatures or full-width letters. Choose another, e.g. `openssl rand -hex 24`.',
    );
  }
  return password;
}
