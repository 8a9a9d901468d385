// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.command;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request handed to the control loop, and the loop's answer. Exactly one of two things happens: the loop
 * {@link #claim}s it and then {@link #complete}s it with its ack, or the submitter gives up first
 * ({@link #abandon}) and the loop skips it; so a command that was answered {@code rejected} after a timeout is
 * never applied later.
 *
 * <p>{@link #complete} runs on the loop thread: {@link #answer()} must only be waited on or continued with an
 * {@code *Async} stage on another executor, never with a callback that would run on the loop.
 */
public final class Pending {
  private static final int NEW = 0;
  private static final int CLAIMED = 1;
  private static final int ABANDONED = 2;

  private final Request request;
  private final CompletableFuture<Ack> answer = new CompletableFuture<>();
  private final AtomicInteger state = new AtomicInteger(NEW);

  public Pending(Request request) {
    this.request = request;
  }

  public Request request() {
    return request;
  }

  /** For the loop: true if it may apply the request now; false if the submitter gave up. */
  public boolean claim() {
    return state.compareAndSet(NEW, CLAIMED);
  }

  /** For the loop, after {@link #claim}: the outcome. */
  public void complete(Ack ack) {
    answer.complete(ack);
  }

  /** For the submitter: gives up unless the loop already claimed it; then completes with {@code ack}. */
  boolean abandon(Ack ack) {
    if (!state.compareAndSet(NEW, ABANDONED)) return false;
    answer.complete(ack);
    return true;
  }

  /** The ack if the loop has answered already, else null; never waits. */
  public Ack answered() {
    return answer.getNow(null);
  }

  CompletableFuture<Ack> answer() {
    return answer;
  }
}
