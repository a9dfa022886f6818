import Database from 'better-sqlite3';
const db = new Database(process.argv[2]!, { readonly: true });
db.pragma('cache_size = -65536');
const p = { reviewUser: 'reviewer', reviewForm: 'LB', site: process.argv[3] ?? null };
const q = (label: string, sql: string) => {
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    const r = db.prepare(sql).all(p);
    console.log(label, i, (performance.now() - t0).toFixed(0), 'ms', r.length);
  }
  console.log(db.prepare('EXPLAIN QUERY PLAN ' + sql).all(p).map((x: any) => '   ' + x.detail).join('\n'));
};
q('records', `SELECT site_id AS siteId, count(*) AS n FROM form_lb INDEXED BY form_lb_review WHERE deleted_import_id IS NULL AND (@site IS NULL OR site_id = @site) GROUP BY site_id`);
q('marked', `SELECT site_id AS siteId, state, count(*) AS n FROM review_marks INDEXED BY review_marks_by_state
       WHERE user_name = @reviewUser AND form = @reviewForm AND std_hash IS NOT NULL AND state IN (1, 2) AND live = 1
         AND (@site IS NULL OR site_id = @site) GROUP BY state, site_id`);
q('horizons', `SELECT site_id, min(seen_import_id) AS first_seen FROM review_marks INDEXED BY review_marks_by_site
  WHERE user_name = @reviewUser AND form = @reviewForm AND std_hash IS NOT NULL GROUP BY site_id`);
q('arrived', `SELECT hz.site_id AS siteId,
         (SELECT count(*) FROM form_lb r INDEXED BY form_lb_review
          WHERE r.site_id = hz.site_id AND r.first_import_id > hz.first_seen AND r.deleted_import_id IS NULL) -
         (SELECT count(*) FROM review_marks x INDEXED BY review_marks_by_site
          WHERE x.user_name = @reviewUser AND x.form = @reviewForm AND x.site_id = hz.site_id AND x.std_hash IS NOT NULL
            AND x.live = 1 AND x.first_import_id > hz.first_seen) AS n
       FROM (SELECT site_id, min(seen_import_id) AS first_seen FROM review_marks INDEXED BY review_marks_by_site
  WHERE user_name = @reviewUser AND form = @reviewForm AND std_hash IS NOT NULL GROUP BY site_id) hz WHERE @site IS NULL OR hz.site_id = @site`);
