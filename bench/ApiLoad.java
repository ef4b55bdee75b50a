import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop, fixed-rate load generator for the server's JSON API ({@code drydock server}), in the
 * style of bench/AdmissionLoad.java: request i is due at start + i / RATE whatever happened to the
 * earlier ones and its latency is measured from that due time (no coordinated omission); CONNS
 * keep-alive HTTP/1.1 lanes send the due requests; a request waiting for a free lane waits in the
 * measured time. The PATHS are requested in turn (round robin), each with {@code Authorization:
 * Bearer TOKEN}. Every answer must be HTTP 200 with a JSON object body, else it counts as an error.
 * The first WARMUP seconds run at the same rate and are not counted.
 *
 * <pre>
 * java bench/ApiLoad.java BASE_URL TOKEN RATE DURATION_S WARMUP_S CONNS PATH...
 * </pre>
 *
 * Prints percentiles overall and per path, and one line starting with {@code RESULT}.
 */
public class ApiLoad {
  public static void main(String[] args) throws Exception {
    if (args.length < 7) {
      System.err.println("usage: ApiLoad BASE_URL TOKEN RATE DURATION_S WARMUP_S CONNS PATH...");
      System.exit(2);
    }
    String base = args[0];
    String token = args[1];
    double rate = Double.parseDouble(args[2]);
    double duration = Double.parseDouble(args[3]);
    double warmup = Double.parseDouble(args[4]);
    int nConns = Integer.parseInt(args[5]);
    List<String> paths = List.of(Arrays.copyOfRange(args, 6, args.length));
    List<HttpRequest> requests = new ArrayList<>();
    for (String p : paths) {
      requests.add(
          HttpRequest.newBuilder(URI.create(base + p))
              .header("Authorization", "Bearer " + token)
              .timeout(Duration.ofSeconds(15))
              .build());
    }
    HttpClient[] clients = new HttpClient[(nConns + 7) / 8];
    for (int i = 0; i < clients.length; i++) {
      clients[i] =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    }
    long intervalNs = Math.round(1e9 / rate);
    int nWarm = (int) Math.round(rate * warmup);
    int nMeasured = (int) Math.round(rate * duration);
    int total = nWarm + nMeasured;
    long[] latencyNs = new long[total];
    Arrays.fill(latencyNs, -1);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    String[] firstError = new String[1];
    CountDownLatch done = new CountDownLatch(total);
    LinkedBlockingQueue<Integer> due = new LinkedBlockingQueue<>();
    long[] dueAt = new long[total];
    CountDownLatch primed = new CountDownLatch(nConns);
    for (int c = 0; c < nConns; c++) {
      HttpClient client = clients[c % clients.length];
      int lane = c;
      Thread t =
          new Thread(
              () -> {
                for (int k = 0; k < requests.size() * 2; k++) {
                  try {
                    client.send(requests.get((k + lane) % requests.size()), HttpResponse.BodyHandlers.ofString());
                  } catch (Exception e) {
                    note(firstError, "priming: " + e);
                  }
                }
                primed.countDown();
                while (true) {
                  int n;
                  try {
                    n = due.take();
                  } catch (InterruptedException e) {
                    return;
                  }
                  String error = null;
                  try {
                    HttpResponse<String> r =
                        client.send(requests.get(n % requests.size()), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || !r.body().startsWith("{")) {
                      error = paths.get(n % paths.size()) + ": HTTP " + r.statusCode() + " " + clip(r.body());
                    } else {
                      bytes.addAndGet(r.body().length());
                    }
                  } catch (Exception e) {
                    error = "exception: " + e;
                  }
                  long end = System.nanoTime();
                  if (n >= nWarm) {
                    if (error == null) {
                      ok.incrementAndGet();
                    } else {
                      errors.incrementAndGet();
                      note(firstError, error);
                    }
                    latencyNs[n] = end - dueAt[n];
                  }
                  done.countDown();
                }
              },
              "lane-" + c);
      t.setDaemon(true);
      t.start();
    }
    primed.await();
    long start = System.nanoTime() + 20_000_000L;
    long maxLag = 0;
    for (int i = 0; i < total; i++) {
      long t = start + i * intervalNs;
      long now;
      while ((now = System.nanoTime()) < t) {
        LockSupport.parkNanos(t - now);
      }
      if (i >= nWarm) {
        maxLag = Math.max(maxLag, now - t);
      }
      dueAt[i] = t;
      due.add(i);
    }
    boolean all = done.await(60, TimeUnit.SECONDS);
    long[] lat = Arrays.stream(latencyNs, nWarm, total).filter(x -> x >= 0).sorted().toArray();
    int unfinished = nMeasured - lat.length;
    System.out.printf(
        Locale.ROOT,
        "%s rate %.0f/s for %.0f s (+%.0f s warm-up), %d connections%n",
        base,
        rate,
        duration,
        warmup,
        nConns);
    System.out.printf(
        Locale.ROOT,
        "  sent %d, ok %d, errors %d, unfinished %d, mean body %d bytes, generator's worst lag %.2f ms%s%n",
        nMeasured,
        ok.get(),
        errors.get(),
        unfinished,
        ok.get() == 0 ? 0 : bytes.get() / Math.max(1, ok.get()),
        maxLag / 1e6,
        all ? "" : " (gave up waiting after 60 s)");
    for (int p = 0; p < paths.size(); p++) {
      List<Long> mine = new ArrayList<>();
      for (int i = nWarm; i < total; i++) {
        if (i % paths.size() == p && latencyNs[i] >= 0) {
          mine.add(latencyNs[i]);
        }
      }
      long[] s = mine.stream().mapToLong(Long::longValue).sorted().toArray();
      if (s.length > 0) {
        System.out.printf(
            Locale.ROOT,
            "  %-70s p50 %7.2f  p99 %7.2f  max %7.2f ms%n",
            clip(paths.get(p), 70),
            pct(s, 50) / 1e6,
            pct(s, 99) / 1e6,
            s[s.length - 1] / 1e6);
      }
    }
    if (lat.length > 0) {
      System.out.printf(
          Locale.ROOT,
          "  all: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f ms%n",
          pct(lat, 50) / 1e6,
          pct(lat, 90) / 1e6,
          pct(lat, 99) / 1e6,
          pct(lat, 99.9) / 1e6,
          lat[lat.length - 1] / 1e6);
    }
    if (System.getenv("TIMELINE") != null) {
      // per second of the measured part: requests slower than 50 ms, and the slowest
      int perSecond = (int) Math.round(rate);
      StringBuilder line = new StringBuilder("  per second (>50 ms/max ms):");
      for (int from = nWarm; from < total; from += perSecond) {
        int slow = 0;
        long worst = 0;
        for (int i = from; i < Math.min(total, from + perSecond); i++) {
          if (latencyNs[i] > 50_000_000L) {
            slow++;
          }
          worst = Math.max(worst, latencyNs[i]);
        }
        line.append(String.format(Locale.ROOT, " %d/%.0f", slow, worst / 1e6));
      }
      System.out.println(line);
    }
    if (firstError[0] != null) {
      System.out.println("  first error: " + firstError[0]);
    }
    System.out.printf(
        Locale.ROOT,
        "RESULT rate=%.0f sent=%d ok=%d errors=%d p50=%.2f p90=%.2f p99=%.2f p999=%.2f max=%.2f maxlag=%.2f%n",
        rate,
        nMeasured,
        ok.get(),
        errors.get() + unfinished,
        lat.length > 0 ? pct(lat, 50) / 1e6 : Double.NaN,
        lat.length > 0 ? pct(lat, 90) / 1e6 : Double.NaN,
        lat.length > 0 ? pct(lat, 99) / 1e6 : Double.NaN,
        lat.length > 0 ? pct(lat, 99.9) / 1e6 : Double.NaN,
        lat.length > 0 ? lat[lat.length - 1] / 1e6 : Double.NaN,
        maxLag / 1e6);
    System.exit(0);
  }

  static long pct(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static synchronized void note(String[] first, String what) {
    if (first[0] == null) {
      first[0] = what;
    }
  }

  static String clip(String s) {
    return clip(s, 300);
  }

  static String clip(String s, int n) {
    return s.length() > n ? s.substring(0, n) + "…" : s;
  }
}
