// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.edgegateway.data.Priority;

/**
 * Which named uplinks carry which priorities. A row is deleted once every uplink that carries its priority acked
 * it (or dead-lettered it); a priority carried by one uplink only is deleted on that uplink's ack, as without
 * carriers. A priority nobody carries stays until the caps push it out.
 */
public record Carriers(Map<String, Set<Priority>> uplinks) {
  public Carriers {
    if (uplinks == null || uplinks.isEmpty()) throw new IllegalArgumentException("no uplinks");
    Map<String, Set<Priority>> copy = new LinkedHashMap<>();
    uplinks.forEach((name, kinds) -> {
      if (name == null || name.isEmpty()) throw new IllegalArgumentException("uplink name empty");
      copy.put(name, kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds)));
    });
    uplinks = Map.copyOf(copy);
  }

  /** One uplink carrying everything. */
  public static Carriers of(String uplink) {
    return new Carriers(Map.of(uplink, EnumSet.allOf(Priority.class)));
  }

  public boolean carries(String uplink, Priority priority) {
    return uplinks.getOrDefault(uplink, Set.of()).contains(priority);
  }

  /** The other uplinks that carry {@code priority}, sorted by name. */
  public List<String> others(String uplink, Priority priority) {
    return uplinks.entrySet().stream().filter(e -> !e.getKey().equals(uplink) && e.getValue().contains(priority))
        .map(Map.Entry::getKey).sorted().toList();
  }

  /** Throws if {@code uplink} is not one of these. */
  public void check(String uplink) {
    if (!uplinks.containsKey(uplink)) {
      throw new IllegalArgumentException("uplink '" + uplink + "' not declared; declared: " + uplinks.keySet());
    }
  }
}
