package io.qosb.api;

import io.qosb.booking.CamaraException;
import io.qosb.booking.Device;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Small helpers shared by the API handlers: validated inputs in, JSON out. */
final class Requests {

  private Requests() {
  }

  /** @return the validated JSON body, or an empty object when the operation had none */
  static JsonObject body(RoutingContext rc) {
    RequestParameter body = ValidationHandler.validated(rc).getBody();
    return body == null || body.isNull() || !body.isJsonObject() ? new JsonObject() : body.getJsonObject();
  }

  /** @return the {@code bookingId} path parameter as a UUID (400 INVALID_ARGUMENT otherwise) */
  static UUID bookingId(RoutingContext rc) {
    RequestParameter p = ValidationHandler.validated(rc).getPathParameters().get("bookingId");
    try {
      return UUID.fromString(p.getString());
    } catch (RuntimeException e) {
      throw CamaraException.invalidArgument("The bookingId must be a UUID.");
    }
  }

  /** @return the {@code device} object of a body as a Device, or null when absent */
  static Device device(JsonObject body) {
    JsonObject d = body.getJsonObject("device");
    return d == null ? null : Device.fromJson(d);
  }

  /** @return the {@code devices} array of a body as Devices, or null when absent */
  static List<Device> devices(JsonObject body) {
    JsonArray array = body.getJsonArray("devices");
    if (array == null) {
      return null;
    }
    List<Device> devices = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      devices.add(Device.fromJson(array.getJsonObject(i)));
    }
    return devices;
  }

  /**
   * A handler that runs {@code work} and answers its JSON result with {@code status}; a failure,
   * thrown or in the future, goes to the failure handler.
   */
  static Handler<RoutingContext> json(int status, Function<RoutingContext, Future<?>> work) {
    return rc -> {
      Future<?> result;
      try {
        result = work.apply(rc);
      } catch (RuntimeException e) {
        rc.fail(e);
        return;
      }
      result.onSuccess(value -> respond(rc, status, value)).onFailure(rc::fail);
    };
  }

  static void respond(RoutingContext rc, int status, Object value) {
    if (value == null) {
      rc.response().setStatusCode(status).end();
      return;
    }
    // straight to bytes: no intermediate String to encode again
    Buffer body = value instanceof JsonObject o ? o.toBuffer() : value instanceof JsonArray a ? a.toBuffer()
        : Buffer.buffer(value.toString());
    rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
  }
}
