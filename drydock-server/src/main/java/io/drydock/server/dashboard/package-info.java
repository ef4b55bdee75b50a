/**
 * The server's dashboard: one HTML page, one JavaScript module and one stylesheet (resources in
 * {@code io/drydock/server/dashboard/}), served without a token by {@link
 * io.drydock.server.dashboard.DashboardPart}; the page reads the token-protected {@code /api/v1}
 * JSON API with a token the user types in. No framework, no build step, nothing loaded from other
 * origins.
 */
package io.drydock.server.dashboard;
