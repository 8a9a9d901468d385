// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.safety;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.edgegateway.drivers.gpio.ValveOutput;

/** A valve output that records every command and can be told to fail when opened. */
public final class RecordingValve implements ValveOutput {
  private final String id;
  private final List<String> log = new ArrayList<>();
  private boolean open;
  private boolean failOnOpen;

  public RecordingValve(String id, boolean initiallyOpen) {
    this.id = id;
    this.open = initiallyOpen;
  }

  @Override
  public String id() {
    return id;
  }

  public synchronized void failOnOpen(boolean fail) {
    this.failOnOpen = fail;
  }

  @Override
  public synchronized void setOpen(boolean open) throws IOException {
    log.add(open ? "open" : "close");
    if (open && failOnOpen) throw new IOException("relay board not answering");
    this.open = open;
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  public synchronized List<String> log() {
    return List.copyOf(log);
  }

  @Override
  public synchronized void close() {
    open = false;
  }
}
