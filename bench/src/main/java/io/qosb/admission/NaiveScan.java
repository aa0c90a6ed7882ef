package io.qosb.admission;

import io.qosb.admission.BenchData.Request;
import io.qosb.admission.Usage.Claim;
import io.qosb.booking.Api;
import io.qosb.booking.ServiceArea;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The baseline of the benchmark: the same decision without the zone/time index. It takes the same
 * lock, then reads every live booking, keeps those of the profile whose window overlaps, and only for
 * those parses the area and asks which zones it occupies, then sweeps like the indexed decision.
 * (H2 placeholders: the benchmark runs on H2.)
 */
final class NaiveScan {

  private final CapacityModel model;

  NaiveScan(CapacityModel model) {
    this.model = model;
  }

  Future<Boolean> decide(SqlConnection conn, Request r) {
    long start = r.start().toEpochMilli();
    long end = start + r.seconds() * 1000;
    Future<Boolean> chain = Future.succeededFuture(true);
    for (Zone z : model.zonesOf(r.area())) {
      OptionalInt limit = z.limit(r.profile());
      if (limit.isEmpty()) {
        continue;
      }
      chain = chain.compose(ok -> !ok ? Future.succeededFuture(false)
          : conn.preparedQuery("SELECT zone FROM capacity_lock WHERE zone = ? AND profile = ? FOR UPDATE")
              .execute(Tuple.of(z.name(), r.profile()))
              .compose(v -> conn.query("SELECT qos_profile, start_ms, end_ms, total_devices, service_area FROM booking"
                  + " WHERE state <> 'TERMINATED'").execute())
              .map(rows -> {
                List<Claim> claims = new ArrayList<>();
                for (Row row : rows) {
                  if (row.getString(0).equals(r.profile()) && row.getLong(1) < end && row.getLong(2) > start
                      && model.zonesOf(ServiceArea.fromStored(row.getString(4), Api.QBA)).contains(z)) {
                    claims.add(new Claim(row.getLong(1), row.getLong(2), row.getInteger(3)));
                  }
                }
                return Usage.firstOverflow(claims, start, end, r.devices(), limit.getAsInt()) == null;
              }));
    }
    return chain;
  }
}
