// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.data;

/** Forwarding order: every buffered event goes before any buffered telemetry. */
public enum Priority {
  EVENT,
  TELEMETRY
}
