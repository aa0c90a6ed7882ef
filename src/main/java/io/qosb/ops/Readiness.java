package io.qosb.ops;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.util.function.Supplier;

/**
 * The dependency checks behind {@code /health/ready}. Each component that owns a dependency (store,
 * NEF client) registers one check; a check that does not answer within its timeout counts as down.
 */
public final class Readiness {

  private final HealthChecks checks;

  public Readiness(Vertx vertx) {
    this.checks = HealthChecks.create(vertx);
  }

  /**
   * @param name the dependency, e.g. {@code sql}
   * @param probe succeeds while the dependency is usable
   * @return this
   */
  public Readiness register(String name, Supplier<Future<?>> probe) {
    checks.register(name, 2000, (Promise<Status> p) -> probe.get()
        .onSuccess(v -> p.tryComplete(Status.OK()))
        .onFailure(e -> p.tryComplete(Status.KO())));
    return this;
  }

  HealthChecks checks() {
    return checks;
  }
}
