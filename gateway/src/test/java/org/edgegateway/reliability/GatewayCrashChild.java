// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.reliability;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.edgegateway.buffer.SqliteOutbox;
import org.edgegateway.cli.Gateway;
import org.edgegateway.config.ConfigLoader;

/**
 * The child JVM of {@link ReliabilityGatewayCrashTest}: runs the whole gateway on the config in {@code args[0]}
 * and prints {@code committed <highest id>} whenever the outbox committed more, until it is killed.
 */
public final class GatewayCrashChild {
  static final String PREFIX = "committed ";
  static final String STARTED = "started";

  private GatewayCrashChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    Gateway g = Gateway.start(ConfigLoader.load(Path.of(args[0])), Clock.systemUTC(), System::nanoTime, 0);
    out.println(STARTED);
    SqliteOutbox outbox = (SqliteOutbox) g.outbox();
    long printed = -1;
    while (true) {
      long id = outbox.highestCommittedId();
      if (id != printed) {
        out.println(PREFIX + id);
        out.flush();
        printed = id;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }
}
