package io.drydock.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every real record parses, keeps its id, and evaluates without surprises. */
class OsvCorpusTest {
  @Test
  void everyRecordParsesAndIsNamedAfterItsId() throws IOException {
    List<Path> files = SharedAdvisories.recordFiles();
    long indexed = Files.readAllLines(SharedAdvisories.root().resolve("index.jsonl")).size();
    assertThat(files).hasSize((int) indexed);
    for (Path f : files) {
      Advisory a = OsvParser.parse(Files.readAllBytes(f), f.toString());
      assertThat(f.getFileName().toString()).isEqualTo(a.id() + ".json");
      assertThat(a.isWithdrawn()).as(a.id()).isFalse();
    }
  }

  @Test
  void everyRangeBoundParsesInItsEcosystemOrderExceptTheUnorderedOnes() throws IOException {
    // Evaluating at the introduced version of every range surfaces any unparsable bound.
    List<String> undecided = new ArrayList<>();
    for (Path f : SharedAdvisories.recordFiles()) {
      Advisory a = OsvParser.parse(Files.readAllBytes(f), f.toString());
      for (Affected af : a.affected()) {
        for (Range r : af.ranges()) {
          if (r.type() == RangeType.GIT) {
            continue;
          }
          for (Event e : r.events()) {
            if (e.kind() == Event.Kind.INTRODUCED && !e.isIntroducedZero()) {
              AffectedResult res = af.affects(e.version());
              if (res.isUndecided()) {
                undecided.add(a.id() + " " + res.diagnostics());
              } else {
                assertThat(res.isAffected()).as("%s at %s", a.id(), e.version()).isTrue();
              }
            }
          }
        }
      }
    }
    // Only the GitHub Actions data error lacks an order (word-wrap, GHSA-j8xg-fqg3-53r7).
    assertThat(undecided).allMatch(s -> s.startsWith("GHSA-j8xg-fqg3-53r7"));
  }
}
