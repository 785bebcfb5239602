#!/usr/bin/env node
/**
 * Ops commands for projections (DATABASE_URL names the database):
 *   status                      every build: status, position, lag, error
 *   rebuild <name>              a fresh copy of the serving version (its next generation), built beside it
 *   watch <name> <version> [<generation>]   a progress bar (events/s, position, ETA) until the build serves
 *   cancel <name> [<version>]   stop the build under way (a rebuild or a new version); its runner drops its tables
 *   drop <name> <version> [<generation>]    drop the tables of a retired or cancelled build
 *   retention <raw> <minute> <hour>   the retention job: days of raw points, minute and hour rollups kept
 *   rebuild-tenant <name> <tenant>    rebuild one tenant's rows of the serving version from the log
 * A build is started by deploying a new version (see projection-registry.ts) or by `rebuild` (the query
 * API's startRebuild does the same): runners build it beside the serving one and switch when it has
 * caught up; it resumes after a crash from its checkpoint.
 */
import { SingleBar, Presets } from 'cli-progress';
import pg from 'pg';
import { projectionStatuses, type ProjectionStatus } from './projection-status.js';
import { applyRetention } from '../timeseries/retention.js';
import { rebuildTenant } from '../rebuild/rebuild-tenant.js';
import { cancelRebuild, requestRebuild } from '../rebuild/runtime-rebuild.js';
import { buildName } from '../runner/build-name.js';
import { projectionVersion, servingProjection } from './projection-registry.js';

const USAGE = [
  'usage: chronicle-projections status | rebuild <name> | watch <name> <version> [<generation>]',
  '  | cancel <name> [<version>] | drop <name> <version> [<generation>]',
  '  | retention <raw days> <minute days> <hour days> | rebuild-tenant <name> <tenant>',
].join('\n');

async function main(args: string[]): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('chronicle-projections: DATABASE_URL must be set');
    return 2;
  }
  const [command, name, third, fourth] = args;
  const version = Number(third);
  const generation = fourth === undefined ? undefined : Number(fourth);
  const build = Boolean(name) && Number.isSafeInteger(version) && validGeneration(generation);
  const needs = {
    status: true,
    retention: args.length === 4,
    'rebuild-tenant': Boolean(name && third),
    rebuild: Boolean(name) && args.length === 2,
    watch: build,
    cancel: Boolean(name) && (third === undefined || Number.isSafeInteger(version)) && args.length <= 3,
    drop: build,
  } as Record<string, boolean>;
  if (!command || !needs[command]) {
    console.error(USAGE);
    return 2;
  }
  // As the projectors' role: it owns the read-model tables it drops and prunes.
  const client = new pg.Client({
    connectionString: url,
    application_name: 'chronicle-projections-cli',
    options: '-c role=chronicle_projector',
  });
  await client.connect();
  try {
    switch (command) {
      case 'status':
        return await status(client);
      case 'rebuild':
        return await rebuild(client, name!);
      case 'watch':
        return await watch(client, name!, version, generation);
      case 'cancel':
        return await cancel(client, name!, third === undefined ? undefined : version);
      case 'drop':
        return await drop(client, name!, version, generation ?? 1);
      case 'rebuild-tenant': {
        const projection = await servingProjection(client, name!);
        if (!projection) throw new Error(`no serving projection named ${name}`);
        const rebuilt = await rebuildTenant(client, projection, third!);
        console.log(`${buildName(projection)}: tenant ${third} rebuilt from ${rebuilt.events} events`);
        return 0;
      }
      case 'retention': {
        const [rawDays, minuteDays, hourDays] = args.slice(1).map(Number);
        const outcome = await applyRetention(client, {
          rawDays: rawDays ?? NaN,
          minuteDays: minuteDays ?? NaN,
          hourDays: hourDays ?? NaN,
        });
        console.log(
          `deleted ${outcome.points} points, ${outcome.minuteRollups} minute and ${outcome.hourRollups} hour rollups`,
        );
        return 0;
      }
    }
    return 2;
  } finally {
    await client.end();
  }
}

async function status(client: pg.Client): Promise<number> {
  const rows = (await projectionStatuses(client)).map((row) => ({
    projection: buildName(row),
    status: row.bulk ? `building: ${row.bulk.built}/${row.bulk.units} units` : row.status,
    position: String(row.position),
    'behind (events)': String(row.head - row.position),
    applied: row.eventsApplied,
    updated: row.updatedAt.toISOString(),
    error: row.error ?? '',
  }));
  console.table(rows);
  return 0;
}

/** A fresh copy of the serving version, built beside it by the runners (as the query API's startRebuild). */
async function rebuild(client: pg.Client, name: string): Promise<number> {
  const build = await requestRebuild(client, name, null);
  console.log(
    `${buildName(build)} requested: the runners build it beside the serving copy and switch when it has caught up.`,
  );
  console.log(
    `Watch it with: watch ${name} ${build.version} ${build.generation}; stop it with: cancel ${name}`,
  );
  return 0;
}

async function watch(
  client: pg.Client,
  name: string,
  version: number,
  generation: number | undefined,
): Promise<number> {
  // Without a generation: the newest build of the version (a rebuild under way, if any).
  const find = async () =>
    (await projectionStatuses(client))
      .filter((row) => row.name === name && row.version === version)
      .filter((row) => generation === undefined || row.generation === generation)
      .at(-1);
  let row = await find();
  if (!row) {
    console.error(`no projection ${name} v${version}${generation ? ` generation ${generation}` : ''}`);
    return 1;
  }
  const watched = row.generation;
  const label = buildName(row);
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate} ev/s | ETA {eta_formatted} | {status}`,
    },
    Presets.shades_classic,
  );
  // A bulk build's units come after its replay, while the position stands still: show how many are built.
  const statusOf = (of: ProjectionStatus) =>
    of.bulk ? `building: ${of.bulk.built}/${of.bulk.units} units` : of.status;
  let last = { at: Date.now(), applied: row.eventsApplied };
  bar.start(Number(row.head), Number(row.position), { rate: 0, status: statusOf(row) });
  const settled = (of: ProjectionStatus) =>
    of.status !== 'requested' && of.status !== 'building' && of.head <= of.position;
  while (row && !settled(row)) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    row = (await projectionStatuses(client)).find(
      (of) => of.name === name && of.version === version && of.generation === watched,
    );
    if (!row) break;
    const now = Date.now();
    const rate = Math.round(((row.eventsApplied - last.applied) * 1000) / Math.max(1, now - last.at));
    last = { at: now, applied: row.eventsApplied };
    bar.setTotal(Number(row.head));
    bar.update(Number(row.position), { rate, status: statusOf(row) });
    if (row.status === 'failed' || row.status === 'cancelled') break;
  }
  bar.stop();
  if (row?.error) console.error(row.error);
  return row?.status === 'live' ? 0 : 1;
}

/** The build under way (of `version`, if given), as the query API's cancelRebuild. */
async function cancel(client: pg.Client, name: string, version: number | undefined): Promise<number> {
  const build = await cancelRebuild(client, name, null, version);
  console.log(
    `${buildName(build)} cancelled; its runner stops it at the next batch and drops its tables (a runner gone: drop ${name} ${build.version} ${build.generation})`,
  );
  return 0;
}

async function drop(client: pg.Client, name: string, version: number, generation: number): Promise<number> {
  const projection = projectionVersion(name, version, generation);
  const label = buildName({ name, version, generation });
  if (!projection) {
    console.error(`this code does not know ${label}`);
    return 1;
  }
  await client.query('BEGIN');
  const { rows } = await client.query<{ status: string }>(
    `SELECT status FROM chronicle_read.projections
      WHERE name = $1 AND version = $2 AND generation = $3 FOR UPDATE`,
    [name, version, generation],
  );
  if (rows[0]?.status !== 'retired' && rows[0]?.status !== 'cancelled') {
    await client.query('ROLLBACK');
    console.error(
      `${label} is ${rows[0]?.status ?? 'unknown'}: only retired or cancelled versions are dropped`,
    );
    return 1;
  }
  // Partitions go with their table; a cancelled bulk build leaves working tables too.
  for (const table of projection.tables ?? Object.values(projection.views)) {
    await client.query(`DROP TABLE IF EXISTS chronicle_read.${table}`);
  }
  await client.query(
    `DELETE FROM chronicle_read.projections WHERE name = $1 AND version = $2 AND generation = $3`,
    [name, version, generation],
  );
  await client.query('COMMIT');
  console.log(`${label} dropped`);
  return 0;
}

function validGeneration(generation: number | undefined): boolean {
  return generation === undefined || (Number.isSafeInteger(generation) && generation >= 1);
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`chronicle-projections: ${(error as Error).message}`);
  return 1;
});
