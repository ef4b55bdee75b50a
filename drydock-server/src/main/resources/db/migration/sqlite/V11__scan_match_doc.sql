-- Scanning and re-evaluation (io.drydock.server.scan): the SBOM without the packages' owned-file
-- lists (gzip of Drydock JSON), which is all matching reads: re-evaluating a fleet decodes this
-- instead of the full document in doc (kept, lossless). NULL for SBOMs stored before: doc is read.
ALTER TABLE sboms ADD COLUMN match_doc BLOB;
