-- API part: indexes for the API's reads.
-- The fleet-risk cache's fingerprint reads MAX(first_seen) of all findings: an index lookup.
CREATE INDEX findings_first_seen ON findings (first_seen);
