package io.drydock.sbom.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream ahead on its own thread, so that producing the bytes (decompression and digest
 * verification of a layer) and consuming them (tar parsing and extraction) run on two cores at
 * once. Memory is bounded: at most {@code chunks} chunks of {@code chunkSize} bytes are in flight.
 *
 * <p>Exceptions of the source, including digest mismatches found at its end, reach the reader in
 * order, after the bytes read before them. Closing stops the reader thread and closes the source.
 * Not thread-safe on the consuming side (one reader), like any stream.
 */
final class PrefetchInputStream extends InputStream {
  private static final byte[] EOF = new byte[0];

  private final BlockingQueue<Object> queue;
  private final Thread producer;
  private byte[] current;
  private int pos;
  private boolean done;
  private volatile boolean closed;

  PrefetchInputStream(InputStream source, int chunkSize, int chunks, String name) {
    this.queue = new ArrayBlockingQueue<>(chunks);
    this.producer =
        new Thread(
            () -> {
              try (source) {
                while (!closed) {
                  byte[] buf = source.readNBytes(chunkSize);
                  if (buf.length == 0) {
                    queue.put(EOF);
                    return;
                  }
                  queue.put(buf);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (IOException | RuntimeException | Error e) {
                try {
                  queue.put(e);
                } catch (InterruptedException ie) {
                  Thread.currentThread().interrupt();
                }
              }
            },
            name);
    producer.setDaemon(true);
    producer.start();
  }

  private boolean fill() throws IOException {
    while (current == null || pos >= current.length) {
      if (done) {
        return false;
      }
      Object next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading ahead");
      }
      if (next == EOF) {
        done = true;
        return false;
      }
      if (next instanceof IOException e) {
        done = true;
        throw new IOException(e.getMessage(), e);
      }
      if (next instanceof RuntimeException e) {
        done = true;
        throw e;
      }
      if (next instanceof Error e) {
        done = true;
        throw e;
      }
      current = (byte[]) next;
      pos = 0;
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return current[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() {
    return current == null ? 0 : current.length - pos;
  }

  @Override
  public void close() {
    closed = true;
    producer.interrupt();
    queue.clear();
    try {
      producer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
