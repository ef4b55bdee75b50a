package io.drydock.server.jobs;

/**
 * A claimed job.
 *
 * @param id the queue's id
 * @param kind what to do (e.g. {@code scan}, {@code reevaluate}, {@code refresh})
 * @param subject what to do it to (e.g. an image digest); one queued or running job per kind and
 *     subject
 * @param payload the job's parameters (JSON), or {@code null}
 * @param attempt this attempt's number, from 1
 * @param maxAttempts attempts before the job fails for good
 */
public record Job(
    long id, String kind, String subject, String payload, int attempt, int maxAttempts) {}
