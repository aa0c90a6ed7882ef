package io.qosb.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.qosb.admission.CapacityAdmission.Verdict;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission meters. Tag values come only from the configured zone names (plus {@code outside}) and
 * profile names, so the series are bounded.
 * <ul>
 *   <li>{@value #DECISIONS} (counter; tags outcome=accepted|refused, zone): an accepted booking counts
 *       once per zone it occupies, a refused one once for the zone that refused it;</li>
 *   <li>{@value #UTILISATION} (gauge; tags zone, profile): devices booked now / limit, for every pair
 *       with a limit, as of the last {@link #refresh}.</li>
 * </ul>
 */
public final class CapacityMetrics {

  public static final String DECISIONS = "qosb.admission.decisions";
  public static final String UTILISATION = "qosb.capacity.utilisation";

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final List<Pair> pairs = new ArrayList<>();

  /** One (zone, profile) with a limit and its last known device count. */
  private record Pair(String zone, String profile, int limit, AtomicLong devices) {

    double utilisation() {
      return limit == 0 ? (devices.get() > 0 ? 1.0 : 0.0) : (double) devices.get() / limit;
    }
  }

  /**
   * Registers the utilisation gauges of every limited (zone, profile) of the model.
   *
   * @throws NullPointerException if an argument is null
   */
  public CapacityMetrics(MeterRegistry registry, CapacityModel model) {
    this.registry = Objects.requireNonNull(registry);
    for (Zone z : model.allZones()) {
      z.limits().forEach((profile, limit) -> {
        Pair p = new Pair(z.name(), profile, limit, new AtomicLong());
        pairs.add(p);
        Gauge.builder(UTILISATION, p, Pair::utilisation).description("Devices booked now / limit, per zone and QoS profile")
            .tag("zone", z.name()).tag("profile", profile).register(registry);
      });
    }
  }

  void record(Verdict v) {
    if (v.decision().accepted()) {
      v.zones().forEach(z -> counter("accepted", z.name()).increment());
    } else {
      counter("refused", v.refusedBy()).increment();
    }
  }

  private Counter counter(String outcome, String zone) {
    return counters.computeIfAbsent(outcome + "/" + zone, k -> Counter.builder(DECISIONS)
        .description("Admission decisions by outcome and zone").tag("outcome", outcome).tag("zone", zone)
        .register(registry));
  }

  /**
   * Reads the devices booked now in every limited pair; the gauges show them from then on.
   *
   * @return completes when all pairs are read
   */
  public Future<Void> refresh(CapacityAdmission admission, Instant now) {
    List<Future<Long>> reads = new ArrayList<>();
    for (Pair p : pairs) {
      reads.add(admission.devicesAt(p.zone(), p.profile(), now).onSuccess(p.devices()::set));
    }
    return Future.all(reads).mapEmpty();
  }
}
