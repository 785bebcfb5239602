import { migrate } from './migrate.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: point it at the database to migrate');
  process.exit(2);
}
const applied = await migrate(url, (message) => console.log(message));
console.log(applied.length ? `applied ${applied.join(', ')}` : 'schema is up to date');
