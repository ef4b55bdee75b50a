/**
 * Detecting a new base: watched tag references, their last known manifest digests, and the two ways
 * a change is noticed — {@link io.drydock.refresh.watch.TagPoller} (manifest {@code HEAD} requests
 * with jitter, backoff and {@code Retry-After}) and registry push webhooks ({@link
 * io.drydock.refresh.watch.WebhookEndpoint}: CNCF distribution notifications, Azure Container
 * Registry and Harbor payloads, authenticated by {@link io.drydock.refresh.watch.WebhookAuth}).
 * Both report through one {@link io.drydock.refresh.watch.WatchedBases}, which de-duplicates, so a
 * push seen by a webhook does not fire again at the next poll.
 *
 * <p>No HTTP server lives here: the refresh daemon mounts {@link
 * io.drydock.refresh.watch.WebhookEndpoint#onWebhook} in its own.
 */
package io.drydock.refresh.watch;
