package io.drydock.server.scan;

import io.drydock.sbom.Component;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.vuln.match.AdvisoryIndex;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.Matcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link Matcher} that remembers its answers for the length of one re-evaluation session.
 *
 * <p>Why: a fleet's images share most packages (one base image under hundreds of apps), and a
 * re-evaluation matches every stored SBOM against one unchanging advisory store, so the same
 * (package, OS) is matched again and again; the version comparisons dominated the run's CPU. The
 * answer of a matcher depends on the component and the OS only (matchers are stateless, the index
 * does not change within a session). The key leaves out the package's owned files, which no matcher
 * reads and which would make hashing cost as much as matching. Thread-safe when {@code memo} is a
 * concurrent map.
 */
final class MemoMatcher implements Matcher {
  private final Matcher delegate;
  private final Map<Key, Answer> memo;

  MemoMatcher(Matcher delegate, Map<Key, Answer> memo) {
    this.delegate = delegate;
    this.memo = memo;
  }

  /** What identifies a component to a matcher, without the package's owned files. */
  record Key(
      String matcher,
      String type,
      String name,
      String version,
      String arch,
      String sourceName,
      String sourceVersion,
      Integer epoch,
      String location,
      Map<String, String> properties,
      String extractor,
      int layer,
      boolean osOwned,
      OsInfo os) {}

  /** One remembered answer: the findings and the diagnostics the matcher added. */
  record Answer(List<Finding> findings, List<String> diagnostics) {}

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public boolean handles(Component component, OsInfo os) {
    return delegate.handles(component, os);
  }

  @Override
  public List<Finding> match(Component c, OsInfo os, AdvisoryIndex index, List<String> diagnostics)
      throws IOException {
    Package p = c.pkg();
    Key key =
        new Key(
            delegate.name(),
            p.type(),
            p.name(),
            p.version(),
            p.arch(),
            p.sourceName(),
            p.sourceVersion(),
            p.epoch(),
            p.location(),
            p.properties(),
            c.extractor(),
            c.layer(),
            c.osOwned(),
            os);
    Answer a = memo.get(key);
    if (a == null) {
      List<String> diags = new ArrayList<>();
      List<Finding> found = delegate.match(c, os, index, diags);
      a = new Answer(List.copyOf(found), List.copyOf(diags));
      memo.put(key, a);
    }
    diagnostics.addAll(a.diagnostics());
    return a.findings();
  }
}
