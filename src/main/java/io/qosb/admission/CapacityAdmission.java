package io.qosb.admission;

import io.qosb.admission.Usage.Segment;
import io.qosb.booking.Admission;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingRepository.BookingTx;
import io.qosb.store.Store;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Admission by capacity: a booking is admitted only if, in every zone its service area occupies
 * ({@link CapacityModel#zonesOf}) and at every instant of its window, the devices already booked there
 * for its profile plus its own {@code totalDevices} stay within the zone's limit for the profile.
 * Live (non-terminal) bookings count with their {@code totalDevices} for their whole window.
 *
 * <p>Runs inside the createBooking transaction: it locks the {@code capacity_lock} row of each
 * limited (zone, profile) pair in name order, reads the overlapping claims, and on success records the
 * booking's own claims before the transaction commits. Two transactions racing for the same zone and
 * profile therefore decide one after the other, on H2 and on PostgreSQL, whichever replica runs them.
 * A deleted booking's claims go with it (foreign key cascade) and a terminated one's stop counting,
 * so capacity is free again as soon as that transaction commits.
 */
public final class CapacityAdmission implements Admission {

  private final CapacityModel model;
  private final CapacityStore store;
  private final Pool pool;
  private final CapacityMetrics metrics;

  private CapacityAdmission(CapacityModel model, CapacityStore store, Pool pool, CapacityMetrics metrics) {
    this.model = model;
    this.store = store;
    this.pool = pool;
    this.metrics = metrics;
  }

  /**
   * Creates the lock rows of every limited (zone, profile) pair of the model, then the admission.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Future<CapacityAdmission> create(Store sqlStore, CapacityModel model, CapacityMetrics metrics) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(metrics, "metrics");
    CapacityStore store = new CapacityStore(sqlStore.dialect());
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (Zone z : model.allZones()) {
      z.limits().keySet().stream().sorted().forEach(p -> pairs.add(Map.entry(z.name(), p)));
    }
    return store.ensureLocks(sqlStore.pool(), pairs)
        .map(v -> new CapacityAdmission(model, store, sqlStore.pool(), metrics));
  }

  /** The capacity model. */
  public CapacityModel model() {
    return model;
  }

  @Override
  public Future<Decision> admit(BookingTx tx, Booking b) {
    SqlConnection conn = tx.unwrap(SqlConnection.class);
    if (conn == null) {
      return Future.failedFuture(new IllegalStateException("capacity admission needs a SQL transaction"));
    }
    List<Zone> zones = model.zonesOf(b.serviceArea());
    if (outsideCoverage(zones, b.qosProfile())) {
      return Future.succeededFuture(Decision.notCoveredArea("The service area is outside the operator's coverage for "
          + b.qosProfile() + ": it lies in no capacity zone and nothing is offered outside them."));
    }
    long start = b.start().toEpochMilli();
    long end = b.end().toEpochMilli();
    return decide(conn, b.qosProfile(), b.totalDevices(), start, end, zones)
        .compose(v -> v.decision().accepted()
            ? store.insertClaims(conn, b.id(), b.qosProfile(), b.totalDevices(), start, end,
                zones.stream().map(Zone::name).toList()).map(x -> v)
            : Future.succeededFuture(v))
        .onSuccess(metrics::record)
        .map(Verdict::decision);
  }

  /** Not covered: the area touches no zone, and the limit outside every zone is 0 for the profile. */
  private static boolean outsideCoverage(List<Zone> zones, String profile) {
    return zones.size() == 1 && zones.get(0).name().equals(Zone.OUTSIDE) && zones.get(0).limit(profile).orElse(1) == 0;
  }

  /** Records the booking's claims in the zones it occupies, without a decision (bulk loads). */
  Future<Void> record(SqlConnection conn, Booking b) {
    return store.insertClaims(conn, b.id(), b.qosProfile(), b.totalDevices(), b.start().toEpochMilli(),
        b.end().toEpochMilli(), model.zonesOf(b.serviceArea()).stream().map(Zone::name).toList());
  }

  /**
   * The decision for {@code devices} more devices of the profile over [startMs, endMs) in the zones:
   * locks each limited pair in the given order and checks it; stops at the first refusal.
   *
   * @param zones sorted by name, as {@link CapacityModel#zonesOf} returns them
   */
  Future<Verdict> decide(SqlConnection conn, String profile, int devices, long startMs, long endMs, List<Zone> zones) {
    Future<Verdict> chain = Future.succeededFuture(null);
    for (Zone z : zones) {
      OptionalInt limit = z.limit(profile);
      if (limit.isEmpty()) {
        continue;
      }
      chain = chain.compose(refusal -> refusal != null ? Future.succeededFuture(refusal)
          : store.lock(conn, z.name(), profile)
              .compose(v -> store.overlapping(conn, z.name(), profile, startMs, endMs))
              .map(claims -> {
                Segment full = Usage.firstOverflow(claims, startMs, endMs, devices, limit.getAsInt());
                return full == null ? null : new Verdict(Decision.refused(reason(z, profile, limit.getAsInt(), devices, full)),
                    zones, z.name());
              }));
    }
    return chain.map(refusal -> refusal != null ? refusal : new Verdict(Decision.ACCEPTED, zones, null));
  }

  private static String reason(Zone z, String profile, int limit, int devices, Segment full) {
    String where = z.name().equals(Zone.OUTSIDE) ? "outside every capacity zone" : "in zone '" + z.name() + "'";
    return "The network cannot honour this booking " + where + ": " + full.devices() + " of " + limit + " "
        + profile + " devices are booked from " + Instant.ofEpochMilli(full.from()) + " to "
        + Instant.ofEpochMilli(full.to()) + ", leaving no room for " + devices + " more.";
  }

  /**
   * The utilisation of a (zone, profile) over [from, to), read outside any transaction.
   *
   * @return maximal segments of constant device count covering the window
   */
  public Future<List<Segment>> timeline(String zone, String profile, Instant from, Instant to) {
    long f = from.toEpochMilli();
    long t = to.toEpochMilli();
    return store.overlapping(pool, zone, profile, f, t).map(claims -> Usage.timeline(claims, f, t));
  }

  /** The devices of the profile booked in the zone at the instant. */
  public Future<Long> devicesAt(String zone, String profile, Instant at) {
    long t = at.toEpochMilli();
    return store.overlapping(pool, zone, profile, t, t + 1).map(claims -> Usage.at(claims, t));
  }

  /**
   * @param decision the decision
   * @param zones every zone the booking's area occupies
   * @param refusedBy the zone whose limit refused it, or null
   */
  record Verdict(Decision decision, List<Zone> zones, String refusedBy) {}
}
