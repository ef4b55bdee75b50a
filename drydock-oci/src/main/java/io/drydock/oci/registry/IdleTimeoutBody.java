package io.drydock.oci.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} that fails when the server sends nothing for {@code
 * idle} (the JDK's {@code ofInputStream} waits forever on a stalled connection, and a request
 * timeout covers only the headers). Flow control keeps at most {@link #PREFETCH} deliveries of
 * buffers queued, so memory stays bounded whatever the body size. Closing cancels the download.
 */
final class IdleTimeoutBody implements HttpResponse.BodySubscriber<InputStream> {
  private static final Object END = new Object();

  /**
   * Deliveries requested ahead of the reader, so the network keeps receiving while the reader
   * hashes and writes (one delivery is a few buffers of at most 16 KiB: memory stays bounded).
   */
  static final int PREFETCH = 16;

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private final Stream stream;

  IdleTimeoutBody(Duration idle) {
    this.stream = new Stream(idle.toMillis());
  }

  static HttpResponse.BodyHandler<InputStream> handler(Duration idle) {
    return info -> new IdleTimeoutBody(idle);
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return CompletableFuture.completedFuture(stream);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (!subscription.complete(s)) {
      s.cancel();
      return;
    }
    s.request(PREFETCH);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.add(item);
  }

  @Override
  public void onError(Throwable t) {
    queue.add(t);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  private final class Stream extends InputStream {
    private final long idleMillis;
    private Iterator<ByteBuffer> pending = List.<ByteBuffer>of().iterator();
    private ByteBuffer current;
    private boolean eof;
    private volatile boolean closed;

    Stream(long idleMillis) {
      this.idleMillis = idleMillis;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("stream closed");
      }
      if (len == 0) {
        return 0;
      }
      while (current == null || !current.hasRemaining()) {
        if (pending.hasNext()) {
          current = pending.next();
          continue;
        }
        if (eof) {
          return -1;
        }
        Object next;
        try {
          next = queue.poll(idleMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          close();
          throw new java.io.InterruptedIOException("interrupted while reading a response");
        }
        if (next == null) {
          close();
          throw new IOException("no data received for " + idleMillis + " ms");
        }
        if (next == END) {
          eof = true;
          return -1;
        }
        if (next instanceof Throwable t) {
          eof = true;
          throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
        }
        @SuppressWarnings("unchecked")
        List<ByteBuffer> buffers = (List<ByteBuffer>) next;
        pending = buffers.iterator();
        subscription.join().request(1);
      }
      int n = Math.min(len, current.remaining());
      current.get(b, off, n);
      return n;
    }

    @Override
    public int available() {
      return current == null ? 0 : current.remaining();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        subscription.thenAccept(Flow.Subscription::cancel);
        queue.clear();
      }
    }
  }
}
