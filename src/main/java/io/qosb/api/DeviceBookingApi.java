package io.qosb.api;

import static io.qosb.api.Requests.body;
import static io.qosb.api.Requests.bookingId;
import static io.qosb.api.Requests.json;

import io.qosb.api.auth.AuthHandler;
import io.qosb.booking.Api;
import io.qosb.booking.ApiVersion;
import io.qosb.booking.ApplicationServer;
import io.qosb.booking.BookingEngine;
import io.qosb.booking.Device;
import io.qosb.booking.FlowSpec;
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
 * The handlers of QoS Booking (one device per booking), on the same engine as QoS Booking and
 * Assignment: a device booking is a booking of one device assigned at creation.
 */
public final class DeviceBookingApi {

  private final BookingEngine engine;
  private final Clock clock;
  private final SinkCheck sinks;
  private final ApiVersion version;

  /**
   * @param engine the booking engine
   * @param clock decides expiry of sink access tokens
   * @param sinks the address policy of sinks (the notifier's guard)
   * @param version the API version these handlers serve: bookings are shown in its terms
   * @throws NullPointerException if an argument is null
   */
  public DeviceBookingApi(BookingEngine engine, Clock clock, SinkCheck sinks, ApiVersion version) {
    this.version = Objects.requireNonNull(version);
    this.engine = Objects.requireNonNull(engine);
    this.clock = Objects.requireNonNull(clock);
    this.sinks = Objects.requireNonNull(sinks);
  }

  /** @return operationId -> handler */
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "createBooking", json(201, this::create),
        "getBookingById", json(200, rc -> engine.getBooking(AuthHandler.caller(rc), Api.QB, bookingId(rc))
            .map(b -> BookingViews.qbBooking(b, version))),
        "deleteBooking", json(204, rc -> engine.deleteBooking(AuthHandler.caller(rc), Api.QB, bookingId(rc))
            .map(b -> null)),
        "retrieveBookingByDevice", json(200, rc -> engine.retrieveBookingByDevice(AuthHandler.caller(rc),
            Api.QB, Requests.device(body(rc))).map(l -> BookingViews.qbList(l, version))));
  }

  private Future<JsonObject> create(RoutingContext rc) {
    JsonObject body = body(rc);
    ApplicationServer.check(body.getJsonObject("applicationServer"));
    // credential and sink (400) are checked before the area (422 QOS_BOOKING.INVALID_AREA), SPEC-NOTES 1.6
    return SinkInput.checked(body, AuthHandler.caller(rc), clock, sinks, version).compose(credential -> {
      ServiceArea area = ServiceArea.fromJson(body.getJsonObject("serviceArea"), Api.QB);
      FlowSpec flows = new FlowSpec(encoded(body, "applicationServer"), encoded(body, "devicePorts"),
          encoded(body, "applicationServerPorts"));
      Device device = Requests.device(body);
      return engine.createBooking(AuthHandler.caller(rc), NewBooking.qb(body.getString("qosProfile"),
          body.getString("startTime"), body.getLong("duration"), area, device, flows, body.getString("sink"),
          credential).through(version));
    }).map(b -> BookingViews.qbBooking(b, version));
  }

  private static String encoded(JsonObject body, String field) {
    JsonObject value = body.getJsonObject(field);
    return value == null ? null : value.encode();
  }
}
