// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.rules;

import java.util.List;
import java.util.Map;

/**
 * What must survive a restart, so that a restart neither resets a daily cap, nor forgets a running manual override,
 * nor raises an alert again: per zone today's use and any override (its end as wall time), and the raised alerts.
 * No zone is saved as running: after a restart every zone starts idle with its valve closed.
 */
public record SavedState(long savedAtMillis, Map<String, Zone> zones, List<String> raisedAlerts) {

  /** One zone; {@code day} is ISO (yyyy-mm-dd) in site time or null; {@code overrideUntilMillis} 0 for none. */
  public record Zone(String day, long todayOpenMillis, double todayLitres, long overrideUntilMillis,
      boolean overrideOpen, String fallbackDay) {}
}
