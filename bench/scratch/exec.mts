import Database from 'better-sqlite3';
const db = new Database(process.argv[2]!);
const t0 = performance.now();
db.exec(process.argv[3]!);
console.log('done', (performance.now() - t0).toFixed(0), 'ms');
