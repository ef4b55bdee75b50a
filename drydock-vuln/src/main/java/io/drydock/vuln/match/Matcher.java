package io.drydock.vuln.match;

import io.drydock.sbom.Component;
import io.drydock.sbom.OsInfo;
import io.drydock.vuln.store.AdvisoryStore;
import java.io.IOException;
import java.util.List;

/**
 * Matches the packages of one ecosystem family against advisories. Stateless and thread-safe;
 * listed in {@link Matchers#all()}.
 */
public interface Matcher {
  /** Stable name: {@code "os/dpkg"}, {@code "lang/maven"}. */
  String name();

  /**
   * Whether this matcher is responsible for the component (string compares only). Language matchers
   * never take an OS-owned component ({@link Component#osOwned()}): its distribution's advisories
   * cover it.
   */
  boolean handles(Component component, OsInfo os);

  /**
   * The findings for one component, one per matching advisory (merging by alias happens after),
   * with diagnostics added to {@code diagnostics} (undecided versions, an OS without advisory
   * ecosystem, a package without a version). Only called for components it {@link #handles}.
   */
  List<Finding> match(Component component, OsInfo os, AdvisoryIndex index, List<String> diagnostics)
      throws IOException;

  /** As {@link #match(Component, OsInfo, AdvisoryIndex, List)} asking {@code store} directly. */
  default List<Finding> match(
      Component component, OsInfo os, AdvisoryStore store, List<String> diagnostics)
      throws IOException {
    return match(component, os, AdvisoryIndex.of(store), diagnostics);
  }
}
