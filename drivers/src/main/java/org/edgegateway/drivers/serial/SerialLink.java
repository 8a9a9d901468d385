// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.serial;

import java.io.Closeable;
import java.io.IOException;

/**
 * A byte pipe to one serial port, opened with {@link SerialSettings}. Nothing protocol-specific: framing and
 * timing of a protocol belong to its user. Meant for one thread at a time (the bus's sampler); every call is
 * bounded in time. A port that disappears is reported as {@link PortVanishedException}; implementations may
 * reopen it on a later call.
 */
public interface SerialLink extends Closeable {

  /** The settings the port was opened with. */
  SerialSettings settings();

  /**
   * Reads at least one byte into {@code dst[off..off+len)}, waiting until {@code deadlineNanos} (on the
   * {@link System#nanoTime()} scale) at most.
   *
   * @return the number of bytes read, 0 when the deadline passed with nothing to read
   * @throws java.io.InterruptedIOException if the thread was interrupted (its flag stays set)
   */
  int read(byte[] dst, int off, int len, long deadlineNanos) throws IOException;

  /** Hands all of {@code data} to the port's output buffer; returns without waiting for it to be sent. */
  void write(byte[] data) throws IOException;

  /** Discards whatever input has arrived and not been read yet; returns how many bytes were discarded. */
  int drain() throws IOException;

  /** Closes the port; idempotent. The link cannot be used afterwards. */
  @Override
  void close() throws IOException;
}
