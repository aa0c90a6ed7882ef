package io.qosb.api;

import static io.qosb.api.Requests.body;
import static io.qosb.api.Requests.bookingId;
import static io.qosb.api.Requests.json;

import io.qosb.api.auth.AuthHandler;
import io.qosb.booking.Api;
import io.qosb.booking.ApiVersion;
import io.qosb.booking.BookingEngine;
import io.qosb.booking.NewBooking;
import io.qosb.booking.ServiceArea;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The handlers of QoS Booking and Assignment: JSON in, engine call, JSON out. Rules live in the
 * engine; errors surface as {@link io.qosb.booking.CamaraException}s to the failure handler.
 */
public final class BookingAndAssignmentApi {

  private final BookingEngine engine;
  private final Clock clock;
  private final SinkCheck sinks;
  private final ApiVersion version;

  /**
   * @param engine the booking engine
   * @param clock decides expiry of sink access tokens
   * @param sinks the address policy of sinks (the notifier's guard)
   * @param version the API version these handlers serve (v0.1 and v0.2 show QBA bookings alike)
   * @throws NullPointerException if an argument is null
   */
  public BookingAndAssignmentApi(BookingEngine engine, Clock clock, SinkCheck sinks, ApiVersion version) {
    this.version = Objects.requireNonNull(version);
    this.engine = Objects.requireNonNull(engine);
    this.clock = Objects.requireNonNull(clock);
    this.sinks = Objects.requireNonNull(sinks);
  }

  /** @return operationId -> handler */
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "createBooking", json(201, this::create),
        "getBookingById", json(200, rc -> engine.getBooking(AuthHandler.caller(rc), Api.QBA, bookingId(rc))
            .map(BookingViews::qbaBooking)),
        "deleteBooking", json(200, rc -> engine.deleteBooking(AuthHandler.caller(rc), Api.QBA, bookingId(rc))
            .map(BookingViews::qbaBooking)),
        "assignDevices", json(201, rc -> {
          JsonObject body = body(rc);
          return SinkInput.checked(body, AuthHandler.caller(rc), clock, sinks, version).compose(credential -> engine.assignDevices(
              AuthHandler.caller(rc), bookingId(rc), Requests.devices(body), body.getString("sink"), credential))
              .map(BookingViews::qbaAssignment);
        }),
        "getDevicesByBookingId", json(200, rc -> engine.getDevices(AuthHandler.caller(rc), bookingId(rc))
            .map(BookingViews::qbaAssignment)),
        "releaseDevices", json(200, rc -> {
          JsonObject body = body(rc);
          String sink = body.getString("sink");
          return SinkInput.checked(body, AuthHandler.caller(rc), clock, sinks, version).compose(credential -> RequestSinks.during(
              sink == null ? null : new RequestSinks.Given(sink, credential),
              () -> engine.releaseDevices(AuthHandler.caller(rc), bookingId(rc), Requests.devices(body), sink,
                  credential)))
              .map(BookingViews::qbaAssignment);
        }),
        "retrieveBookingByDevice", json(200, rc -> engine.retrieveBookingByDevice(AuthHandler.caller(rc),
            Api.QBA, Requests.device(body(rc))).map(BookingViews::qbaList)));
  }

  private Future<JsonObject> create(RoutingContext rc) {
    JsonObject body = body(rc);
    ServiceArea area = ServiceArea.fromJson(body.getJsonObject("serviceArea"), Api.QBA);
    return SinkInput.checked(body, AuthHandler.caller(rc), clock, sinks, version).compose(credential -> engine.createBooking(AuthHandler.caller(rc),
        NewBooking.qba(body.getString("qosProfile"), body.getString("startTime"), body.getLong("duration"), area,
            body.getInteger("numDevices"), body.getString("sink"), credential).through(version)))
        .map(BookingViews::qbaBooking);
  }
}
