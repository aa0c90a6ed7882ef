package io.qosb.api;

import static io.qosb.api.Requests.body;
import static io.qosb.api.Requests.json;

import io.qosb.api.auth.AuthHandler;
import io.qosb.booking.Caller;
import io.qosb.booking.CamaraException;
import io.qosb.booking.Device;
import io.qosb.booking.DeviceDirectory;
import io.qosb.profiles.ProfileCatalog;
import io.qosb.profiles.QosProfile;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The handlers of QoS Profiles. A device (from the body, or the three-legged token) is resolved in
 * the device directory first (404 IDENTIFIER_NOT_FOUND, 422 SERVICE_NOT_APPLICABLE,
 * 422 UNSUPPORTED_IDENTIFIER); restricted profiles are shown only for a device they are offered to.
 */
public final class QosProfilesApi {

  private final ProfileCatalog catalog;
  private final DeviceDirectory directory;

  /**
   * @param catalog the profile catalog
   * @param directory resolves devices
   * @throws NullPointerException if an argument is null
   */
  public QosProfilesApi(ProfileCatalog catalog, DeviceDirectory directory) {
    this.catalog = Objects.requireNonNull(catalog);
    this.directory = Objects.requireNonNull(directory);
  }

  /** @return operationId -> handler */
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of("getQosProfile", json(200, this::get), "retrieveQosProfiles", json(200, this::retrieve));
  }

  private Future<JsonObject> get(RoutingContext rc) {
    String name = ValidationHandler.validated(rc).getPathParameters().get("name").getString();
    Caller caller = AuthHandler.caller(rc);
    QosProfile profile = catalog.get(name).orElseThrow(CamaraException::notFoundProfile);
    Future<Device> subject = caller.threeLegged() ? directory.resolve(caller.tokenDevice()) : Future.succeededFuture();
    return subject.map(device -> {
      if (!offered(profile, device)) {
        throw CamaraException.notFoundProfile();
      }
      return profile.camara();
    });
  }

  private Future<JsonArray> retrieve(RoutingContext rc) {
    JsonObject body = body(rc);
    Caller caller = AuthHandler.caller(rc);
    Device given = Requests.device(body);
    if (caller.threeLegged() && given != null) {
      throw CamaraException.unprocessable("UNNECESSARY_IDENTIFIER", "The device is already identified by the access token.");
    }
    Device named = caller.threeLegged() ? caller.tokenDevice() : given;
    Future<Device> subject = named == null ? Future.succeededFuture() : directory.resolve(named);
    String name = body.getString("name");
    String status = body.getString("status");
    return subject.map(device -> {
      Predicate<QosProfile> wanted = p -> (name == null || p.name().equals(name))
          && (status == null || p.status().equals(status)) && offered(p, device);
      return new JsonArray(catalog.all().stream().filter(wanted).limit(100).map(QosProfile::camara).toList());
    });
  }

  /** A restricted profile is offered only to the devices its configuration lists. */
  private static boolean offered(QosProfile profile, Device device) {
    return !profile.restricted() || (device != null && profile.offeredTo(device));
  }
}
