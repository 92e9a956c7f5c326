// DuckDB anchor for tests/stats/bench.sh: reads the NDJSON of every
// response (stats_bench ndjson) and computes per-school satisfaction with
// the same GROUP BY as the sqlite3 anchor; prints "groups satisfied valid".
// Run with NODE_PATH pointing at a node_modules holding @duckdb/node-api.
// The answers are read as a MAP(VARCHAR, VARCHAR), the fastest of the forms
// a DuckDB user would write (2026-12-01, DuckDB 1.5, 1M responses, three
// interleaved pairs on a loaded 2-core VM, the same result each): a MAP
// with unnest(map_values(...)) 2.16-2.47 s; the answers as JSON with
// unnest(map_values(answers)), the form used before,
// 3.41-4.28 s; a MAP with a per-row list_filter count 2.41-3.23 s.
import { createRequire } from 'node:module';
const require = createRequire(process.env.NODE_PATH + '/');
const { DuckDBInstance } = require('@duckdb/node-api');
const file = process.argv[2].replaceAll("'", "''");
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
const res = await con.runAndReadAll(`
  SELECT school,
         sum(CASE WHEN v IN ('satisfied','fairly','basic') THEN 1 ELSE 0 END) AS s,
         sum(CASE WHEN v IN ('satisfied','fairly','basic','dissatisfied') THEN 1 ELSE 0 END) AS n
    FROM (SELECT school, unnest(map_values(answers)) AS v
            FROM read_ndjson('${file}', columns = {school: 'VARCHAR', status: 'VARCHAR', answers: 'MAP(VARCHAR, VARCHAR)'})
           WHERE status = 'submitted')
   GROUP BY school`);
let s = 0n, n = 0n;
const rows = res.getRows();
for (const r of rows) { s += BigInt(r[1]); n += BigInt(r[2]); }
console.log(`${rows.length} ${s} ${n}`);
