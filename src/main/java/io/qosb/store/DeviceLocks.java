package io.qosb.store;

import io.qosb.booking.CamaraException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Device locks held in this process, for the embedded H2 store (issue 16): the transactions that
 * assign, release or activate a device run one at a time per device key, as {@code device_lock}
 * rows locked {@code FOR UPDATE} make them on PostgreSQL.
 *
 * <p>An H2 file is opened by one process only (H2 locks the file), so a lock in that process's
 * memory serialises every writer of the database, without the committed lock row per device and the
 * row lock per transaction that cost two page writes and a transaction of their own for each new
 * device. The locks are kept per database (its JDBC URL), not per pool, as two pools of one process
 * may share an in-memory database. Keys are taken in their sorted order, so two transactions cannot
 * wait for each other; a key waited for longer than the timeout fails the work with 503 UNAVAILABLE,
 * as a row lock that H2 could not get in time would.
 */
final class DeviceLocks {

  private static final Map<String, DeviceLocks> BY_DATABASE = new ConcurrentHashMap<>();

  /** Held keys, each with the acquisitions waiting for it, in their order of arrival. */
  private final Map<String, ArrayDeque<Waiter>> held = new HashMap<>();
  private final long timeoutMs;

  DeviceLocks(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  /** The locks of the database at the JDBC URL, shared by every pool of this process on it. */
  static DeviceLocks of(String jdbcUrl, long timeoutMs) {
    return BY_DATABASE.computeIfAbsent(jdbcUrl, k -> new DeviceLocks(timeoutMs));
  }

  /**
   * Runs the work holding every key, and releases them once its future completes, however it
   * completes.
   */
  <T> Future<T> withLocks(Vertx vertx, SortedSet<String> keys, Supplier<Future<T>> work) {
    if (keys.isEmpty()) {
      return work.get();
    }
    Context context = vertx.getOrCreateContext();
    List<String> acquired = new ArrayList<>(keys.size());
    return acquire(vertx, context, keys.iterator(), acquired)
        // compose fails the future with what work throws
        .compose(v -> work.get())
        .andThen(r -> acquired.forEach(this::release));
  }

  private Future<Void> acquire(Vertx vertx, Context context, Iterator<String> keys, List<String> acquired) {
    String key = null;
    Waiter waiter = null;
    synchronized (held) {
      while (waiter == null && keys.hasNext()) {
        key = keys.next();
        ArrayDeque<Waiter> queue = held.get(key);
        if (queue == null) {
          held.put(key, new ArrayDeque<>());
          acquired.add(key);
        } else {
          waiter = new Waiter(context);
          queue.add(waiter);
        }
      }
    }
    if (waiter == null) {
      return Future.succeededFuture();
    }
    String waited = key;
    Waiter w = waiter;
    long timer = vertx.setTimer(timeoutMs, id -> {
      boolean removed;
      synchronized (held) {
        ArrayDeque<Waiter> queue = held.get(waited);
        removed = queue != null && queue.remove(w);
      }
      if (removed) {
        w.promise.tryFail(CamaraException.unavailable(
            "A device of the request is busy with another change; try again later."));
      }
    });
    // keys taken before a failed one are released by withLocks
    return w.promise.future()
        .onComplete(r -> vertx.cancelTimer(timer))
        .compose(v -> {
          acquired.add(waited);
          return acquire(vertx, context, keys, acquired);
        });
  }

  /** Hands the key to its next waiter, or frees it. */
  private void release(String key) {
    Waiter next;
    synchronized (held) {
      ArrayDeque<Waiter> queue = held.get(key);
      if (queue == null) {
        return;
      }
      next = queue.poll();
      if (next == null) {
        held.remove(key);
        return;
      }
    }
    next.context.runOnContext(v -> next.promise.complete());
  }

  /** How many keys are held (tests). */
  int heldKeys() {
    synchronized (held) {
      return held.size();
    }
  }

  private static final class Waiter {
    final Context context;
    final Promise<Void> promise = Promise.promise();

    Waiter(Context context) {
      this.context = context;
    }
  }
}
