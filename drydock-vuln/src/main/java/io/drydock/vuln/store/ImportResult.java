package io.drydock.vuln.store;

import java.util.List;

/**
 * What one import did. Immutable.
 *
 * @param read valid records read from the inputs
 * @param added records whose id was not stored before
 * @param replaced stored records replaced by a record with a later {@code modified}
 * @param unchanged records ignored because the stored one is as new or newer
 * @param invalid records skipped as invalid (bad JSON, missing fields, too large)
 * @param invalidExamples the first few invalid records, each "source: reason" on one line
 * @param total advisories in the store after the import
 */
public record ImportResult(
    long read,
    long added,
    long replaced,
    long unchanged,
    long invalid,
    List<String> invalidExamples,
    long total) {
  public ImportResult {
    invalidExamples = List.copyOf(invalidExamples);
  }
}
