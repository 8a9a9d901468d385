// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

import java.io.IOException;
import java.util.Arrays;
import org.edgegateway.drivers.serial.SerialLink;

/**
 * Collects one RTU reply frame from a link. Skips leading garbage by looking for a CRC-valid frame that starts
 * with an address and the expected function code (or its exception form) and, for reads, the expected byte
 * count, so a late reply to an earlier request of another size is skipped too. Once a frame has started, a silence
 * of {@code silenceNanos} ends the wait early, so truncated and corrupt replies fail fast.
 */
final class RtuReplyReader {
  private static final int CAPACITY = 512;
  private static final int HEX_LIMIT = 32;

  private enum Problem { NONE, INCOMPLETE, BAD_CRC }

  /** Where a frame was found, or the first sign of one that did not complete or check out. */
  private record Scan(Problem problem, int start, int length, int have) {
    static final Scan NOTHING = new Scan(Problem.NONE, -1, 0, 0);

    boolean found() {
      return problem == Problem.NONE && start >= 0;
    }
  }

  private final SerialLink link;
  private final long silenceNanos;
  private final long maxFrameNanos;
  private final byte[] buf = new byte[CAPACITY];
  private int skipped;

  /** {@code charNanos}: time of one character on the wire, to allow the longest frame (256 bytes) to arrive. */
  RtuReplyReader(SerialLink link, long silenceNanos, long charNanos) {
    this.link = link;
    this.silenceNanos = silenceNanos;
    this.maxFrameNanos = 256 * charNanos;
  }

  /**
   * The reply frame (address through CRC) to a request with function {@code fc}, begun by {@code deadline};
   * {@code byteCount} is the data length a read (03/04) expects, unused for other functions.
   */
  byte[] read(String device, String request, int fc, int byteCount, long deadline, long timeoutMs)
      throws IOException {
    int len = 0;
    long lastByteAt = System.nanoTime();
    while (true) {
      Scan scan = scan(buf, len, fc, byteCount);
      if (scan.found()) {
        skipped = scan.start();
        return Arrays.copyOfRange(buf, scan.start(), scan.start() + scan.length());
      }
      long now = System.nanoTime();
      boolean started = scan.problem() != Problem.NONE;
      // A frame that has begun may take its transmission time beyond the deadline, while bytes keep coming.
      long limit = started ? deadline + maxFrameNanos : deadline;
      long quietEnd = lastByteAt + silenceNanos;
      if ((started && now - quietEnd >= 0) || now - limit >= 0 || len == CAPACITY) {
        throw failure(device, request, scan, len, timeoutMs);
      }
      long until = started && quietEnd - limit < 0 ? quietEnd : limit;
      int n = link.read(buf, len, CAPACITY - len, until);
      if (n > 0) {
        len += n;
        lastByteAt = System.nanoTime();
      }
    }
  }

  /** Bytes skipped before the frame the last {@link #read} returned: line noise, or a late reply to another. */
  int skipped() {
    return skipped;
  }

  private static Scan scan(byte[] b, int len, int fc, int byteCount) {
    Scan first = Scan.NOTHING;
    for (int i = 0; i + 1 < len; i++) {
      int address = b[i] & 0xFF;
      if (address < 1 || address > 247) continue;
      int length = frameLength(b, i, len, fc, byteCount);
      if (length < 0) continue;
      if (length == 0 || i + length > len) {
        if (first == Scan.NOTHING) first = new Scan(Problem.INCOMPLETE, i, length, len - i);
      } else if (ModbusCrc.check(b, i, length)) {
        return new Scan(Problem.NONE, i, length, length);
      } else if (first == Scan.NOTHING) {
        first = new Scan(Problem.BAD_CRC, i, length, length);
      }
    }
    return first;
  }

  /** Length of a reply frame starting at {@code i}: -1 if none can start there, 0 if not known yet. */
  private static int frameLength(byte[] b, int i, int len, int fc, int byteCount) {
    int function = b[i + 1] & 0xFF;
    if (function == (fc | 0x80)) return 5;
    if (function != fc) return -1;
    if (fc != 3 && fc != 4) return 8;
    if (i + 2 >= len) return 0;
    return (b[i + 2] & 0xFF) == byteCount ? 5 + byteCount : -1;
  }

  private ModbusException failure(String device, String request, Scan scan, int len, long timeoutMs) {
    return switch (scan.problem()) {
      case BAD_CRC -> new ModbusCrcException(device, request + ": CRC error in reply "
          + hex(buf, scan.start(), scan.length()));
      case INCOMPLETE -> new ModbusFrameException(device, request + ": truncated reply, " + scan.have() + " of "
          + (scan.length() == 0 ? "5+" : String.valueOf(scan.length())) + " bytes: " + hex(buf, 0, len));
      case NONE -> len == 0 ? new ModbusTimeoutException(device, request + ": no reply within " + timeoutMs + " ms")
          : new ModbusFrameException(device, request + ": no reply frame in " + len + " bytes: " + hex(buf, 0, len));
    };
  }

  static String hex(byte[] b, int off, int len) {
    StringBuilder sb = new StringBuilder();
    for (int i = off; i < off + Math.min(len, HEX_LIMIT); i++) {
      if (sb.length() > 0) sb.append(' ');
      sb.append(String.format("%02X", b[i] & 0xFF));
    }
    if (len > HEX_LIMIT) sb.append(" ...");
    return sb.toString();
  }
}
