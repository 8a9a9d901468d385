// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** The few DER (X.690) encodings an X.509 certificate needs: each method returns one complete element. */
final class Der {
  private Der() {}

  static byte[] sequence(byte[]... items) {
    return element(0x30, concat(items));
  }

  static byte[] set(byte[]... items) {
    return element(0x31, concat(items));
  }

  static byte[] integer(BigInteger v) {
    return element(0x02, v.toByteArray());
  }

  static byte[] bool(boolean v) {
    return element(0x01, new byte[] {(byte) (v ? 0xff : 0)});
  }

  static byte[] utf8(String s) {
    return element(0x0c, s.getBytes(StandardCharsets.UTF_8));
  }

  /** UTCTime, {@code YYMMDDhhmmssZ}: for the years 1950 to 2049. */
  static byte[] utcTime(String yymmddhhmmss) {
    if (!yymmddhhmmss.matches("\\d{12}")) throw new IllegalArgumentException("not YYMMDDhhmmss: " + yymmddhhmmss);
    return element(0x17, (yymmddhhmmss + "Z").getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] octetString(byte[] content) {
    return element(0x04, content);
  }

  /** A BIT STRING with no unused bits. */
  static byte[] bitString(byte[] content) {
    byte[] c = new byte[content.length + 1];
    System.arraycopy(content, 0, c, 1, content.length);
    return element(0x03, c);
  }

  /** An explicitly tagged, constructed context element {@code [n]}. */
  static byte[] explicit(int n, byte[] inner) {
    return element(0xa0 | n, inner);
  }

  /** An implicitly tagged, primitive context element {@code [n]} (a GeneralName's dNSName, iPAddress). */
  static byte[] implicit(int n, byte[] content) {
    return element(0x80 | n, content);
  }

  /** An OBJECT IDENTIFIER from its dotted form. */
  static byte[] oid(String dotted) {
    String[] parts = dotted.split("\\.");
    if (parts.length < 2) throw new IllegalArgumentException("not an OID: " + dotted);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    base128(out, Long.parseLong(parts[0]) * 40 + Long.parseLong(parts[1]));
    for (int i = 2; i < parts.length; i++) base128(out, Long.parseLong(parts[i]));
    return element(0x06, out.toByteArray());
  }

  private static void base128(ByteArrayOutputStream out, long v) {
    int groups = 1;
    for (long t = v >>> 7; t != 0; t >>>= 7) groups++;
    for (int g = groups - 1; g >= 0; g--) {
      int b = (int) ((v >>> (7 * g)) & 0x7f);
      out.write(g == 0 ? b : b | 0x80);
    }
  }

  static byte[] element(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int len = content.length;
    if (len < 0x80) {
      out.write(len);
    } else {
      int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) out.write(len >>> (8 * i));
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }
}
