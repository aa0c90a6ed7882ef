package io.qosb.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.CamaraException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The in-process device locks of the embedded H2 store. */
@ExtendWith(VertxExtension.class)
class DeviceLocksTest {

  private static TreeSet<String> keys(String... k) {
    return new TreeSet<>(List.of(k));
  }

  /** Verifies that works sharing a key run one after the other, and works on other keys at once. */
  @Test
  void testWorksOnOneDeviceRunOneAtATime(Vertx vertx) throws Exception {
    DeviceLocks locks = new DeviceLocks(10_000);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Promise<Void> first = Promise.promise();
    Future<Void> a = locks.withLocks(vertx, keys("d1", "d2"), () -> {
      log.add("a");
      return first.future();
    });
    Future<Void> b = locks.withLocks(vertx, keys("d2"), () -> {
      log.add("b");
      return Future.succeededFuture();
    });
    Future<Void> c = locks.withLocks(vertx, keys("d1", "d3"), () -> {
      log.add("c");
      return Future.succeededFuture();
    });
    Future<Void> other = locks.withLocks(vertx, keys("d4"), () -> {
      log.add("other");
      return Future.succeededFuture();
    });
    other.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    Thread.sleep(100);
    assertThat(log).containsExactly("a", "other");
    first.complete();
    Future.all(a, b, c).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    // b and c (no key in common) both waited for a, then ran
    assertThat(log).hasSize(4).startsWith("a", "other").contains("b", "c");
    assertThat(locks.heldKeys()).isZero();
  }

  /** Verifies that a failed or throwing work releases its keys. */
  @Test
  void testFailedWorkReleasesItsKeys(Vertx vertx) throws Exception {
    DeviceLocks locks = new DeviceLocks(10_000);
    Future<Void> failed = locks.withLocks(vertx, keys("d1"), () -> Future.failedFuture(new IllegalStateException("x")));
    Future<Void> thrown = locks.withLocks(vertx, keys("d1", "d2"), () -> {
      throw new IllegalStateException("y");
    });
    Future<String> next = locks.withLocks(vertx, keys("d1", "d2"), () -> Future.succeededFuture("ran"));
    assertThat(next.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("ran");
    assertThat(failed.failed()).isTrue();
    assertThat(thrown.failed()).isTrue();
    assertThat(locks.heldKeys()).isZero();
  }

  /**
   * Verifies that a work waiting for a key longer than the timeout fails with 503 UNAVAILABLE without
   * running, keeps none of the keys it took, and that the holder is unaffected.
   */
  @Test
  void testWaiterTimesOutWith503AndHoldsNothing(Vertx vertx) throws Exception {
    DeviceLocks locks = new DeviceLocks(200);
    Promise<Void> holder = Promise.promise();
    Future<Void> held = locks.withLocks(vertx, keys("d2"), () -> holder.future());
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    Future<Void> waiter = locks.withLocks(vertx, keys("d1", "d2"), () -> {
      ran.add("waiter");
      return Future.succeededFuture();
    });
    Throwable cause = waiter.transform(r -> Future.succeededFuture(r.cause())).toCompletionStage()
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(cause).isInstanceOfSatisfying(CamaraException.class, e -> {
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.code()).isEqualTo("UNAVAILABLE");
    });
    assertThat(ran).isEmpty();
    // d1, taken before the wait for d2, was given back
    Future<String> d1 = locks.withLocks(vertx, keys("d1"), () -> Future.succeededFuture("free"));
    assertThat(d1.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("free");
    holder.complete();
    held.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(locks.heldKeys()).isZero();
  }

  /** Verifies that the locks of one database are shared by every pool of the process, and not across databases. */
  @Test
  void testLocksAreSharedPerDatabase() {
    assertThat(DeviceLocks.of("jdbc:h2:mem:x-" + getClass().getName(), 1000))
        .isSameAs(DeviceLocks.of("jdbc:h2:mem:x-" + getClass().getName(), 1000))
        .isNotSameAs(DeviceLocks.of("jdbc:h2:mem:y-" + getClass().getName(), 1000));
  }
}
