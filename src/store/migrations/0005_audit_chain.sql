-- 0005: an audit log that holds (issue 10). Every entry names the child it concerns, when it
-- concerns one; entries are hash-chained (each carries the SHA-256 of its contents and of the
-- entry before, src/store/audit_log.h), and the database refuses to change or delete them.
-- Append-only: never edit a released step; add NNNN_next.sql instead.

-- Rebuilt, not altered: AUTOINCREMENT keeps the largest id ever used in sqlite_sequence, so
-- entries removed from the end are noticed as well as entries removed from the middle.
ALTER TABLE audit_log RENAME TO audit_log_v4;
DROP INDEX audit_log_by_record;
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    record_kind  TEXT NOT NULL,
    record_id    INTEGER,
    -- No foreign key: an entry outlives the records it is about.
    child_id     INTEGER,
    detail       TEXT NOT NULL DEFAULT '',
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);

-- The entries older schemas wrote keep their ids and contents; the child is filled in where
-- the record says whose it is (children, consents, programs: nothing else was audited).
INSERT INTO audit_log (id, at, actor, action, record_kind, record_id, child_id, detail,
                       prev_hash, hash)
    SELECT id, at, actor, action, record_kind, record_id,
           CASE record_kind
               WHEN 'child' THEN record_id
               WHEN 'consent' THEN (SELECT child_id FROM consents WHERE consents.id = record_id)
               WHEN 'program' THEN (SELECT child_id FROM programs WHERE programs.id = record_id)
           END,
           detail, '', ''
    FROM audit_log_v4 ORDER BY id;
DROP TABLE audit_log_v4;

-- ...and are chained in id order: the first begins the chain, each next carries the hash of
-- the one before (mimic_audit_hash is added to the connection by mimic before migrating).
WITH RECURSIVE chain (id, prev_hash, hash) AS (
    SELECT id, '', mimic_audit_hash(id, at, actor, action, record_kind, record_id, child_id,
                                    detail, '')
    FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)
    UNION ALL
    SELECT next.id, chain.hash,
           mimic_audit_hash(next.id, next.at, next.actor, next.action, next.record_kind,
                            next.record_id, next.child_id, next.detail, chain.hash)
    FROM chain JOIN audit_log AS next
        ON next.id = (SELECT min(id) FROM audit_log WHERE id > chain.id)
)
UPDATE audit_log SET prev_hash = chain.prev_hash, hash = chain.hash
FROM chain WHERE chain.id = audit_log.id;

CREATE INDEX audit_log_by_record ON audit_log (record_kind, record_id);
CREATE INDEX audit_log_by_child ON audit_log (child_id) WHERE child_id IS NOT NULL;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
