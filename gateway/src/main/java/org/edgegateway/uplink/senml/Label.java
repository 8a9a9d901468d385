// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import java.util.HashMap;
import java.util.Map;

/**
 * The record fields the gateway writes and reads: SenML's registered labels with their CBOR integer keys
 * (RFC 8428 §6), and our extensions, which are text in both formats and do not end in {@code _}, so a receiver
 * that does not know them may ignore them.
 */
enum Label {
  BASE_NAME("bn", -2),
  BASE_TIME("bt", -3),
  BASE_UNIT("bu", -4),
  BASE_VALUE("bv", -5),
  NAME("n", 0),
  UNIT("u", 1),
  VALUE("v", 2),
  STRING_VALUE("vs", 3),
  BOOLEAN_VALUE("vb", 4),
  TIME("t", 6),
  /** Extension: the pack's sequence number, in the first record only. */
  SEQUENCE("seq", null),
  /** Extension: the reading's quality when it is not {@code ok}. */
  QUALITY("q", null),
  /** Event fields (our own object, not SenML). */
  KIND("kind", null),
  SOURCE("source", null),
  SEVERITY("severity", null),
  MESSAGE("message", null);

  private static final Map<String, Label> BY_KEY = new HashMap<>();

  static {
    for (Label label : values()) {
      BY_KEY.put(label.json, label);
      if (label.cbor != null) BY_KEY.put(String.valueOf(label.cbor), label);
    }
  }

  final String json;
  final Integer cbor;

  Label(String json, Integer cbor) {
    this.json = json;
    this.cbor = cbor;
  }

  /** The label for a JSON name or a CBOR key as Jackson reports it (integers as decimal text); null if unknown. */
  static Label forKey(String key) {
    return BY_KEY.get(key);
  }
}
