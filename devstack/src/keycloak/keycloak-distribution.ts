import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import extractZip from 'extract-zip';

/** The Keycloak server we develop and test against (see shared stack notes for the versions served). */
export const KEYCLOAK_VERSION = process.env.CHRONICLE_KEYCLOAK_VERSION ?? '26.7.3';

const ARTIFACT = 'org.keycloak:keycloak-quarkus-dist';

/** `CHRONICLE_CACHE_DIR`, or `$XDG_CACHE_HOME/chronicle`, or `~/.cache/chronicle`. */
export function cacheDir(): string {
  return (
    process.env.CHRONICLE_CACHE_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'chronicle')
  );
}

/**
 * The unpacked Keycloak server distribution, fetched from Maven Central once and cached. With Maven on the
 * PATH it fetches through Maven (honouring the user's mirrors and proxies); without, it downloads the zip
 * from Maven Central itself and checks its SHA-1.
 */
export async function keycloakDistribution(log: (line: string) => void = () => {}): Promise<string> {
  const home = join(cacheDir(), `keycloak-${KEYCLOAK_VERSION}`);
  if (existsSync(join(home, 'bin', 'kc.sh'))) return home;
  const work = join(cacheDir(), `.keycloak-${KEYCLOAK_VERSION}-${randomBytes(4).toString('hex')}`);
  await mkdir(work, { recursive: true });
  try {
    log(`fetching Keycloak ${KEYCLOAK_VERSION} from Maven Central (once; cached in ${cacheDir()})`);
    const zip = hasMaven() ? fetchWithMaven(work) : await fetchDirectly(work);
    await extractZip(zip, { dir: join(work, 'unpacked') });
    const [top] = await readdir(join(work, 'unpacked'));
    if (!top || !existsSync(join(work, 'unpacked', top, 'bin', 'kc.sh'))) {
      throw new Error(`the Keycloak ${KEYCLOAK_VERSION} zip has no bin/kc.sh`);
    }
    // Renamed into place whole, so a cut-off fetch never leaves a half-unpacked cache behind.
    await rename(join(work, 'unpacked', top), home).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(join(home, 'bin', 'kc.sh'))) throw error; // another run got there first
    });
    return home;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function hasMaven(): boolean {
  return spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status === 0;
}

function fetchWithMaven(work: string): string {
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      'dependency:copy',
      `-Dartifact=${ARTIFACT}:${KEYCLOAK_VERSION}:zip`,
      `-DoutputDirectory=${work}`,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(
      `Maven could not fetch ${ARTIFACT}:${KEYCLOAK_VERSION}:\n${result.stdout}${result.stderr}`,
    );
  }
  return join(work, `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.zip`);
}

async function fetchDirectly(work: string): Promise<string> {
  const repository = process.env.CHRONICLE_MAVEN_REPOSITORY ?? 'https://repo1.maven.org/maven2';
  const url = `${repository}/org/keycloak/keycloak-quarkus-dist/${KEYCLOAK_VERSION}/keycloak-quarkus-dist-${KEYCLOAK_VERSION}.zip`;
  const zip = join(work, 'keycloak.zip');
  const [archive, checksum] = await Promise.all([fetch(url), fetch(`${url}.sha1`)]);
  if (!archive.ok || !archive.body || !checksum.ok) {
    throw new Error(
      `could not download ${url} (HTTP ${archive.status}); install Maven, or set KEYCLOAK_URL to use a running Keycloak`,
    );
  }
  await pipeline(Readable.fromWeb(archive.body as ReadableStream), createWriteStream(zip));
  const expected = (await checksum.text()).trim().split(/\s+/)[0];
  const hash = createHash('sha1');
  await pipeline(createReadStream(zip), hash);
  if (hash.digest('hex') !== expected) throw new Error(`${url} does not match its published SHA-1`);
  return zip;
}
