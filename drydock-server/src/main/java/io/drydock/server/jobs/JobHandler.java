package io.drydock.server.jobs;

/** Does the work of one kind of job. Must be idempotent: a job can run again after a crash. */
@FunctionalInterface
public interface JobHandler {
  /**
   * Runs {@code job}.
   *
   * @return a short result to keep with the job (JSON or text), or {@code null}
   * @throws Exception to fail this attempt; the job is retried until its attempts run out
   */
  String run(Job job) throws Exception;
}
