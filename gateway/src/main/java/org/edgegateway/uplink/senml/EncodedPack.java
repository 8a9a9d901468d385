// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

/** An encoded message and how many of the offered items (a prefix of the list) it holds. */
public record EncodedPack(byte[] bytes, int count) {
  public EncodedPack {
    if (bytes == null) throw new IllegalArgumentException("bytes null");
    if (count < 1) throw new IllegalArgumentException("count < 1: " + count);
  }
}
