/**
 * Refresh: keeps deployed images on top of their bases. When a base image is updated, find the
 * images built on it, plan a rebase or rebuild, rescan, sign and roll out.
 *
 * <p>{@link io.drydock.refresh.watch} detects the updates: tag polling and registry push webhooks.
 */
package io.drydock.refresh;
