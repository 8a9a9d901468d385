// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import java.util.List;

/** A decoded message: its sequence number (-1 if absent) and its items in order. */
public record DecodedPack<T>(long sequence, List<T> items) {
  public DecodedPack {
    items = List.copyOf(items);
  }
}
