/**
 * The Drydock server: keeps the inventory of what runs, the SBOM of every image once per digest,
 * re-matches stored SBOMs when advisories change, shares work between replicas through a queue in
 * the database (SQLite by default, PostgreSQL to scale out), and serves an HTTP API, Prometheus
 * metrics and a dashboard.
 */
package io.drydock.server;
