// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.serial;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import jssc.SerialPort;
import jssc.SerialPortException;
import org.edgegateway.drivers.DeviceException;
import org.tinylog.Logger;

/**
 * {@link SerialLink} over jssc. Reads poll the input buffer with 1 ms parks instead of jssc's busy-spinning
 * timed read. When the port vanishes, calls fail fast with {@link PortVanishedException} and later calls reopen
 * it, no earlier than a back-off that doubles from {@code minBackoff} to {@code maxBackoff} per failed attempt.
 * Calls are serialised on the link; a call blocks at most until its own deadline.
 */
public final class JsscSerialLink implements SerialLink {
  private static final long POLL_NANOS = 1_000_000L;
  private static final int MAX_DRAIN_ROUNDS = 64;

  private final SerialSettings settings;
  private final long minBackoffNanos;
  private final long maxBackoffNanos;
  private SerialPort port;
  private long backoffNanos;
  private long nextOpenNanos;
  private boolean closed;

  private JsscSerialLink(SerialSettings settings, Duration minBackoff, Duration maxBackoff) {
    this.settings = settings;
    this.minBackoffNanos = minBackoff.toNanos();
    this.maxBackoffNanos = maxBackoff.toNanos();
    this.backoffNanos = minBackoffNanos;
  }

  /** Opens the port now, with reopen back-off from 100 ms to 10 s. */
  public static JsscSerialLink open(SerialSettings settings) throws IOException {
    return open(settings, Duration.ofMillis(100), Duration.ofSeconds(10));
  }

  /**
   * Opens the port now; fails with {@link PortVanishedException} if it does not exist, or another
   * {@link DeviceException} if it cannot be opened (busy, no permission).
   */
  public static JsscSerialLink open(SerialSettings settings, Duration minBackoff, Duration maxBackoff)
      throws IOException {
    Objects.requireNonNull(settings, "settings");
    if (minBackoff.isNegative() || minBackoff.isZero()) throw new IllegalArgumentException("minBackoff: " + minBackoff);
    if (maxBackoff.compareTo(minBackoff) < 0) throw new IllegalArgumentException("maxBackoff < min: " + maxBackoff);
    JsscSerialLink link = new JsscSerialLink(settings, minBackoff, maxBackoff);
    synchronized (link) {
      link.port = link.openPort();
    }
    return link;
  }

  @Override
  public SerialSettings settings() {
    return settings;
  }

  @Override
  public synchronized int read(byte[] dst, int off, int len, long deadlineNanos) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (len == 0) return 0;
    SerialPort p = port();
    while (true) {
      int available = available(p);
      if (available > 0) {
        byte[] got = readAvailable(p, Math.min(available, len));
        System.arraycopy(got, 0, dst, off, got.length);
        return got.length;
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        checkStillThere();
        return 0;
      }
      LockSupport.parkNanos(Math.min(POLL_NANOS, remaining));
      if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException(name() + ": read interrupted");
    }
  }

  @Override
  public synchronized void write(byte[] data) throws IOException {
    SerialPort p = port();
    boolean written;
    try {
      written = p.writeBytes(data);
    } catch (SerialPortException e) {
      throw vanished("write", e);
    }
    if (!written) throw new DeviceException(name(), "write of " + data.length + " bytes incomplete");
  }

  @Override
  public synchronized int drain() throws IOException {
    SerialPort p = port();
    int discarded = 0;
    for (int round = 0; round < MAX_DRAIN_ROUNDS; round++) {
      int available = available(p);
      if (available == 0) break;
      discarded += readAvailable(p, available).length;
    }
    return discarded;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) return;
    closed = true;
    SerialPort p = port;
    port = null;
    if (p == null) return;
    try {
      p.closePort();
    } catch (SerialPortException e) {
      throw new DeviceException(name(), "close failed: " + e.getExceptionType(), e);
    }
  }

  @Override
  public String toString() {
    return "JsscSerialLink[" + settings + "]";
  }

  private String name() {
    return settings.port();
  }

  /** The open port, reopening a vanished one if its back-off has passed. */
  private SerialPort port() throws IOException {
    if (closed) throw new DeviceException(name(), "link closed");
    if (port != null) return port;
    long now = System.nanoTime();
    if (now - nextOpenNanos < 0) {
      long waitMs = (nextOpenNanos - now) / 1_000_000L;
      throw new PortVanishedException(name(), "port gone; next reopen attempt in " + waitMs + " ms");
    }
    try {
      port = openPort();
    } catch (IOException e) {
      long delay = backoffNanos;
      nextOpenNanos = System.nanoTime() + delay;
      backoffNanos = Math.min(delay * 2, maxBackoffNanos);
      Logger.debug("{}: reopen failed ({}), next attempt in {} ms", name(), e.getMessage(), delay / 1_000_000L);
      throw e;
    }
    backoffNanos = minBackoffNanos;
    Logger.info("{}: port reopened", name());
    return port;
  }

  private SerialPort openPort() throws IOException {
    SerialPort p = new SerialPort(settings.port());
    try {
      p.openPort();
    } catch (SerialPortException e) {
      if (SerialPortException.TYPE_PORT_NOT_FOUND.equals(e.getExceptionType())) {
        throw new PortVanishedException(name(), "port not found", e);
      }
      throw new DeviceException(name(), "cannot open: " + e.getExceptionType(), e);
    }
    try {
      applySettings(p);
    } catch (SerialPortException e) {
      closeQuietly(p);
      throw new DeviceException(name(), "cannot apply " + settings + ": " + e.getExceptionType(), e);
    }
    return p;
  }

  private void applySettings(SerialPort p) throws SerialPortException {
    boolean applied = p.setParams(settings.baud(), settings.dataBits(), stopBits(), parity());
    // On a pseudo-terminal the RTS/DTR step fails and jssc returns false, though the framing did apply.
    if (!applied && isPseudoTerminal()) {
      Logger.debug("{}: setParams returned false on a pseudo-terminal; settings applied", name());
    } else if (!applied) {
      Logger.warn("{}: setParams returned false; {} may not be in effect", name(), settings);
    }
  }

  private boolean isPseudoTerminal() {
    try {
      return Path.of(settings.port()).toRealPath().toString().startsWith("/dev/pts/");
    } catch (IOException e) {
      return false;
    }
  }

  private int stopBits() {
    return settings.stopBits() == 2 ? SerialPort.STOPBITS_2 : SerialPort.STOPBITS_1;
  }

  private int parity() {
    return switch (settings.parity()) {
      case EVEN -> SerialPort.PARITY_EVEN;
      case ODD -> SerialPort.PARITY_ODD;
      case NONE -> SerialPort.PARITY_NONE;
    };
  }

  private int available(SerialPort p) throws IOException {
    try {
      return p.getInputBufferBytesCount();
    } catch (SerialPortException e) {
      throw vanished("read", e);
    }
  }

  /** Reads exactly {@code count} bytes the port has reported as available, so jssc's read cannot block. */
  private byte[] readAvailable(SerialPort p, int count) throws IOException {
    try {
      return p.readBytes(count);
    } catch (SerialPortException e) {
      throw vanished("read", e);
    }
  }

  /** A real port's device file disappears on unplug while the descriptor may still answer for a while. */
  private void checkStillThere() throws IOException {
    if (!Files.exists(Path.of(settings.port()))) {
      throw vanished("read", new IOException("device file " + settings.port() + " no longer exists"));
    }
  }

  private PortVanishedException vanished(String operation, Exception cause) {
    SerialPort p = port;
    port = null;
    if (p != null) closeQuietly(p);
    backoffNanos = minBackoffNanos;
    nextOpenNanos = System.nanoTime() + backoffNanos;
    String reason = cause instanceof SerialPortException ? ((SerialPortException) cause).getExceptionType()
        : cause.getMessage();
    Logger.warn("{}: port vanished during {} ({}); will reopen with back-off", name(), operation, reason);
    return new PortVanishedException(name(), operation + " failed, port vanished: " + reason, cause);
  }

  private void closeQuietly(SerialPort p) {
    try {
      p.closePort();
    } catch (SerialPortException e) {
      Logger.debug("{}: closing failed port: {}", name(), e.getExceptionType());
    }
  }
}
