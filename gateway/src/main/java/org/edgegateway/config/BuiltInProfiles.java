// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The names of the Modbus profiles shipped in the jar, listed in {@code /profiles/index.txt}. */
final class BuiltInProfiles {
  private BuiltInProfiles() {}

  static List<String> names() {
    try (InputStream in = BuiltInProfiles.class.getResourceAsStream("/profiles/index.txt")) {
      if (in == null) return List.of();
      return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R"))
          .map(String::trim).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
