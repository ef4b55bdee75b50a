-- Drydock server schema, part shared by SQLite and PostgreSQL (vendor parts: V2 in sqlite/ and postgresql/).
-- Times are epoch milliseconds (BIGINT); JSON documents are TEXT.

-- One row per image digest Drydock knows of (from the cluster, a registry push, the API or CI).
CREATE TABLE images (
  digest           TEXT PRIMARY KEY,
  repository       TEXT NOT NULL,          -- registry/repository of the first reference seen
  first_seen       BIGINT NOT NULL,
  last_seen        BIGINT NOT NULL,
  scanned_at       BIGINT,                 -- when the SBOM was built (NULL: not yet)
  evaluated_at     BIGINT,                 -- when findings were last matched
  advisories_built TEXT,                   -- build of the advisory database the findings come from
  os               TEXT,                   -- e.g. debian 12
  base_name        TEXT,
  base_digest      TEXT,
  base_rule        TEXT,                   -- how the base was found (annotation, flag, layers)
  diff_ids         TEXT,                   -- JSON array of the layers' diffIDs, for layer-prefix lineage
  packages         INTEGER NOT NULL DEFAULT 0,
  scan_error       TEXT                    -- the last scan's error, if it failed
);
CREATE INDEX images_base ON images (base_digest);

-- Every reference (tag or digest form) an image was seen under, and where.
CREATE TABLE image_refs (
  reference TEXT NOT NULL,                 -- as seen, e.g. registry/repo:tag
  digest    TEXT NOT NULL,
  source    TEXT NOT NULL,                 -- kubernetes, registry, api, ci
  seen_at   BIGINT NOT NULL,
  PRIMARY KEY (reference, digest)
);
CREATE INDEX image_refs_digest ON image_refs (digest);

-- Findings per image: one row per (vulnerability, package, version) as the matcher reports it.
-- resolved_at is set when a re-evaluation no longer finds it; a finding that comes back is reopened.
CREATE TABLE findings (
  digest        TEXT NOT NULL,
  vuln_id       TEXT NOT NULL,
  package       TEXT NOT NULL,
  version       TEXT NOT NULL,
  ecosystem     TEXT,
  purl          TEXT,
  aliases       TEXT,                      -- comma-separated other ids
  severity      TEXT NOT NULL,             -- CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN
  score         DOUBLE PRECISION,
  fixed_version TEXT,                      -- NULL: no fix yet
  kev           BOOLEAN NOT NULL DEFAULT FALSE,
  epss          DOUBLE PRECISION,
  origin        TEXT,                      -- base, app or unknown
  layer_index   INTEGER,
  path          TEXT,
  advice        TEXT,
  title         TEXT,
  first_seen    BIGINT NOT NULL,
  resolved_at   BIGINT,
  PRIMARY KEY (digest, vuln_id, package, version)
);
CREATE INDEX findings_open ON findings (resolved_at, severity);

-- What runs: one row per container of a workload (pods are folded into their top owner).
CREATE TABLE workloads (
  namespace  TEXT NOT NULL,
  kind       TEXT NOT NULL,                -- Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, ...
  name       TEXT NOT NULL,
  container  TEXT NOT NULL,
  image      TEXT NOT NULL,                -- the image as written in the spec
  digest     TEXT,                         -- the digest the kubelet reports (imageID), when known
  pods       INTEGER NOT NULL DEFAULT 0,   -- running pods of this workload with this container
  seen_at    BIGINT NOT NULL,
  PRIMARY KEY (namespace, kind, name, container)
);
CREATE INDEX workloads_digest ON workloads (digest);

-- API tokens: only the SHA-256 of the secret is stored.
CREATE TABLE tokens (
  name       TEXT PRIMARY KEY,
  hash       TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_used  BIGINT
);

-- Policy decisions recorded for images (by admission, CI or the API).
CREATE TABLE decisions (
  digest   TEXT NOT NULL,
  policy   TEXT NOT NULL,                  -- policy hash or name
  decision TEXT NOT NULL,                  -- allow, warn, deny
  at       BIGINT NOT NULL,
  detail   TEXT,                           -- JSON
  PRIMARY KEY (digest, policy)
);

-- Key/value facts of the server (advisory database build, last update time, ...).
CREATE TABLE server_state (
  name       TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
