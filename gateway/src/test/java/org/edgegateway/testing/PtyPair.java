// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Two linked pseudo-terminals made by socat, {@code dir/a} and {@code dir/b}: a serial adapter and the bus behind
 * it. {@link #unplug} stops socat (both ports vanish, like a pulled USB adapter), {@link #plug} starts it again on
 * the same paths. (The drivers module's tests have the same thing; test classes do not cross modules.)
 */
public final class PtyPair implements AutoCloseable {
  private final Path dir;
  private final Path a;
  private final Path b;
  private Process socat;

  private PtyPair(Path dir) {
    this.dir = dir;
    this.a = dir.resolve("a");
    this.b = dir.resolve("b");
  }

  public static PtyPair start(Path dir) throws IOException {
    PtyPair pair = new PtyPair(dir);
    pair.plug();
    return pair;
  }

  public String a() {
    return a.toString();
  }

  public String b() {
    return b.toString();
  }

  /** Starts socat (again) and waits until both link paths exist. */
  public synchronized void plug() throws IOException {
    if (socat != null && socat.isAlive()) throw new IllegalStateException("socat already running");
    Files.deleteIfExists(a);
    Files.deleteIfExists(b);
    socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("socat.log").toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(Files.exists(a) && Files.exists(b))) {
      if (!socat.isAlive()) throw new IOException("socat exited with " + socat.exitValue() + "; see " + dir);
      if (System.nanoTime() - deadline > 0) throw new IOException("socat links not up within 10 s in " + dir);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /** Stops socat and waits for it: both pseudo-terminals are gone afterwards. */
  public synchronized void unplug() throws IOException {
    Process p = socat;
    socat = null;
    if (p == null) return;
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    Files.deleteIfExists(a);
    Files.deleteIfExists(b);
  }

  @Override
  public void close() throws IOException {
    unplug();
  }
}
