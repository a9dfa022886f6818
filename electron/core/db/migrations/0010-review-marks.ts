import { lockTriggersSql } from '../lock-triggers';

/**
 * Review marks (issue 12). A person's mark on a record keeps the version of its standardised
 * values they saw (the record's std_hash then, `std_hash`) and the newest import at that moment
 * (`seen_import_id`: the values seen are the record's values as of that import, so what changed
 * since is read from record_changes after it; no copy of the values is kept).
 *
 * The database keeps each mark's `record_hash` and `live` equal to its record's current std_hash
 * and deleted state (a trigger on every form table: the next step, 0011-review-form-tables.ts), so
 * a mark goes stale by itself when an import changes the record, and counting a person's reviewed
 * and changed records reads one index of the marks alone. A removed mark stays as a row with
 * std_hash NULL: every mark and removal is one row change, which a trigger copies into the
 * append-only review_mark_history with the audit event that made it. review_horizons keeps the
 * import at a person's first mark on each site's form: records that arrive after it are "new
 * since your review". All of it is frozen by the lock.
 */
const schema = /* sql */ `
CREATE TABLE review_marks (
  form TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  user_name TEXT NOT NULL,
  -- copied from the record when marked (a record never changes site, subject or first import)
  site_id TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  first_import_id INTEGER NOT NULL,
  -- the version marked (NULL: the mark was removed) and the newest import when it was marked
  std_hash INTEGER,
  seen_import_id INTEGER NOT NULL,
  event_id INTEGER NOT NULL,
  -- kept equal to the record's current std_hash and deleted state by the form tables' triggers
  record_hash INTEGER NOT NULL,
  live INTEGER NOT NULL,
  PRIMARY KEY (form, record_id, user_name)
) WITHOUT ROWID;
-- A person's marks on a form in the order the data are listed, holding all a page of the Review
-- filter and a subject's counts read (reviewed: std_hash = record_hash; changed: they differ).
CREATE INDEX review_marks_by_person ON review_marks
  (user_name, form, site_id, subject_id, record_id, live, std_hash, record_hash, first_import_id);
-- A person's marks in force on live records, by their record's arrival (as the form tables'
-- review index orders records): the marks before and after the person's horizon at a site are
-- two ranges, counted without reading a mark.
CREATE INDEX review_marks_by_arrival ON review_marks
  (user_name, form, site_id, first_import_id, subject_id, live, std_hash)
  WHERE live = 1 AND std_hash IS NOT NULL;
-- The marks gone stale (their record changed since): few, so "changed since my review" reads only them.
CREATE INDEX review_marks_changed ON review_marks
  (user_name, form, site_id, subject_id, record_id, live, std_hash, record_hash)
  WHERE live = 1 AND std_hash <> record_hash;

CREATE TABLE review_horizons (
  user_name TEXT NOT NULL,
  form TEXT NOT NULL,
  site_id TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  PRIMARY KEY (user_name, form, site_id)
) WITHOUT ROWID;

CREATE TABLE review_mark_history (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL,
  user_name TEXT NOT NULL,
  form TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  std_hash INTEGER,
  seen_import_id INTEGER NOT NULL
);
CREATE INDEX review_mark_history_by_record ON review_mark_history (form, record_id);

CREATE TRIGGER review_marks_history_insert AFTER INSERT ON review_marks
BEGIN
  INSERT OR IGNORE INTO review_horizons (user_name, form, site_id, first_seen)
  VALUES (NEW.user_name, NEW.form, NEW.site_id, NEW.seen_import_id);
  INSERT INTO review_mark_history (event_id, user_name, form, record_id, std_hash, seen_import_id)
  VALUES (NEW.event_id, NEW.user_name, NEW.form, NEW.record_id, NEW.std_hash, NEW.seen_import_id);
END;
CREATE TRIGGER review_marks_history_update AFTER UPDATE OF std_hash, seen_import_id, event_id ON review_marks
BEGIN
  INSERT INTO review_mark_history (event_id, user_name, form, record_id, std_hash, seen_import_id)
  VALUES (NEW.event_id, NEW.user_name, NEW.form, NEW.record_id, NEW.std_hash, NEW.seen_import_id);
END;
CREATE TRIGGER review_marks_no_delete BEFORE DELETE ON review_marks
BEGIN SELECT RAISE(ABORT, 'a review mark is removed by unmarking it, never deleted'); END;

CREATE TRIGGER review_mark_history_append_only_update BEFORE UPDATE ON review_mark_history
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER review_mark_history_append_only_delete BEFORE DELETE ON review_mark_history
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

CREATE TRIGGER review_horizons_append_only_update BEFORE UPDATE ON review_horizons
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER review_horizons_append_only_delete BEFORE DELETE ON review_horizons
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

${lockTriggersSql('review_marks')}
${lockTriggersSql('review_horizons')}
${lockTriggersSql('review_mark_history')}
`;

export const migration0010 = schema;
