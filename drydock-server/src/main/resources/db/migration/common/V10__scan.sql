-- Scanning and re-evaluation (io.drydock.server.scan).

-- How many images of a re-evaluation could not be evaluated (unreadable stored SBOM, matching
-- failure); the run goes on without them.
ALTER TABLE evaluations ADD COLUMN errors INTEGER NOT NULL DEFAULT 0;

-- SHA-256 of the image's open findings as last written (every column of every row, in key order):
-- a re-evaluation that computes the same findings skips reading and diffing the stored rows.
ALTER TABLE images ADD COLUMN findings_hash TEXT;

-- SHA-256 (first 128 bits, hex) of a finding's non-key columns as last written: the diff reads
-- this instead of every column to tell unchanged rows from changed ones. NULL: rewrite the row.
ALTER TABLE findings ADD COLUMN facts_hash TEXT;
