package io.drydock.server;

import io.drydock.server.jobs.JobHandler;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * One feature of the server (inventory, scanning and re-evaluation, API, dashboard, ...): its HTTP
 * routes, the job kinds it runs, and what it starts and stops. {@link DrydockServer} composes them.
 */
public interface ServerPart extends AutoCloseable {
  /** Adds this part's routes; paths under {@code /api/} require a token. */
  default void routes(RoutesConfig routes) {}

  /** The job kinds this part runs, by kind. */
  default Map<String, JobHandler> jobs() {
    return Map.of();
  }

  /** Starts background work (watches, schedules) once the database and the HTTP server are up. */
  default void start() throws Exception {}

  @Override
  default void close() {}
}
