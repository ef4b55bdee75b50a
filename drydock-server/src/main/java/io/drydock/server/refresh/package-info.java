/**
 * The refresh loop inside the server: watched bases polled (and pushed, through the registry
 * webhook) as jobs in the shared queue, the loop's state in the database so replicas agree, apps on
 * a changed base found in the inventory's lineage as well as in the config, and every report kept
 * in the refresh history.
 */
package io.drydock.server.refresh;
