// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Two linked pseudo-terminals made by socat, reachable as {@code dir/a} and {@code dir/b}. {@link #unplug()}
 * stops socat (both ports vanish, like a pulled USB adapter) and {@link #plug()} starts it again on the same
 * link paths.
 */
public final class SocatPtyPair implements AutoCloseable {
  private static final long START_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Path dir;
  private final Path a;
  private final Path b;
  private Process socat;

  private SocatPtyPair(Path dir) {
    this.dir = dir;
    this.a = dir.resolve("a");
    this.b = dir.resolve("b");
  }

  /** Starts socat with its links in {@code dir} and waits until both exist. */
  public static SocatPtyPair start(Path dir) throws IOException {
    SocatPtyPair pair = new SocatPtyPair(dir);
    pair.plug();
    return pair;
  }

  public String a() {
    return a.toString();
  }

  public String b() {
    return b.toString();
  }

  /** Starts socat (again) and waits until both link paths lead to a pseudo-terminal. */
  public void plug() throws IOException {
    if (socat != null && socat.isAlive()) throw new IllegalStateException("socat already running");
    Files.deleteIfExists(a);
    Files.deleteIfExists(b);
    ProcessBuilder builder = new ProcessBuilder("socat", "-d", "-d",
        "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("socat.log").toFile()));
    socat = builder.start();
    long deadline = System.nanoTime() + START_DEADLINE_NANOS;
    while (!(Files.exists(a) && Files.exists(b))) {
      if (!socat.isAlive()) throw new IOException("socat exited with " + socat.exitValue() + "; see " + dir);
      if (System.nanoTime() - deadline > 0) throw new IOException("socat links not up within 10 s in " + dir);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /** Stops socat and waits for it to exit: both pseudo-terminals are gone afterwards. */
  public void unplug() throws IOException {
    Process p = socat;
    socat = null;
    if (p == null) return;
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
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
