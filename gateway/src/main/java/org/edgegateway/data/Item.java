// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.data;

/** Something the gateway buffers and forwards: a telemetry {@link Reading} or an {@link Event}. */
public sealed interface Item permits Reading, Event {

  /** Wall-clock time in epoch milliseconds. */
  long timeMillis();

  /** Events go before telemetry. */
  Priority priority();
}
