// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A {@link ByteArrayOutputStream} without its locks, for the encoder's own buffers (one thread each). The encoder
 * writes CBOR a byte at a time, and the synchronized {@code write} of the JDK class was the largest cost of a pack
 * (JFR, replay benchmark of docs/BENCHMARKS.md section 3).
 */
final class Bytes extends ByteArrayOutputStream {
  Bytes(int size) {
    super(size);
  }

  @Override
  public void write(int b) {
    if (count == buf.length) grow(1);
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if (off < 0 || len < 0 || len > b.length - off) throw new IndexOutOfBoundsException();
    if (len > buf.length - count) grow(len);
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  @Override
  public void writeBytes(byte[] b) {
    write(b, 0, b.length);
  }

  private void grow(int more) {
    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
  }
}
