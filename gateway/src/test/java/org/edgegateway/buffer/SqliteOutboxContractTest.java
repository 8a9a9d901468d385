// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.io.IOException;
import java.time.Clock;

/** The outbox contract, held by the SQLite outbox. */
class SqliteOutboxContractTest extends OutboxContractTest {
  @Override
  Outbox open(OutboxSettings settings, Clock clock) throws IOException {
    return SqliteOutbox.open(settings, clock);
  }

  @Override
  Outbox open(OutboxSettings settings, Clock clock, Carriers carriers) throws IOException {
    return SqliteOutbox.open(settings, clock, highestId -> { }, carriers);
  }
}
