package io.qosb.acceptance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The test assets the feature files ask the implementation to provide. The devices are the
 * subscribers of {@code src/test/resources/acceptance/nef-subscribers.json}; the profiles are the
 * catalog of {@code adapter-test.yaml}. README.md "CAMARA conformance" documents them.
 */
final class TestAssets {

  private TestAssets() {
  }

  static final Path CONFIG = Path.of("src/test/resources/acceptance/adapter-test.yaml");

  /** "a valid testing device supported by the service": known and eligible, with three identifiers. */
  static final String TESTING_PHONE = "+34600000101";
  static final String TESTING_IPV4 = "198.51.100.101";
  static final String TESTING_IPV6 = "2001:db8:101::1";
  /** More eligible devices, for assignment to QBA bookings. */
  static final String[] ASSIGNABLE_PHONES = {"+34600000102", "+34600000103"};
  /** An eligible device that never gets a booking ("with no QoS active bookings associated"). */
  static final String NO_BOOKINGS_PHONE = "+34600000104";
  /** The device the restricted profile QOS_RESTRICTED is offered to. */
  static final String RESTRICTED_PHONE = "+34600000105";
  /** "a device for which the service is not applicable": known, eligible=false. */
  static final String NOT_APPLICABLE_PHONE = "+34600000199";
  /** "compliant with the schema but does not identify a valid device": not in the directory. */
  static final String UNKNOWN_PHONE = "+34699999999";
  /** Profiles of the test catalog that are restricted to certain devices. */
  static final String RESTRICTED_PROFILE = "QOS_RESTRICTED";
  /** A profile that exists but cannot be booked (INACTIVE). */
  static final String NOT_BOOKABLE_PROFILE = "QOS_INACTIVE";

  /**
   * Area types the adapter does not support: none (CIRCLE, POLYGON and AREANAME are all accepted by
   * QoS Booking), so "QOS_BOOKING.NOT_MANAGED_AREA_TYPE" cannot be provoked; see exclusions.txt.
   */
  static final java.util.Set<String> UNSUPPORTED_AREA_TYPES = java.util.Set.of();

  /** An area outside the service coverage: in no capacity zone of the test profile (outside limit 0). */
  static final JsonObject AREA_NOT_COVERED = new JsonObject().put("areaType", "CIRCLE")
      .put("center", new JsonObject().put("latitude", 64.1466).put("longitude", -21.9426)).put("radius", 500);

  /** An area in the test profile's zone without capacity: bookings there are declined. */
  static final JsonObject AREA_WITHOUT_CAPACITY = new JsonObject().put("areaType", "CIRCLE")
      .put("center", new JsonObject().put("latitude", 40.4168).put("longitude", -3.7038)).put("radius", 500);

  /** @return the subscriber directory of the test NEF scenario */
  static java.util.List<JsonObject> subscribers() {
    try {
      JsonObject scenario = new JsonObject(java.nio.file.Files.readString(
          Path.of("src/test/resources/acceptance/nef-subscribers.json")));
      return scenario.getJsonArray("subscriberDirectory").stream().map(JsonObject.class::cast).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** @return the test profile (adapter-test.yaml) as JSON */
  static JsonObject testProfile() {
    try {
      return new JsonObject(new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
          .readValue(CONFIG.toFile(), java.util.Map.class));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** @return devices.identifierTypes of the test profile */
  static java.util.List<String> supportedIdentifierTypes() {
    return testProfile().getJsonObject("devices").getJsonArray("identifierTypes").stream().map(String::valueOf).toList();
  }

  /** @return the profiles of the test catalog marked restricted */
  static java.util.List<JsonObject> restrictedProfiles() {
    return testProfile().getJsonArray("profiles").stream().map(JsonObject.class::cast)
        .filter(p -> p.getBoolean("restricted", false)).toList();
  }

  static JsonObject phone(String number) {
    return new JsonObject().put("phoneNumber", number);
  }

  /** The testing device with every identifier type (for "several identifiers for the device"). */
  static JsonObject testingDeviceAllIdentifiers() {
    return new JsonObject().put("phoneNumber", TESTING_PHONE)
        .put("ipv4Address", new JsonObject().put("publicAddress", TESTING_IPV4).put("publicPort", 59765))
        .put("ipv6Address", TESTING_IPV6);
  }

  /** A device named only by identifier types the implementation does not support. */
  static JsonObject unsupportedDevice() {
    return new JsonObject().put("networkAccessIdentifier", "testing-device@domain.example.com");
  }

  /** A circle in the service's area. */
  static JsonObject serviceArea() {
    return new JsonObject().put("areaType", "CIRCLE")
        .put("center", new JsonObject().put("latitude", 41.3851).put("longitude", 2.1734)).put("radius", 500);
  }

  static JsonArray assignableDevices() {
    JsonArray a = new JsonArray();
    for (String p : ASSIGNABLE_PHONES) {
      a.add(phone(p));
    }
    return a;
  }
}
