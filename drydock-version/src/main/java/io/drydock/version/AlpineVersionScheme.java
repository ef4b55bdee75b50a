package io.drydock.version;

import java.util.ArrayList;
import java.util.List;

/**
 * Alpine package versions in apk-tools 3.x order, plus the one apk-tools 2 form that real Alpine
 * data still uses.
 *
 * <p>Hand-written because no Java 17 library orders apk versions (versatile 0.13 silently falls
 * back to a generic order, research/libraries.md §5). It follows apk-tools' {@code src/version.c}
 * (3.x): a version is a sequence of tokens, in this order
 *
 * <pre>
 *   digits {.digits} [letter [digits]] {_suffix[digits]} [~hash] [-rdigits]
 * </pre>
 *
 * <ul>
 *   <li>the first number and the numbers after a letter, {@code _suffix} and {@code -r} compare as
 *       numbers;
 *   <li>a {@code .digits} part compares as a number, unless either side starts with {@code 0}: then
 *       as a string ({@code 8.2.0 < 8.2.001 < 8.2.002}; apk-tools 2 differed here);
 *   <li>the letter is one of {@code a}–{@code z};
 *   <li>suffixes: {@code _alpha < _beta < _pre < _rc} (all before the release) {@code < _cvs < _svn
 *       < _git < _hg < _p} (after it);
 *   <li>{@code ~hash} (lowercase hex, apk-tools 3) compares as a string;
 *   <li>when one version runs out of tokens or the two have different kinds of token next, the one
 *       that goes on is newer, except when it goes on with a pre-release suffix; otherwise the one
 *       whose next token comes earlier in the order above is newer ({@code 1.0.1 > 1.0a}).
 * </ul>
 *
 * <p><b>apk-tools 2 vs 3.</b> Every version apk-tools 3's {@code apk_version_validate} accepts is
 * ordered exactly as apk-tools 3 orders it. Where the two disagree about <em>validity</em>, this
 * scheme follows what Alpine's own data needs, form by form:
 *
 * <ul>
 *   <li><b>Accepted: a letter followed by digits</b> ({@code 6.6.2p1-r0}, {@code 1.9.5p2-r1},
 *       {@code 0.1a1}). apk-tools 3 refuses it; apk-tools 2 (the {@code apk} Alpine shipped for
 *       years, 2.14 in Alpine 3.19/3.20) accepted it, and Alpine's secdb uses it (opensmtpd {@code
 *       6.6.2p1-r0} in v3.11; openssh 5.x/6.x and sudo 1.8/1.9.x in OSV's Alpine data, see OSV's
 *       scalibr fixtures). Refusing it would drop those advisories. It is ordered as apk-tools 2's
 *       {@code get_token} reads it: after a letter, a digit run is a new numeric token, so {@code
 *       6.6.2p1} is 6, 6, 2, letter {@code p}, number 1. That number is newer than anything else
 *       that can follow the same letter (a suffix, {@code ~hash}, {@code -r}, the end), while the
 *       letter-number pair as a whole stays older than a further {@code .digits} part: {@code 6.6.2
 *       < 6.6.2_p1 < 6.6.2p < 6.6.2p_p1 < 6.6.2p1-r0 < 6.6.2p1-r1 < 6.6.2p2 < 6.6.2.1}. Only one
 *       letter-number pair is read, directly after the dotted numbers; apk-tools 2 also let more
 *       letters, numbers and {@code .digits} follow ({@code 1.2p1.3}, {@code 1a1b2}), which no
 *       Alpine data uses, so those stay invalid.
 *   <li><b>Rejected: {@code -r} without digits</b> ({@code 1-r}): apk-tools 2 read it as {@code
 *       -r0}, apk-tools 3 refuses it, and no version in the Alpine secdb, OSV or scalibr data
 *       Drydock has is written that way (only OSV's hand-made edge-case fixtures are).
 *   <li><b>Rejected: empty numbers</b> ({@code ""}, {@code .1}, {@code a}, {@code 0..8}, {@code
 *       0.r1}, {@code _pre1}, {@code -r1}): apk-tools 2 silently read a missing number as 0, so it
 *       accepted these by accident; apk-tools 3 refuses them and they are not versions.
 *   <li><b>Rejected by both</b>: uppercase letters ({@code 1.2.0A}), two letters in a row ({@code
 *       1.0bc}), unknown suffixes ({@code _foo}, {@code _blah}, {@code _csv}), {@code -} not
 *       followed by {@code r} ({@code 2.7.16-33}, {@code 4.10-1-r1}, two secdb typos), anything
 *       after the revision ({@code 1-r0-1}, {@code 1-ruff2}), and tokens out of order ({@code
 *       0.1a.1}, {@code 0.1-r2_pre1}).
 *   <li><b>apk-tools 3 only, kept</b>: {@code ~hash} and zero-prefixed {@code .digits} compared as
 *       strings (see above).
 * </ul>
 *
 * <p>Numbers compare exactly at any length (apk-tools keeps 64 bits). Stateless and thread-safe.
 */
public final class AlpineVersionScheme implements VersionScheme {
  /** The scheme; every version it parses returns it from {@link Version#scheme()}. */
  public static final AlpineVersionScheme INSTANCE = new AlpineVersionScheme();

  private AlpineVersionScheme() {}

  /** Longer strings are refused so hostile input cannot cost time or memory. */
  public static final int MAX_LENGTH = 256;

  private static final List<String> SUFFIXES =
      List.of("alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p");
  private static final int RELEASE = SUFFIXES.indexOf("");

  /** Token kinds, in the order apk-tools requires them to appear. */
  public enum Kind {
    INITIAL_DIGIT,
    DIGIT,
    LETTER,
    /** Digits right after the letter ({@code p1} in {@code 6.6.2p1}): apk-tools 2 only. */
    LETTER_NO,
    SUFFIX,
    SUFFIX_NO,
    COMMIT_HASH,
    REVISION_NO,
    END
  }

  /**
   * One token. {@code text} is the token's characters (for numbers: without leading zeros, except
   * {@link Kind#DIGIT}, which keeps them because they change its order); {@code suffix} is the rank
   * of a {@link Kind#SUFFIX}.
   */
  public record Token(Kind kind, String text, int suffix) {}

  @Override
  public String name() {
    return "apk";
  }

  @Override
  public AlpineVersion parse(String raw) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    if (raw.isEmpty()) {
      throw invalid(raw, "version string is empty");
    }
    if (!isDigit(raw.charAt(0))) {
      throw invalid(raw, "does not start with a digit");
    }
    List<Token> tokens = new ArrayList<>();
    int i = digitsEnd(raw, 0);
    tokens.add(new Token(Kind.INITIAL_DIGIT, stripZeros(raw.substring(0, i)), 0));
    Kind last = Kind.INITIAL_DIGIT;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      int start = i;
      Token t;
      if (c >= 'a' && c <= 'z' && last.compareTo(Kind.DIGIT) <= 0) {
        i++;
        t = new Token(Kind.LETTER, String.valueOf(c), 0);
      } else if (c == '.' && last.compareTo(Kind.DIGIT) <= 0) {
        i = digitsEnd(raw, i + 1);
        if (i == start + 1) {
          throw invalid(raw, "no digits after '.' at index " + start);
        }
        t = new Token(Kind.DIGIT, raw.substring(start + 1, i), 0);
      } else if (c == '_' && last.compareTo(Kind.SUFFIX_NO) <= 0) {
        i++;
        while (i < raw.length() && raw.charAt(i) >= 'a' && raw.charAt(i) <= 'z') {
          i++;
        }
        String name = raw.substring(start + 1, i);
        int rank = SUFFIXES.indexOf(name);
        if (name.isEmpty() || rank < 0) {
          throw invalid(raw, "unknown suffix \"_" + name + "\"");
        }
        t = new Token(Kind.SUFFIX, name, rank);
      } else if (isDigit(c) && last == Kind.LETTER) {
        i = digitsEnd(raw, i);
        t = new Token(Kind.LETTER_NO, stripZeros(raw.substring(start, i)), 0);
      } else if (isDigit(c) && last == Kind.SUFFIX) {
        i = digitsEnd(raw, i);
        t = new Token(Kind.SUFFIX_NO, stripZeros(raw.substring(start, i)), 0);
      } else if (c == '~' && last.compareTo(Kind.COMMIT_HASH) < 0) {
        i++;
        while (i < raw.length() && isHex(raw.charAt(i))) {
          i++;
        }
        if (i == start + 1) {
          throw invalid(raw, "no commit hash after '~' at index " + start);
        }
        t = new Token(Kind.COMMIT_HASH, raw.substring(start + 1, i), 0);
      } else if (c == '-'
          && last.compareTo(Kind.REVISION_NO) < 0
          && i + 1 < raw.length()
          && raw.charAt(i + 1) == 'r') {
        i = digitsEnd(raw, i + 2);
        if (i == start + 2) {
          throw invalid(raw, "no digits after \"-r\" at index " + start);
        }
        t = new Token(Kind.REVISION_NO, stripZeros(raw.substring(start + 2, i)), 0);
      } else {
        throw invalid(
            raw, "unexpected '" + VersionText.display(String.valueOf(c)) + "' at index " + i);
      }
      tokens.add(t);
      last = t.kind();
    }
    return new AlpineVersion(raw, List.copyOf(tokens));
  }

  private InvalidVersionException invalid(String raw, String why) {
    return new InvalidVersionException(this, raw, why);
  }

  private static int compareTokens(Token a, Token b) {
    switch (a.kind()) {
      case DIGIT:
        if (a.text().charAt(0) == '0' || b.text().charAt(0) == '0') {
          return Integer.signum(a.text().compareTo(b.text()));
        }
        return compareNumbers(a.text(), b.text());
      case INITIAL_DIGIT:
      case LETTER_NO:
      case SUFFIX_NO:
      case REVISION_NO:
        return compareNumbers(a.text(), b.text());
      case SUFFIX:
        return Integer.compare(a.suffix(), b.suffix());
      default: // LETTER, COMMIT_HASH
        return Integer.signum(a.text().compareTo(b.text()));
    }
  }

  /** Compares digit strings without leading zeros as numbers of any size. */
  private static int compareNumbers(String a, String b) {
    int c = Integer.compare(a.length(), b.length());
    return c != 0 ? c : Integer.signum(a.compareTo(b));
  }

  private static String stripZeros(String digits) {
    int k = 0;
    while (k < digits.length() - 1 && digits.charAt(k) == '0') {
      k++;
    }
    return digits.substring(k);
  }

  private static int digitsEnd(String s, int from) {
    int k = from;
    while (k < s.length() && isDigit(s.charAt(k))) {
      k++;
    }
    return k;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f');
  }

  /**
   * A parsed Alpine version. {@code equals} and {@code hashCode} follow apk's order ({@code 1-r01}
   * equals {@code 1-r1}), not the raw string.
   *
   * @param raw the string as given to {@link #parse}
   * @param tokens the tokens in order, never empty
   */
  public record AlpineVersion(String raw, List<Token> tokens) implements Version {
    public AlpineVersion {
      tokens = List.copyOf(tokens);
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    public int compareTo(Version o) {
      if (!(o instanceof AlpineVersion other)) {
        throw new IllegalArgumentException(
            "cannot compare apk version \"" + raw + "\" with " + o.scheme().name() + " version");
      }
      int n = Math.max(tokens.size(), other.tokens.size());
      for (int k = 0; k < n; k++) {
        Token a = k < tokens.size() ? tokens.get(k) : null;
        Token b = k < other.tokens.size() ? other.tokens.get(k) : null;
        Kind ak = a == null ? Kind.END : a.kind();
        Kind bk = b == null ? Kind.END : b.kind();
        if (ak == bk) {
          int c = compareTokens(a, b);
          if (c != 0) {
            return c;
          }
          continue;
        }
        if (ak == Kind.SUFFIX && a.suffix() < RELEASE) {
          return -1;
        }
        if (bk == Kind.SUFFIX && b.suffix() < RELEASE) {
          return 1;
        }
        return ak.compareTo(bk) > 0 ? -1 : 1;
      }
      return 0;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof AlpineVersion other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
      return tokens.hashCode();
    }

    @Override
    public String toString() {
      return raw;
    }
  }
}
