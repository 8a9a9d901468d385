// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

/**
 * Told after each durable commit that added rows. It runs on the writer thread, outside every lock: keep it short
 * (a failure is logged and ignored), or the writer falls behind.
 */
@FunctionalInterface
public interface CommitListener {
  /** Every row with an id up to {@code highestId} that was offered before is now on disk. */
  void committed(long highestId);
}
