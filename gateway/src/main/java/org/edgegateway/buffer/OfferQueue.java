// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;

/**
 * The bounded queues between producers and the one writer thread: telemetry in one, events in a small one of
 * their own, so telemetry filling up can never push out an event. {@link #offer} never waits for the writer;
 * it counts every accepted item, so {@link #accepted()} marks a point {@code flush} can wait for.
 */
final class OfferQueue {
  private final ArrayBlockingQueue<Item> telemetry;
  private final ArrayBlockingQueue<Item> events;
  private final int wakeAt;
  // Enqueue and count together, so a flush that saw the count sees every item it covers already queued.
  private final ReentrantLock offerLock = new ReentrantLock();
  private final AtomicLong accepted = new AtomicLong();
  private volatile Thread writer;
  private volatile boolean writerIdle;

  OfferQueue(int telemetryCapacity, int eventCapacity, int wakeAt) {
    this.telemetry = new ArrayBlockingQueue<>(telemetryCapacity);
    this.events = new ArrayBlockingQueue<>(eventCapacity);
    this.wakeAt = wakeAt;
  }

  void attachWriter(Thread thread) {
    writer = thread;
  }

  /** Queues the item, or returns false at once when its queue is full. */
  boolean offer(Item item) {
    ArrayBlockingQueue<Item> queue = item.priority() == Priority.EVENT ? events : telemetry;
    offerLock.lock();
    try {
      if (!queue.offer(item)) return false;
      accepted.incrementAndGet();
    } finally {
      offerLock.unlock();
    }
    if (writerIdle || queue.size() >= wakeAt || item.priority() == Priority.EVENT) wakeWriter();
    return true;
  }

  /** Items accepted so far. */
  long accepted() {
    return accepted.get();
  }

  /** Moves up to {@code max} items into {@code batch}: all waiting events first, then telemetry. */
  int drainTo(List<Item> batch, int max) {
    int n = events.drainTo(batch, max);
    return n + telemetry.drainTo(batch, max - n);
  }

  boolean isEmpty() {
    return events.isEmpty() && telemetry.isEmpty();
  }

  /** Called on the writer thread: parks until an item arrives, {@link #wakeWriter} is called, or the time passes. */
  void awaitItems(long nanos) {
    writerIdle = true;
    try {
      if (isEmpty()) LockSupport.parkNanos(this, nanos);
    } finally {
      writerIdle = false;
    }
  }

  /** Called on the writer thread: parks while a group gathers; an offer that fills a group wakes it early. */
  void awaitGroup(long nanos) {
    if (telemetry.size() + events.size() < wakeAt) LockSupport.parkNanos(this, nanos);
  }

  void wakeWriter() {
    Thread t = writer;
    if (t != null) LockSupport.unpark(t);
  }
}
