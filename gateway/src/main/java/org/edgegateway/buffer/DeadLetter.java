// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

/**
 * A message the platform refused for good (a CoAP 4.xx), kept for diagnosis: which uplink, what kind
 * ({@code telemetry} or {@code events}), when (epoch ms), why (response code and diagnostic text), and the exact
 * bytes refused with their content format. Its rows count as delivered for that uplink.
 */
public record DeadLetter(String uplink, String kind, long timeMillis, String reason, int contentFormat,
    byte[] payload) {
  public DeadLetter {
    if (uplink == null || uplink.isEmpty()) throw new IllegalArgumentException("uplink empty");
    if (kind == null || kind.isEmpty()) throw new IllegalArgumentException("kind empty");
    if (reason == null) throw new IllegalArgumentException("reason null");
    if (payload == null) throw new IllegalArgumentException("payload null");
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }
}
