// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the errors of one config file, so that all of them are reported at once. */
final class Problems {
  private final String file;
  private final List<ConfigError> errors = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  void add(Node at, String path, String problem) {
    add(at == null ? 0 : at.getStartMark().getLine() + 1, path, problem);
  }

  void add(int line, String path, String problem) {
    errors.add(new ConfigError(file, line, path, problem));
  }

  void addAll(List<ConfigError> more) {
    errors.addAll(more);
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  List<ConfigError> errors() {
    List<ConfigError> sorted = new ArrayList<>(errors);
    // This file's problems first, by line; then those of the files it refers to (profiles).
    sorted.sort((a, b) -> a.file().equals(b.file()) ? Integer.compare(a.line(), b.line())
        : a.file().equals(file) ? -1 : b.file().equals(file) ? 1 : a.file().compareTo(b.file()));
    return sorted;
  }
}
