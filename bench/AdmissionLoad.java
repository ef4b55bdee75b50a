import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Open-loop, fixed-rate load generator for the admission webhook ({@code drydock admission
 * serve}). Request i is due at start + i / RATE whatever happened to the earlier ones, and its
 * latency is measured from that due time, not from when it was actually sent: a stall in the server
 * (or in this generator) shows up in the latencies instead of silently lowering the request rate
 * (no coordinated omission).
 *
 * <p>Requests go over HTTP/1.1 keep-alive connections of {@link java.net.http.HttpClient}: CONNS
 * lanes (threads) each send the next due request with a blocking {@code send}, so at most CONNS
 * connections are open, like the API server's connection pool to a webhook; a due request that
 * finds every connection busy waits in a queue, and that wait is part of its latency. (Letting
 * {@code sendAsync} open a connection per request in flight was tried first: on 2 busy cores the
 * TLS handshakes of the new connections made everything slower, which opened more connections: a
 * handshake storm that measured the generator, not the server.) Each lane sends 25 requests before
 * the schedule starts: connections open, JIT warm.
 *
 * <p>Every answer is checked: HTTP 200, an AdmissionReview whose {@code response.uid} is the
 * request's and whose {@code allowed} is EXPECT; anything else counts as an error, so a broken
 * server cannot look fast. The first WARMUP seconds are sent at the same rate and not counted.
 *
 * <pre>
 * java -cp drydock-cli/target/drydock.jar bench/AdmissionLoad.java \
 *     URL BODY.json RATE DURATION_S WARMUP_S SERVER.pem [EXPECT_ALLOWED=true] [CONNS=32]
 * </pre>
 *
 * Prints a human summary and one machine-readable line starting with {@code RESULT}.
 */
public class AdmissionLoad {
  private static final Pattern ALLOWED = Pattern.compile("\"allowed\"\\s*:\\s*(true|false)");
  /** Requests each connection sends before the schedule starts (TLS handshakes, JIT). */
  private static final int PRIME = 25;

  private static final Pattern UID = Pattern.compile("\"uid\"\\s*:\\s*\"([^\"]*)\"");

  public static void main(String[] args) throws Exception {
    if (args.length < 6) {
      System.err.println(
          "usage: AdmissionLoad URL BODY.json RATE DURATION_S WARMUP_S SERVER.pem"
              + " [EXPECT_ALLOWED=true] [CONNS=32]");
      System.exit(2);
    }
    URI url = URI.create(args[0]);
    byte[] body = Files.readAllBytes(Path.of(args[1]));
    double rate = Double.parseDouble(args[2]);
    double duration = Double.parseDouble(args[3]);
    double warmup = Double.parseDouble(args[4]);
    Path pem = Path.of(args[5]);
    boolean expect = args.length <= 6 || Boolean.parseBoolean(args[6]);
    int nConns = args.length > 7 ? Integer.parseInt(args[7]) : 32;

    Matcher um = UID.matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    String uid = um.find() ? um.group(1) : null;

    SSLContext ssl = trusting(pem);
    // One client per 8 connections (each client has one selector thread).
    HttpClient[] clients = new HttpClient[(nConns + 7) / 8];
    for (int i = 0; i < clients.length; i++) {
      clients[i] =
          HttpClient.newBuilder()
              .sslContext(ssl)
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    }
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .timeout(Duration.ofSeconds(15))
            .build();

    long intervalNs = Math.round(1e9 / rate);
    int nWarm = (int) Math.round(rate * warmup);
    int nMeasured = (int) Math.round(rate * duration);
    int total = nWarm + nMeasured;
    long[] latencyNs = new long[total];
    Arrays.fill(latencyNs, -1);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger non200 = new AtomicInteger();
    AtomicInteger wrongAnswer = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger maxQueued = new AtomicInteger();
    AtomicLong lastDone = new AtomicLong();
    String[] firstError = new String[1];
    CountDownLatch done = new CountDownLatch(total);
    // Request numbers whose due time has come, waiting for a free connection. Waiting here is
    // part of the measured latency (it is measured from the due time).
    LinkedBlockingQueue<Integer> due = new LinkedBlockingQueue<>();
    long[] dueAt = new long[total];

    // Open the connections and let the JIT settle: every lane sends PRIME requests, in parallel.
    Thread[] lanes = new Thread[nConns];
    CountDownLatch primed = new CountDownLatch(nConns);
    for (int c = 0; c < nConns; c++) {
      HttpClient client = clients[c % clients.length];
      lanes[c] =
          new Thread(
              () -> {
                for (int k = 0; k < PRIME; k++) {
                  try {
                    client.send(request, HttpResponse.BodyHandlers.ofString());
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
                  boolean measured = n >= nWarm;
                  String error = null;
                  boolean right = false;
                  int status = 0;
                  try {
                    HttpResponse<String> resp =
                        client.send(request, HttpResponse.BodyHandlers.ofString());
                    status = resp.statusCode();
                    if (status != 200) {
                      error = "HTTP " + status + ": " + clip(resp.body());
                    } else {
                      Matcher a = ALLOWED.matcher(resp.body());
                      Matcher u = UID.matcher(resp.body());
                      right =
                          a.find()
                              && Boolean.parseBoolean(a.group(1)) == expect
                              && (uid == null || (u.find() && uid.equals(u.group(1))));
                      if (!right) {
                        error = "unexpected answer: " + clip(resp.body());
                      }
                    }
                  } catch (Exception e) {
                    error = "exception: " + e;
                  }
                  long end = System.nanoTime();
                  if (measured) {
                    if (right) {
                      ok.incrementAndGet();
                    } else if (status == 200) {
                      wrongAnswer.incrementAndGet();
                    } else if (status != 0) {
                      non200.incrementAndGet();
                    } else {
                      failed.incrementAndGet();
                    }
                    if (error != null) {
                      note(firstError, error);
                    }
                    latencyNs[n] = end - dueAt[n];
                    lastDone.accumulateAndGet(end, Math::max);
                  }
                  done.countDown();
                }
              },
              "lane-" + c);
      lanes[c].setDaemon(true);
      lanes[c].start();
    }
    primed.await();

    long start = System.nanoTime() + 20_000_000L;
    long measureStart = start + nWarm * intervalNs;
    long maxSendLagNs = 0;
    for (int i = 0; i < total; i++) {
      long t = start + i * intervalNs;
      long now;
      while ((now = System.nanoTime()) < t) {
        LockSupport.parkNanos(t - now);
      }
      if (i >= nWarm) {
        maxSendLagNs = Math.max(maxSendLagNs, now - t);
      }
      dueAt[i] = t;
      due.add(i);
      maxQueued.accumulateAndGet(due.size(), Math::max);
    }
    long sendEnd = System.nanoTime();
    boolean all = done.await(30, TimeUnit.SECONDS);

    long[] lat =
        Arrays.stream(latencyNs, nWarm, total).filter(x -> x >= 0).sorted().toArray();
    int completed = lat.length;
    int unfinished = nMeasured - completed;
    int errors = non200.get() + wrongAnswer.get() + failed.get() + unfinished;
    double window = (Math.max(lastDone.get(), sendEnd) - measureStart) / 1e9;
    double throughput = ok.get() / window;
    System.out.printf(
        Locale.ROOT,
        "%s rate %.0f/s for %.0f s (+%.0f s warm-up), %d connections, expect allowed=%s%n",
        url,
        rate,
        duration,
        warmup,
        nConns,
        expect);
    System.out.printf(
        Locale.ROOT,
        "  sent %d, completed %d, ok %d, errors %d (non-200 %d, wrong answer %d, exceptions %d,"
            + " unfinished %d)%n",
        nMeasured,
        completed,
        ok.get(),
        errors,
        non200.get(),
        wrongAnswer.get(),
        failed.get(),
        unfinished);
    System.out.printf(
        Locale.ROOT,
        "  achieved %.1f ok/s over %.2f s; most requests waiting for a connection %d;"
            + " generator's worst schedule lag %.2f ms%s%n",
        throughput,
        window,
        maxQueued.get(),
        maxSendLagNs / 1e6,
        all ? "" : " (gave up waiting for the last answers after 30 s)");
    if (completed > 0) {
      System.out.printf(
          Locale.ROOT,
          "  latency ms from the scheduled send: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
          pct(lat, 50) / 1e6,
          pct(lat, 90) / 1e6,
          pct(lat, 99) / 1e6,
          pct(lat, 99.9) / 1e6,
          lat[completed - 1] / 1e6);
    }
    if (firstError[0] != null) {
      System.out.println("  first error: " + firstError[0]);
    }
    System.out.printf(
        Locale.ROOT,
        "RESULT rate=%.0f sent=%d completed=%d ok=%d errors=%d throughput=%.1f p50=%.2f p90=%.2f"
            + " p99=%.2f p999=%.2f max=%.2f maxlag=%.2f maxqueued=%d%n",
        rate,
        nMeasured,
        completed,
        ok.get(),
        errors,
        throughput,
        completed > 0 ? pct(lat, 50) / 1e6 : Double.NaN,
        completed > 0 ? pct(lat, 90) / 1e6 : Double.NaN,
        completed > 0 ? pct(lat, 99) / 1e6 : Double.NaN,
        completed > 0 ? pct(lat, 99.9) / 1e6 : Double.NaN,
        completed > 0 ? lat[completed - 1] / 1e6 : Double.NaN,
        maxSendLagNs / 1e6,
        maxQueued.get());
    System.exit(0);
  }

  /** Nearest-rank percentile of sorted values. */
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
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  static SSLContext trusting(Path pem) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry(
        "server",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem))));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }
}
