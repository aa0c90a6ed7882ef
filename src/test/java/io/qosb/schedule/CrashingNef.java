package io.qosb.schedule;

import io.qosb.nef.NefApi;
import io.qosb.nef.NefSubscription;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * A NEF client that "crashes" the process at one point: from there on its future never completes,
 * so nothing the adapter would do next happens, as after a kill. {@link #crashed()} completes when
 * the crash point is reached.
 */
final class CrashingNef implements NefApi {

  /** Where the process dies. */
  enum Point { BEFORE_POST, AFTER_POST, BEFORE_DELETE, AFTER_DELETE }

  private final NefApi real;
  private final Point point;
  private final Promise<Void> crashed = Promise.promise();

  CrashingNef(NefApi real, Point point) {
    this.real = Objects.requireNonNull(real);
    this.point = Objects.requireNonNull(point);
  }

  Future<Void> crashed() {
    return crashed.future();
  }

  @Override
  public Future<NefSubscription> create(JsonObject subscription) {
    return switch (point) {
      case BEFORE_POST -> crash();
      case AFTER_POST -> real.create(subscription).compose(created -> crash());
      default -> real.create(subscription);
    };
  }

  @Override
  public Future<List<NefSubscription>> list() {
    return real.list();
  }

  @Override
  public Future<io.vertx.core.json.JsonObject> read(String subscriptionUrl) {
    return real.read(subscriptionUrl);
  }

  @Override
  public boolean listSupported() {
    return real.listSupported();
  }

  @Override
  public Future<Void> delete(String subscriptionUrl) {
    return switch (point) {
      case BEFORE_DELETE -> crash();
      case AFTER_DELETE -> real.delete(subscriptionUrl).compose(v -> crash());
      default -> real.delete(subscriptionUrl);
    };
  }

  @Override
  public boolean isAvailable() {
    return real.isAvailable();
  }

  private <T> Future<T> crash() {
    crashed.tryComplete();
    return Promise.<T>promise().future();
  }
}
