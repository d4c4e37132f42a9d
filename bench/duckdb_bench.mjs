// The figure.agrees check of bench/eval_bench.cpp as SQL on DuckDB (in memory, two threads),
// over the CSV files that `verity_bench_eval --csv-dir DIR` writes. Loading is not timed; the
// query is run 3 times and the median printed, with a checksum of the pairs it found, so that
// bench/run_eval_bench.sh can compare it with verity's.
// Usage: node duckdb_bench.mjs [--runs 3] [--threads 2] facts_100000.csv [more.csv ...]
import path from 'node:path';

import duckdb, { DuckDBInstance } from '@duckdb/node-api';

const COUNT_SQL = `SELECT count(*) FROM facts a JOIN facts b
  ON a.story = b.story AND a.subject = b.subject AND a.unit = b.unit
  AND a.doc <> b.doc AND a.id < b.id
  WHERE abs(a.value - b.value) > 0.01 * greatest(abs(a.value), abs(b.value))`;
const CHECKSUM_SQL = `SELECT coalesce(sum((a.id * 31 + b.id) % 1000003), 0)::BIGINT
  FROM facts a JOIN facts b
  ON a.story = b.story AND a.subject = b.subject AND a.unit = b.unit
  AND a.doc <> b.doc AND a.id < b.id
  WHERE abs(a.value - b.value) > 0.01 * greatest(abs(a.value), abs(b.value))`;

function parseArgs(argv) {
  const options = { runs: 3, threads: 2, files: [] };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--runs') options.runs = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--threads') options.threads = Math.max(1, Number(argv[++i]));
    else options.files.push(argv[i]);
  }
  return options;
}

async function scalar(connection, sql) {
  const reader = await connection.runAndReadAll(sql);
  return BigInt(reader.getRows()[0][0]);
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.files.length === 0) {
    console.error('usage: node duckdb_bench.mjs [--runs 3] [--threads 2] FACTS.csv...');
    process.exit(2);
  }
  console.log(`DuckDB ${duckdb.version()}, threads=${options.threads}`);
  for (const file of options.files) {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`SET threads=${options.threads}`);
    const quoted = file.replaceAll("'", "''");
    const loadStart = performance.now();
    await connection.run(`CREATE TABLE facts AS SELECT * FROM read_csv('${quoted}', header=true,
      columns={'id': 'BIGINT', 'doc': 'INTEGER', 'story': 'VARCHAR', 'subject': 'VARCHAR',
               'unit': 'VARCHAR', 'value': 'DOUBLE'})`);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const facts = await scalar(connection, 'SELECT count(*) FROM facts');
    const times = [];
    let pairs = 0n;
    for (let i = 0; i < options.runs; ++i) {
      const start = performance.now();
      pairs = await scalar(connection, COUNT_SQL);
      times.push((performance.now() - start) / 1000);
    }
    const checksum = await scalar(connection, CHECKSUM_SQL);
    const seconds = median(times);
    console.log(`${path.basename(file)}: ${facts} facts, ${seconds.toFixed(3)} s, ` +
                `pairs ${pairs} (load ${loadSeconds.toFixed(2)} s)`);
    console.log(`DUCKDB facts=${facts} duckdb_s=${seconds.toFixed(6)} pairs=${pairs} ` +
                `checksum=${checksum} version=${duckdb.version()}`);
    connection.closeSync();
    instance.closeSync();
  }
}

main().catch((error) => {
  console.error(`duckdb_bench: ${error.message}`);
  process.exit(1);
});
