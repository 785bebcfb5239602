#!/usr/bin/env node
/**
 * Ops commands for projections (DATABASE_URL names the database):
 *   status                      every version: status, position, lag, error
 *   watch <name> <version>      a progress bar (events/s, position, ETA) until the version serves
 *   cancel <name> <version>     stop a version that is building (its tables stay until dropped)
 *   drop <name> <version>       drop the tables of a retired or cancelled version
 *   retention <raw> <minute> <hour>   the retention job: days of raw points, minute and hour rollups kept
 *   rebuild-tenant <name> <tenant>    rebuild one tenant's rows of the serving version from the log
 * A rebuild is started by deploying a new version (see projection-registry.ts): runners build it beside
 * the serving one and switch when it has caught up; it resumes after a crash from its checkpoint.
 */
import { SingleBar, Presets } from 'cli-progress';
import pg from 'pg';
import { projectionStatuses } from './projection-status.js';
import { applyRetention } from '../timeseries/retention.js';
import { rebuildTenant } from '../rebuild/rebuild-tenant.js';
import { SERVED_PROJECTIONS, projectionVersion } from './projection-registry.js';

const USAGE =
  'usage: chronicle-projections status | watch <name> <version> | cancel <name> <version> | drop <name> <version>';

async function main(args: string[]): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('chronicle-projections: DATABASE_URL must be set');
    return 2;
  }
  const [command, name, third] = args;
  const version = Number(third);
  const needs = {
    status: true,
    retention: args.length === 4,
    'rebuild-tenant': Boolean(name && third),
    watch: Boolean(name) && Number.isSafeInteger(version),
    cancel: Boolean(name) && Number.isSafeInteger(version),
    drop: Boolean(name) && Number.isSafeInteger(version),
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
      case 'watch':
        return await watch(client, name!, version);
      case 'cancel':
        return await cancel(client, name!, version);
      case 'drop':
        return await drop(client, name!, version);
      case 'rebuild-tenant': {
        const projection = SERVED_PROJECTIONS.find((served) => served.name === name);
        if (!projection) throw new Error(`no projection named ${name}`);
        const rebuilt = await rebuildTenant(client, projection, third!);
        console.log(`${name} v${projection.version}: tenant ${third} rebuilt from ${rebuilt.events} events`);
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
    projection: `${row.name} v${row.version}`,
    status: row.status,
    position: String(row.position),
    'behind (events)': String(row.head - row.position),
    applied: row.eventsApplied,
    updated: row.updatedAt.toISOString(),
    error: row.error ?? '',
  }));
  console.table(rows);
  return 0;
}

async function watch(client: pg.Client, name: string, version: number): Promise<number> {
  const find = async () =>
    (await projectionStatuses(client)).find((row) => row.name === name && row.version === version);
  let row = await find();
  if (!row) {
    console.error(`no projection ${name} v${version}`);
    return 1;
  }
  const bar = new SingleBar(
    {
      format: `${name} v${version} [{bar}] {percentage}% | {value}/{total} | {rate} ev/s | ETA {eta_formatted} | {status}`,
    },
    Presets.shades_classic,
  );
  // A bulk build's units come after its replay, while the position stands still: show how many are built.
  const bulkBuild = projectionVersion(name, version)?.bulkBuild;
  const statusOf = async (status: string) => {
    const progress = status === 'building' ? await bulkBuild?.progress(client) : undefined;
    return progress ? `building: ${progress.built}/${progress.units} units` : status;
  };
  let last = { at: Date.now(), applied: row.eventsApplied };
  bar.start(Number(row.head), Number(row.position), { rate: 0, status: await statusOf(row.status) });
  while (row && (row.status === 'building' || row.head > row.position)) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    row = await find();
    if (!row) break;
    const now = Date.now();
    const rate = Math.round(((row.eventsApplied - last.applied) * 1000) / Math.max(1, now - last.at));
    last = { at: now, applied: row.eventsApplied };
    bar.setTotal(Number(row.head));
    bar.update(Number(row.position), { rate, status: await statusOf(row.status) });
    if (row.status === 'failed' || row.status === 'cancelled') break;
  }
  bar.stop();
  if (row?.error) console.error(row.error);
  return row?.status === 'live' ? 0 : 1;
}

async function cancel(client: pg.Client, name: string, version: number): Promise<number> {
  const { rowCount } = await client.query(
    `UPDATE chronicle_read.projections SET status = 'cancelled', updated_at = now()
      WHERE name = $1 AND version = $2 AND status = 'building'`,
    [name, version],
  );
  if (!rowCount) {
    console.error(`${name} v${version} is not building`);
    return 1;
  }
  console.log(
    `${name} v${version} cancelled; its runner stops at its next batch. Drop its tables with: drop ${name} ${version}`,
  );
  return 0;
}

async function drop(client: pg.Client, name: string, version: number): Promise<number> {
  const projection = projectionVersion(name, version);
  if (!projection) {
    console.error(`this code does not know ${name} v${version}`);
    return 1;
  }
  await client.query('BEGIN');
  const { rows } = await client.query<{ status: string }>(
    `SELECT status FROM chronicle_read.projections WHERE name = $1 AND version = $2 FOR UPDATE`,
    [name, version],
  );
  if (rows[0]?.status !== 'retired' && rows[0]?.status !== 'cancelled') {
    await client.query('ROLLBACK');
    console.error(
      `${name} v${version} is ${rows[0]?.status ?? 'unknown'}: only retired or cancelled versions are dropped`,
    );
    return 1;
  }
  // Partitions go with their table; a cancelled bulk build leaves working tables too.
  for (const table of projection.tables ?? Object.values(projection.views)) {
    await client.query(`DROP TABLE IF EXISTS chronicle_read.${table}`);
  }
  await client.query(`DELETE FROM chronicle_read.projections WHERE name = $1 AND version = $2`, [
    name,
    version,
  ]);
  await client.query('COMMIT');
  console.log(`${name} v${version} dropped`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`chronicle-projections: ${(error as Error).message}`);
  return 1;
});
