// DuckDB anchor for tests/stats/bench.sh: reads the NDJSON of every
// response (stats_bench ndjson) and computes per-school satisfaction with
// the same GROUP BY as the sqlite3 anchor; prints "groups satisfied valid".
// Run with NODE_PATH pointing at a node_modules holding @duckdb/node-api.
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
    FROM (SELECT school, unnest(json_extract_string(answers, '$.*')) AS v
            FROM read_ndjson('${file}', columns = {school: 'VARCHAR', status: 'VARCHAR', answers: 'JSON'})
           WHERE status = 'submitted')
   GROUP BY school`);
let s = 0n, n = 0n;
const rows = res.getRows();
for (const r of rows) { s += BigInt(r[1]); n += BigInt(r[2]); }
console.log(`${rows.length} ${s} ${n}`);
