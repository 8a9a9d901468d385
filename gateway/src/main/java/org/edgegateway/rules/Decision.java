// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.rules;

/** A zone's wish for its valve at one tick, with the reason in words for the event log. */
public record Decision(boolean open, String reason) {}
