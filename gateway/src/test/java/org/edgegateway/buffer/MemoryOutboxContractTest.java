// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.io.IOException;
import java.time.Clock;

/** The outbox contract, held by the memory outbox. */
class MemoryOutboxContractTest extends OutboxContractTest {
  @Override
  Outbox open(OutboxSettings settings, Clock clock) {
    return new MemoryOutbox(settings, clock);
  }

  @Override
  Outbox open(OutboxSettings settings, Clock clock, Carriers carriers) throws IOException {
    return new MemoryOutbox(settings, clock, carriers);
  }
}
