package io.qosb.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CAMARA's shared vocabulary for checking a response: status, headers, schema, property rules. */
public class ResponseSteps {

  private final World w = World.get();

  // ------------------------------------------------------------ status, headers, schema

  @Then("^the response status code is (\\d+)$")
  public void status(int status) {
    assertThat(w.response.statusCode()).as("status of %s", w.response.bodyAsString()).isEqualTo(status);
  }

  @Then("^the response header \"Content-Type\" is \"([^\"]*)\"$")
  public void contentType(String value) {
    assertThat(w.response.getHeader("Content-Type")).isEqualTo(value);
  }

  @Then("^the response header \"x-correlator\" has (?:the )?same value as the request header \"x-correlator\"$")
  public void correlatorEcho() {
    assertThat(w.headers.get("x-correlator")).as("the request had an x-correlator").isNotNull();
    assertThat(w.response.getHeader("x-correlator")).isEqualTo(w.headers.get("x-correlator"));
  }

  @Then("^the response body complies with the OAS schema at \"([^\"]*)\"$")
  public void bodyComplies(String schema) {
    assertThat(OfficialSpecs.get().validate(w.spec, schema, Json.decodeValue(w.response.bodyAsString())))
        .as("response body %s against %s", w.response.bodyAsString(), schema).isEmpty();
  }

  @Then("^the response body is \\[\\]$")
  public void emptyArray() {
    assertThat(Json.decodeValue(w.response.bodyAsString())).isEqualTo(new JsonArray());
  }

  @Then("^the response body is a non-empty array of items compliant with the OAS schema at \"([^\"]*)\"$")
  public void nonEmptyArray(String schema) {
    JsonArray items = w.response.bodyAsJsonArray();
    assertThat(items).isNotEmpty();
    items.forEach(i -> assertThat(OfficialSpecs.get().validate(w.spec, schema, i)).as("item %s", i).isEmpty());
  }

  @Then("^each item of the response array(?:, if any,)? complies with the OAS schema at \"([^\"]*)\"$")
  public void eachItem(String schema) {
    w.response.bodyAsJsonArray().forEach(i -> assertThat(OfficialSpecs.get().validate(w.spec, schema, i))
        .as("item %s", i).isEmpty());
  }

  @Then("^the response array has only one item which complies with the OAS schema at \"([^\"]*)\"$")
  public void onlyOneItem(String schema) {
    JsonArray items = w.response.bodyAsJsonArray();
    assertThat(items).hasSize(1);
    eachItem(schema);
  }

  // ------------------------------------------------------------ ErrorInfo and simple values

  @Then("^the response (?:body )?property \"([^\"]*)\" is (\\d+)$")
  public void propertyNumber(String path, long value) {
    Object v = w.responseProperty(path);
    assertThat(v).as(path).isInstanceOf(Number.class);
    assertThat(((Number) v).longValue()).as(path).isEqualTo(value);
  }

  @Then("^the response (?:body )?property \"([^\"]*)\" is \"([^\"]*)\"$")
  public void propertyString(String path, String value) {
    assertThat(w.responseProperty(path)).as(path + " in " + w.response.bodyAsString()).isEqualTo(value);
  }

  @Then("^the response (?:body )?property \"([^\"]*)\" is (?:set to )?\"([^\"]*)\" or \"([^\"]*)\"$")
  public void propertyEither(String path, String a, String b) {
    assertThat(w.responseProperty(path)).as(path + " in " + w.response.bodyAsString()).isIn(a, b);
  }

  @Then("^the response body property \"([^\"]*)\" is set to a value \"([^\"]*)\"$")
  public void propertySetTo(String path, String value) {
    propertyString(path, value);
  }

  @Then("^the response property \"\\$\\.message\" contains a user[- ]friendly text$")
  public void friendlyMessage() {
    Object m = w.responseProperty("$.message");
    assertThat(m).as("$.message").isInstanceOf(String.class);
    String text = (String) m;
    assertThat(text).isNotBlank().hasSizeLessThanOrEqualTo(512).doesNotContain("Exception").doesNotContain("\tat ")
        .doesNotContain("null");
  }

  @Then("^the response (?:body )?property \"([^\"]*)\" exists and is a valid UUID$")
  public void uuid(String path) {
    Object v = w.responseProperty(path);
    assertThat(v).as(path).isInstanceOf(String.class);
    assertThat(UUID.fromString((String) v).toString()).isEqualTo(((String) v).toLowerCase());
  }

  @Then("^the response property \"([^\"]*)\" exists$")
  public void exists(String path) {
    assertThat(w.responseProperty(path)).as(path).isNotSameAs(World.ABSENT);
  }

  @Then("^the response property \"([^\"]*)\" does not exist$")
  public void notExists(String path) {
    assertThat(w.responseProperty(path)).as(path).isSameAs(World.ABSENT);
  }

  @Then("^the response body property \"([^\"]*)\" is set to a value compliant with schema at \"([^\"]*)\"$")
  public void propertyCompliant(String path, String schema) {
    Object v = w.responseProperty(path);
    assertThat(v).as(path).isNotSameAs(World.ABSENT);
    assertThat(OfficialSpecs.get().validate(w.spec, schema, JsonValues.normalize(v))).as(path).isEmpty();
  }

  // ------------------------------------------------------------ comparisons with the request

  /** The request body a response property is compared with: this request's, or the createBooking one. */
  private JsonObject requestBody() {
    JsonObject sent = w.bodyJson();
    return sent != null && "createBooking".equals(w.operationId) || w.createRequest == null ? sent : w.createRequest;
  }

  @Then("^the response (?:body )?property \"([^\"]*)\" has the same value as in the request(?: body)?$")
  public void sameAsRequest(String path) {
    Object expected = World.read(requestBody(), path);
    assertThat(expected).as("request %s", path).isNotSameAs(World.ABSENT);
    assertThat(JsonValues.same(w.responseProperty(path), expected)).as("%s: response %s, request %s", path,
        w.responseProperty(path), expected).isTrue();
  }

  @Then("^the response body property \"([^\"]*)\" exists only if provided in the request body and with the same value$")
  public void onlyIfProvided(String path) {
    Rules.onlyIfProvidedSame(w.responseProperty(path), World.read(requestBody(), path), path);
  }

  @Then("^the response (?:body )?property \"([^\"]*)\" has the value provided for createBooking$")
  public void valueOfCreate(String path) {
    String requestPath = path.startsWith("$[") ? "$" + path.substring(path.indexOf(']') + 1) : path;
    Object expected = World.read(w.createRequest, requestPath);
    assertThat(expected).as("createBooking %s", requestPath).isNotSameAs(World.ABSENT);
    assertThat(JsonValues.same(w.responseProperty(path), expected)).as("%s: response %s, createBooking %s", path,
        w.responseProperty(path), expected).isTrue();
  }

  @Then("^the response body property \"\\$\\.totalDevices\" has the same value \"\\$\\.numDevices\" as in the request body$")
  public void totalDevices() {
    Object requested = World.read(w.createRequest, "$.numDevices");
    long expected = requested == World.ABSENT ? 1 : ((Number) requested).longValue();
    propertyNumber("$.totalDevices", expected);
  }

  @Then("^the response body property \"\\$\\.remainingDevices\" is set to a valid number greater than or equal to 0 and should be less than or equal to \"\\$\\.totalDevices\"$")
  public void remainingDevices() {
    long remaining = ((Number) w.responseProperty("$.remainingDevices")).longValue();
    long total = ((Number) w.responseProperty("$.totalDevices")).longValue();
    assertThat(remaining).isBetween(0L, total);
  }

  // ------------------------------------------------------------ devices (QBA)

  @Then("^the response body property \"\\$\\.devices\" exists and should have atleast one device identifier a value compliant with schema at \"([^\"]*)\"$")
  public void devicesAtLeastOne(String schema) {
    propertyCompliant("$.devices", schema);
    assertThat((List<?>) w.responseProperty("$.devices")).isNotEmpty();
  }

  @Then("^the response body property \"\\$\\.devices\" should contain the same or the subset of the device identifiers given in the request body$")
  public void devicesSubset() {
    JsonArray requested = w.bodyJson().getJsonArray("devices");
    JsonArray returned = (JsonArray) JsonValues.normalize(w.responseProperty("$.devices"));
    for (Object d : returned) {
      assertThat(Rules.identifiesOneOf((JsonObject) d, requested)).as("device %s was requested", d).isTrue();
    }
  }

  @Then("^the response body property \"\\$\\.devices\" may contain one or more device identifiers set originally during \"assignDevices\"$")
  public void devicesFromAssign() {
    assertThat(w.assignedDevices).as("devices assigned in set-up").isNotNull();
    JsonArray returned = (JsonArray) JsonValues.normalize(w.responseProperty("$.devices"));
    assertThat(returned).isNotEmpty();
    for (Object d : returned) {
      assertThat(Rules.identifiesOneOf((JsonObject) d, w.assignedDevices)).as("device %s was assigned", d).isTrue();
    }
  }

  // ------------------------------------------------------------ QB property rules

  @Then("^the response property \"(.+?)\" matches the rule: (.+)$")
  public void rule(String property, String condition) {
    String path = property.replace("\"", "");
    Rules.check(w, w.responseJsonValue(), path, condition.strip(), requestBody());
  }

  @Then("^the response (?:body )?property \"([^\"]*)\" (exists only if provided for createBooking and with the same value|exists only if provided for createBooking, containing at most one identifier included in the request)$")
  public void onlyIfProvidedForCreate(String path, String condition) {
    Rules.check(w, w.responseJsonValue(), path, condition, w.createRequest);
  }

  @Then("^the response property \"(\\$\\.startedAt)\" exists only if \"\\$\\.bookingStatus\" is \"ACTIVATED\" or \"TERMINATED\", and the value is in the past$")
  public void startedAtActivatedOrTerminated(String path) {
    Rules.check(w, w.responseJsonValue(), path, "exists only if \"$.bookingStatus\" is \"ACTIVATED\" or \"TERMINATED\" and the value is in the past", w.createRequest);
  }

  @Then("^the response property \"(\\$\\.statusInfo)\" exists only if \"\\$\\.bookingStatus\" is \"TERMINATED\" or \"\\$\\.statusInfo\" is \"DELETE_REQUESTED\"$")
  public void statusInfoRule(String path) {
    Rules.check(w, w.responseJsonValue(), path, "exists only if \"$.bookingStatus\" is \"TERMINATED\" or \"$.statusInfo\" is \"DELETE_REQUESTED\"", w.createRequest);
  }

  @Then("^the response property \"\\$\\.device\" includes only one device$")
  public void oneDevice() {
    Object d = w.responseProperty("$.device");
    assertThat(d).isInstanceOf(Map.class);
    assertThat(((Map<?, ?>) d)).hasSize(1);
  }

  @Then("^in all items in the response, property \"([^\"]*)\" (.+)$")
  public void allItems(String property, String condition) {
    JsonArray items = w.response.bodyAsJsonArray();
    String rule = condition.replace("\"bookingStatus\"", "\"$.bookingStatus\"").replace("\"statusInfo\"", "\"$.statusInfo\"");
    for (Object item : items) {
      Rules.check(w, item, "$." + property, rule, w.createRequest);
    }
  }

  // ------------------------------------------------------------ QoS Profiles

  @Then("^each item of the response array, if any, has property \"\\$\\[\\*\\]\\.status\" equal to (\\w+)$")
  public void eachStatus(String status) {
    List<?> statuses = (List<?>) w.responseProperty("$[*].status");
    assertThat(statuses).allMatch(status::equals);
  }

  @Then("^the response property \"\\$\\[0\\]\\.name\" value is equal to the request body property \"\\$\\.name\"$")
  public void firstName() {
    assertThat(w.responseProperty("$[0].name")).isEqualTo(w.bodyJson().getString("name"));
  }

  @Then("^the response property \"\\$\\.name\" value is equal to path param \"name\"$")
  public void nameIsPath() {
    assertThat(w.responseProperty("$.name")).isEqualTo(w.pathParams.get("name"));
  }

  @Then("^the restricted QoS Profiles are returned in the response$")
  public void restrictedReturned() {
    @SuppressWarnings("unchecked")
    List<Object> names = (List<Object>) w.responseProperty("$[*].name");
    List<String> restricted = TestAssets.restrictedProfiles().stream().map(p -> p.getString("name")).toList();
    assertThat(restricted).isNotEmpty();
    assertThat(names).as("returned profiles").containsAll(restricted);
  }

  @Then("^no restricted QoS Profile is included in the response$")
  public void noRestricted() {
    @SuppressWarnings("unchecked")
    List<Object> names = (List<Object>) w.responseProperty("$[*].name");
    List<String> restricted = TestAssets.restrictedProfiles().stream().map(p -> p.getString("name")).toList();
    assertThat(restricted).isNotEmpty();
    assertThat(names).as("returned profiles").doesNotContainAnyElementsOf(restricted);
  }

  /** Precise rules written as prose in the feature files (one implementation per distinct rule). */
  static final class Rules {

    private static final Pattern ONE_OF = Pattern.compile("^is (\"[A-Z_]+\"(?:, \"[A-Z_]+\")* or \"[A-Z_]+\")$");
    private static final Pattern QUOTED = Pattern.compile("\"([A-Z_]+)\"");

    private Rules() {
    }

    static void check(World w, Object response, String path, String condition, JsonObject request) {
      Object actual = World.read(response, path);
      switch (condition) {
        case "exists only if provided in the request body and always if more than one device identifier is provided, And contains a single device identifier that was included in the request",
            "exists only if provided for createBooking, containing at most one identifier included in the request" ->
            deviceRule(actual, World.read(request, path), path);
        case "same value as in the request body", "has the value provided for createBooking" -> {
          Object expected = World.read(request, path);
          assertThat(expected).as("request %s", path).isNotSameAs(World.ABSENT);
          assertThat(JsonValues.same(actual, expected)).as("%s: response %s, request %s", path, actual, expected).isTrue();
        }
        case "is in the future" -> assertThat(instant(actual, path)).as(path).isAfter(Instant.now());
        case "exists only if provided in the request body and with the same value",
            "exists only if provided for createBooking and with the same value" ->
            onlyIfProvidedSame(actual, World.read(request, path), path);
        case "does not exist in the response", "does not exist" ->
            assertThat(actual).as(path).isSameAs(World.ABSENT);
        case "only exists if \"$.bookingStatus\" = \"TERMINATED\", and value is \"BOOKING_DECLINED\"" -> {
          boolean terminated = "TERMINATED".equals(World.read(response, "$.bookingStatus"));
          if (terminated) {
            assertThat(actual).as(path).isEqualTo("BOOKING_DECLINED");
          } else {
            assertThat(actual).as(path + " while not TERMINATED").isSameAs(World.ABSENT);
          }
        }
        case "exists only if \"$.bookingStatus\" is \"ACTIVATED\" and the value is in the past" ->
            existsOnlyInStatusesAndPast(response, actual, path, List.of("ACTIVATED"));
        case "exists only if \"$.bookingStatus\" is \"ACTIVATED\" or \"TERMINATED\" and the value is in the past" ->
            existsOnlyInStatusesAndPast(response, actual, path, List.of("ACTIVATED", "TERMINATED"));
        case "exists only if \"$.bookingStatus\" is \"TERMINATED\" or \"$.statusInfo\" is \"DELETE_REQUESTED\"" -> {
          if (actual != World.ABSENT && !"TERMINATED".equals(World.read(response, "$.bookingStatus"))) {
            assertThat(actual).as(path + " while not TERMINATED").isEqualTo("DELETE_REQUESTED");
          }
        }
        case "is \"DELETE_REQUESTED\"" -> assertThat(actual).as(path).isEqualTo("DELETE_REQUESTED");
        default -> {
          Matcher m = ONE_OF.matcher(condition);
          if (!m.matches()) {
            throw new AssertionError("no implementation of the rule '" + condition + "'");
          }
          List<String> allowed = QUOTED.matcher(m.group(1)).results().map(r -> r.group(1)).toList();
          assertThat(actual).as(path).isIn(allowed.toArray());
        }
      }
    }

    /** Present only if the request had it, then equal to it. */
    static void onlyIfProvidedSame(Object actual, Object requested, String path) {
      if (requested == World.ABSENT) {
        assertThat(actual).as(path + " (not in the request)").isSameAs(World.ABSENT);
      } else {
        assertThat(JsonValues.same(actual, requested)).as("%s: response %s, request %s", path, actual, requested).isTrue();
      }
    }

    /** device: present only if the request named one; then exactly one identifier, as sent. */
    static void deviceRule(Object actual, Object requested, String path) {
      if (requested == World.ABSENT) {
        assertThat(actual).as(path + " (not in the request)").isSameAs(World.ABSENT);
        return;
      }
      assertThat(actual).as(path + " (in the request)").isNotSameAs(World.ABSENT);
      JsonObject device = (JsonObject) JsonValues.normalize(actual);
      assertThat(device.size()).as("%s has one identifier: %s", path, device).isEqualTo(1);
      String id = device.fieldNames().iterator().next();
      JsonObject req = (JsonObject) JsonValues.normalize(requested);
      assertThat(JsonValues.same(device.getValue(id), req.getValue(id))).as("%s.%s as in the request %s", path, id, req)
          .isTrue();
    }

    private static void existsOnlyInStatusesAndPast(Object response, Object actual, String path, List<String> statuses) {
      Object status = World.read(response, "$.bookingStatus");
      if (statuses.contains(status)) {
        assertThat(instant(actual, path)).as(path).isBeforeOrEqualTo(Instant.now());
      } else {
        assertThat(actual).as(path + " while " + status).isSameAs(World.ABSENT);
      }
    }

    private static Instant instant(Object v, String path) {
      assertThat(v).as(path).isInstanceOf(String.class);
      return OffsetDateTime.parse((String) v).toInstant();
    }

    /** Whether a (one-identifier) device names one of the requested devices by the same value. */
    static boolean identifiesOneOf(JsonObject device, JsonArray requested) {
      for (Object r : requested) {
        JsonObject req = (JsonObject) r;
        boolean all = !device.isEmpty();
        for (String id : device.fieldNames()) {
          all &= JsonValues.same(device.getValue(id), req.getValue(id));
        }
        if (all) {
          return true;
        }
      }
      return false;
    }
  }
}
