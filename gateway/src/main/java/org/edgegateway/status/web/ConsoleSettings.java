// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import java.time.Duration;

/**
 * Where the console listens and its limits: sessions end after {@code sessionIdle} unused; one history point
 * every {@code historyEvery}, 24 hours of them; zone tests of at most {@code maxTestSeconds}.
 */
public record ConsoleSettings(String address, int port, Duration sessionIdle, Duration historyEvery,
    int maxTestSeconds) {
  public ConsoleSettings {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    if (historyEvery.toMillis() < 1000) throw new IllegalArgumentException("history-every below 1 s: " + historyEvery);
  }

  /** Points in 24 hours, at most 8,640 (one every 10 s) so that a page load stays small. */
  int historyCapacity() {
    return (int) Math.min(8_640, Math.max(2, Duration.ofHours(24).toMillis() / historyEvery.toMillis()));
  }
}
