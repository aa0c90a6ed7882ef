package io.qosb.booking;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A booking's {@code serviceArea}: validated, and kept as the original JSON text for echo (§A-23).
 *
 * @param type CIRCLE, POLYGON or AREANAME (QB only)
 * @param center the centre of a circle, else null
 * @param radius the radius of a circle in metres, else 0
 * @param boundary the points of a polygon, else empty
 * @param areaName the operator defined name of an area, else null
 * @param json the area as the consumer sent it
 */
public record ServiceArea(AreaType type, Point center, double radius, List<Point> boundary, String areaName,
    String json) {

  /** Area types of the CAMARA {@code Area} schema. */
  public enum AreaType { CIRCLE, POLYGON, AREANAME }

  /** A WGS84 point. */
  public record Point(double latitude, double longitude) {}

  /** Largest accepted circle radius in metres. */
  public static final double MAX_RADIUS_METRES = 200_000;

  /**
   * @throws NullPointerException if type, boundary or json is null
   */
  public ServiceArea {
    Objects.requireNonNull(type, "type");
    boundary = List.copyOf(Objects.requireNonNull(boundary, "boundary"));
    Objects.requireNonNull(json, "json");
  }

  /**
   * Reads and validates a CAMARA {@code Area} object.
   *
   * @param api decides the error codes: QBA answers 400 INVALID_ARGUMENT / OUT_OF_RANGE, QB 422
   *     QOS_BOOKING.INVALID_AREA or QOS_BOOKING.NOT_MANAGED_AREA_TYPE (§A-10)
   * @throws CamaraException if the area is not valid
   */
  public static ServiceArea fromJson(JsonObject json, Api api) {
    if (json == null) {
      throw CamaraException.invalidArgument("The serviceArea is required.");
    }
    AreaType type = areaType(json.getValue("areaType"), api);
    try {
      return switch (type) {
        case CIRCLE -> circle(json, api);
        case POLYGON -> polygon(json, api);
        case AREANAME -> areaName(json, api);
      };
    } catch (ClassCastException e) {
      throw invalid(api, false, "The serviceArea has a property of the wrong type.");
    }
  }

  private static AreaType areaType(Object value, Api api) {
    if (!(value instanceof String s)) {
      throw CamaraException.invalidArgument("The serviceArea.areaType is required.");
    }
    AreaType t;
    try {
      t = AreaType.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw CamaraException.invalidArgument("The serviceArea.areaType is not a known area type.");
    }
    if (t == AreaType.AREANAME && api == Api.QBA) {
      throw CamaraException.invalidArgument("The serviceArea.areaType must be CIRCLE or POLYGON.");
    }
    return t;
  }

  private static ServiceArea circle(JsonObject json, Api api) {
    Point center = point(json.getJsonObject("center"), api);
    Number radius = json.getNumber("radius");
    if (radius == null) {
      throw invalid(api, false, "A CIRCLE serviceArea needs a radius.");
    }
    double r = radius.doubleValue();
    if (!(r >= 1 && r <= MAX_RADIUS_METRES)) {
      throw invalid(api, true, "The serviceArea.radius must be between 1 and " + (long) MAX_RADIUS_METRES + " metres.");
    }
    return new ServiceArea(AreaType.CIRCLE, center, r, List.of(), null, json.encode());
  }

  private static ServiceArea polygon(JsonObject json, Api api) {
    JsonArray points = json.getJsonArray("boundary");
    if (points == null || points.size() < 3 || points.size() > 15) {
      throw invalid(api, false, "A POLYGON serviceArea needs a boundary of 3 to 15 points.");
    }
    List<Point> boundary = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      boundary.add(point(points.getJsonObject(i), api));
    }
    if (!Polygons.isSimple(boundary)) {
      throw invalid(api, false, "The serviceArea.boundary must be a simple polygon that does not cross itself.");
    }
    return new ServiceArea(AreaType.POLYGON, null, 0, boundary, null, json.encode());
  }

  private static ServiceArea areaName(JsonObject json, Api api) {
    String name = json.getString("areaName");
    if (name == null || name.isBlank() || name.length() > 256) {
      throw invalid(api, false, "An AREANAME serviceArea needs an areaName of at most 256 characters.");
    }
    return new ServiceArea(AreaType.AREANAME, null, 0, List.of(), name, json.encode());
  }

  private static Point point(JsonObject p, Api api) {
    if (p == null || p.getNumber("latitude") == null || p.getNumber("longitude") == null) {
      throw invalid(api, false, "A point needs latitude and longitude.");
    }
    double lat = p.getNumber("latitude").doubleValue();
    double lon = p.getNumber("longitude").doubleValue();
    if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
      throw invalid(api, true, "Latitude must be within -90..90 and longitude within -180..180.");
    }
    return new Point(lat, lon);
  }

  private static CamaraException invalid(Api api, boolean bounds, String message) {
    if (api == Api.QB) {
      return CamaraException.unprocessable("QOS_BOOKING.INVALID_AREA", message);
    }
    return bounds ? CamaraException.outOfRange(message) : CamaraException.invalidArgument(message);
  }

  /** Reads an area stored by this adapter (already validated). */
  public static ServiceArea fromStored(String json, Api api) {
    return fromJson(new JsonObject(json), api);
  }
}
