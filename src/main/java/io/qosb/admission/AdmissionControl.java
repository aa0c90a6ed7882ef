package io.qosb.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.qosb.api.auth.TokenVerifier;
import io.qosb.booking.Admission;
import io.qosb.ops.Settings;
import io.qosb.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission control part of one adapter instance, as the composition root wires it: the capacity
 * model from {@code capacity:}, the admission port for the booking engine, the meters (gauges
 * refreshed every {@code capacity.refreshInterval}), and the operator routes.
 */
public final class AdmissionControl {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionControl.class);

  private final Vertx vertx;
  private final CapacityAdmission admission;
  private final Clock clock;
  private final long timer;

  private AdmissionControl(Vertx vertx, CapacityAdmission admission, CapacityMetrics metrics, Clock clock,
      Duration refresh) {
    this.vertx = vertx;
    this.admission = admission;
    this.clock = clock;
    this.timer = vertx.setPeriodic(0, Math.max(1000, refresh.toMillis()), id -> metrics.refresh(admission, clock.instant())
        .onFailure(e -> LOG.warn("capacity gauges not refreshed [reason: {}]", e.getMessage())));
  }

  /**
   * Reads {@code capacity:}, creates the lock rows and starts refreshing the gauges.
   *
   * @param profiles the names of the QoS profile catalog
   * @return the started part; failed with a one-line ConfigException for a bad {@code capacity:} value
   */
  public static Future<AdmissionControl> start(Vertx vertx, Settings settings, Collection<String> profiles, Store store,
      MeterRegistry registry, Clock clock) {
    CapacityModel model;
    Duration refresh;
    try {
      model = CapacityModel.from(settings.section("capacity"), profiles);
      refresh = settings.duration("capacity.refreshInterval", Duration.ofSeconds(15));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    CapacityMetrics metrics = new CapacityMetrics(registry, model);
    return CapacityAdmission.create(store, model, metrics).map(a -> {
      LOG.info("admission control on [zones: {}, limited outside: {}]", model.zones().size(),
          !model.outside().limits().isEmpty());
      return new AdmissionControl(vertx, a, metrics, clock, refresh);
    });
  }

  /** The port for the booking engine. */
  public Admission admission() {
    return admission;
  }

  /** Adds {@code /ops/v1/capacity} and {@code /ops/capacity}. */
  public void mount(Router router, TokenVerifier verifier) {
    new CapacityRoutes(admission, verifier, clock).mount(router);
  }

  /** Stops refreshing the gauges. */
  public void stop() {
    vertx.cancelTimer(timer);
  }
}
