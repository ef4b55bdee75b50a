-- Scanning and re-evaluation (io.drydock.server.scan): how many images of a re-evaluation could
-- not be evaluated (unreadable stored SBOM, matching failure); the run goes on without them.
ALTER TABLE evaluations ADD COLUMN errors INTEGER NOT NULL DEFAULT 0;
