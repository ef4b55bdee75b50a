-- SQLite part: tables with generated ids and binary columns.

-- The work queue: scans, re-evaluations, refreshes. A queued or running job is unique per
-- (kind, subject); a running job whose lease expired is claimed again by another worker.
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT NOT NULL,
  subject      TEXT NOT NULL,
  payload      TEXT,
  state        TEXT NOT NULL,              -- queued, running, done, failed
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 3,
  owner        TEXT,
  lease_until  BIGINT,
  not_before   BIGINT NOT NULL DEFAULT 0,
  created_at   BIGINT NOT NULL,
  started_at   BIGINT,
  finished_at  BIGINT,
  error        TEXT,
  result       TEXT
);
CREATE UNIQUE INDEX jobs_active ON jobs (kind, subject) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_claim ON jobs (state, not_before, id);

-- The SBOM of each image, once per digest (gzip of Drydock's JSON SBOM).
CREATE TABLE sboms (
  digest     TEXT PRIMARY KEY,
  format     TEXT NOT NULL,
  doc        BLOB NOT NULL,
  created_at BIGINT NOT NULL
);

-- What happened, newest last: new and resolved findings, refreshes, decisions, scans.
CREATE TABLE events (
  id     INTEGER PRIMARY KEY AUTOINCREMENT,
  at     BIGINT NOT NULL,
  kind   TEXT NOT NULL,                    -- finding.new, finding.resolved, refresh, scan, ...
  digest TEXT,
  detail TEXT                              -- JSON
);
CREATE INDEX events_at ON events (at);

-- Every refresh of a base (issue: refresh loop), with its report.
CREATE TABLE refreshes (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         BIGINT NOT NULL,
  base       TEXT NOT NULL,
  old_digest TEXT,
  new_digest TEXT NOT NULL,
  source     TEXT,
  report     TEXT                          -- JSON (RefreshReport)
);

-- Every re-evaluation of the stored SBOMs after an advisory update.
CREATE TABLE evaluations (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at       BIGINT NOT NULL,
  finished_at      BIGINT,
  advisories_built TEXT,
  images           INTEGER NOT NULL DEFAULT 0,
  new_findings     INTEGER NOT NULL DEFAULT 0,
  resolved         INTEGER NOT NULL DEFAULT 0
);
