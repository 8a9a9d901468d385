// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.edgegateway.rules.SavedState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateSaverTest {
  @TempDir
  Path dir;

  @Test
  void writesOnlyWhenZonesOrAlertsChangedAndOnceMoreAtClose() throws Exception {
    Path path = dir.resolve("state.json");
    StateFile file = new StateFile(path);
    AtomicReference<SavedState> state = new AtomicReference<>();
    AtomicInteger alongside = new AtomicInteger();
    StateSaver saver = new StateSaver(file, state::get, alongside::incrementAndGet);

    saver.save();
    assertFalse(Files.exists(path), "nothing to save before the loop's first snapshot");
    state.set(new SavedState(1_000, Map.of(), List.of("frost")));
    saver.save();
    assertEquals(1_000, file.read().orElseThrow().savedAtMillis());
    state.set(new SavedState(2_000, Map.of(), List.of("frost")));
    saver.save();
    assertEquals(1_000, file.read().orElseThrow().savedAtMillis(), "only the time changed: not written");
    state.set(new SavedState(3_000, Map.of(), List.of("frost", "leak")));
    saver.start();
    saver.close();
    assertEquals(List.of("frost", "leak"), file.read().orElseThrow().raisedAlerts(), "saved at close");
    assertEquals(4, alongside.get(), "the sequence numbers are saved with every round");
  }
}
