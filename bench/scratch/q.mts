import Database from 'better-sqlite3';
const db = new Database(process.argv[2]!, { readonly: process.argv[4] !== 'rw' });
db.pragma('cache_size = -200000');
const sql = process.argv[3]!;
console.log(db.prepare('EXPLAIN QUERY PLAN ' + sql).all().map((x: any) => '   ' + x.detail).join('\n'));
for (let i = 0; i < 3; i++) {
  const t0 = performance.now(); const c0 = process.cpuUsage();
  const r = db.prepare(sql).all();
  const c = process.cpuUsage(c0);
  console.log((performance.now() - t0).toFixed(0), 'ms wall', ((c.user + c.system) / 1000).toFixed(0), 'ms cpu', JSON.stringify(r).slice(0, 100));
}
