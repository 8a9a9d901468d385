// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.data;

/** How urgent an event is for the people who watch the platform. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
