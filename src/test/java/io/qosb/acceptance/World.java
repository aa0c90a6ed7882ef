package io.qosb.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import io.qosb.acceptance.OfficialSpecs.Operation;
import io.qosb.acceptance.OfficialSpecs.Spec;
import io.qosb.testing.Adapter;
import io.qosb.testing.TestKeys;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state of one scenario (request being built, last response, bookings it created) and the
 * adapter all scenarios run against: started once, in-process, on the embedded default (random
 * port, its own in-memory H2 database, the simulated NEF) with the TEST profile of
 * {@code src/test/resources/acceptance/adapter-test.yaml}.
 */
final class World {

  /** Every scope of the three APIs: what "a valid access token" grants. */
  static final List<String> ALL_SCOPES = List.of(
      "qos-booking-and-assignment:qos-bookings:create", "qos-booking-and-assignment:qos-bookings:read",
      "qos-booking-and-assignment:qos-bookings:delete", "qos-booking-and-assignment:qos-bookings:devices:create",
      "qos-booking-and-assignment:qos-bookings:devices:read", "qos-booking-and-assignment:qos-bookings:devices:delete",
      "qos-booking-and-assignment:qos-bookings:retrieve-by-device",
      "qos-booking:device-qos-bookings:create", "qos-booking:device-qos-bookings:read",
      "qos-booking:device-qos-bookings:delete", "qos-booking:device-qos-bookings:retrieve-by-device",
      "qos-profiles:read");

  private static final Configuration JSON_PATH = Configuration.defaultConfiguration();
  private static final AtomicInteger SCENARIOS = new AtomicInteger();
  private static Adapter adapter;
  private static World current;

  // --- the scenario
  final int index;
  final String clientId;
  final String scenarioName;
  /** Time slot of this scenario's bookings: no two scenarios overlap, so no false conflicts. */
  final Instant slotStart;
  /**
   * The specs whose resource paths the scenario's feature file names (e.g. QB_V01 for a file of
   * {@code /qos-booking/v0.1/...}): the version set-up steps use before or beside "the resource".
   */
  final List<Spec> featureSpecs;

  Spec spec;
  String resource;
  String operationId;
  final Map<String, String> headers = new LinkedHashMap<>();
  final Map<String, String> pathParams = new LinkedHashMap<>();
  /** The request body as JSON text; null = no body sent. */
  String body;
  /** The device a three-legged token of this scenario identifies, if any. */
  String tokenPhone;

  // --- what happened
  HttpResponse<Buffer> response;
  /** Body and response of the last createBooking of this scenario (sent by a step or as setup). */
  JsonObject createRequest;
  JsonObject createResponse;
  /** Devices assigned by setup (QBA). */
  JsonArray assignedDevices;
  /** The QoS profile picked from the QoS Profiles API for this scenario. */
  JsonObject selectedProfile;
  /** Bookings to delete at the end of the scenario: api + id + token of their owner. */
  final List<String[]> created = new ArrayList<>();

  private World(String scenarioName, java.net.URI feature) {
    this.featureSpecs = featureSpecs(feature);
    this.index = SCENARIOS.incrementAndGet();
    this.clientId = "camara-client-" + index;
    this.scenarioName = scenarioName;
    this.slotStart = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.DAYS)
        .plus(6L * index, ChronoUnit.HOURS);
  }

  static World begin(String scenarioName, java.net.URI feature) {
    current = new World(scenarioName, feature);
    return current;
  }

  private static final Map<java.net.URI, List<Spec>> FEATURE_SPECS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The specs of the resources a feature file names ({@code "/qos-booking/v0.1/..."}), in file order. */
  private static List<Spec> featureSpecs(java.net.URI feature) {
    if (feature == null) {
      return List.of();
    }
    return FEATURE_SPECS.computeIfAbsent(feature, f -> {
      String text;
      try {
        text = Files.readString(Path.of(f));
      } catch (java.io.IOException | RuntimeException e) {
        return List.of();
      }
      List<Spec> named = new ArrayList<>();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(/[^\"]+)\"").matcher(text);
      while (m.find()) {
        for (Spec s : Spec.values()) {
          if (m.group(1).startsWith(s.officialBase + "/") && !named.contains(s)) {
            named.add(s);
          }
        }
      }
      return List.copyOf(named);
    });
  }

  /** The scenario's spec: that of its resource, else the first its feature file names, else QBA. */
  Spec specOrFeature() {
    return spec != null ? spec : featureSpecs.isEmpty() ? Spec.QBA : featureSpecs.get(0);
  }

  /** QoS Booking in the scenario's version (set-up of QB bookings). */
  Spec qb() {
    return family("QB", Spec.QB);
  }

  /** QoS Booking and Assignment in the scenario's version (set-up of QBA bookings). */
  Spec qba() {
    return family("QBA", Spec.QBA);
  }

  private Spec family(String family, Spec otherwise) {
    if (spec != null && spec.family.equals(family)) {
      return spec;
    }
    return featureSpecs.stream().filter(s -> s.family.equals(family)).findFirst().orElse(otherwise);
  }

  static World get() {
    if (current == null) {
      throw new IllegalStateException("no scenario running");
    }
    return current;
  }

  static synchronized Adapter adapter() {
    if (adapter == null) {
      try {
        Path dir = Files.createTempDirectory("camara-acceptance");
        adapter = Adapter.start(dir, Map.of("QOSB_CONFIG", TestAssets.CONFIG.toString()));
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the adapter with the test profile", e);
      }
    }
    return adapter;
  }

  static synchronized void shutdown() {
    if (adapter != null) {
      adapter.close();
      adapter = null;
    }
    EventReceiver.stop();
  }

  // ------------------------------------------------------------------ tokens

  String token(String client, List<String> scopes, String phone) {
    JsonObject claims = new JsonObject().put("client_id", client).put("sub", client)
        .put("scope", String.join(" ", scopes));
    if (phone != null) {
      claims.put("phone_number", phone);
    }
    return TestKeys.sign(adapter().vertx, adapter().keys.rsa, claims, new JWTOptions().setExpiresInSeconds(3600));
  }

  /** A two-legged token of this scenario's API consumer with every scope. */
  String validToken() {
    return token(clientId, ALL_SCOPES, null);
  }

  void authorize(String token) {
    headers.put("Authorization", "Bearer " + token);
  }

  // ------------------------------------------------------------------ request

  void resource(String officialResource) {
    this.resource = officialResource;
    this.spec = Spec.ofResource(officialResource);
  }

  /** The operation the current resource and the given id name, checked against the official spec. */
  Operation operation(String id) {
    Operation op = OfficialSpecs.get().operation(spec, id).orElseThrow(() -> new AssertionError(
        "the official " + spec + " document has no operation " + id));
    String full = spec.officialBase + op.path();
    // a feature may name the collection and then an operation on one of its items ({bookingId})
    boolean item = full.startsWith(resource + "/") && full.substring(resource.length()).matches("(/\\{[A-Za-z]+\\})+");
    assertThat(full.equals(resource) || item).as("operation %s (%s) at resource %s", id, full, resource).isTrue();
    resource = full;
    return op;
  }

  /** The operation of the current resource with that method. */
  Operation operationByMethod(String method) {
    for (String id : List.of("createBooking", "getBookingById", "deleteBooking", "assignDevices",
        "getDevicesByBookingId", "releaseDevices", "retrieveBookingByDevice", "getQosProfile", "retrieveQosProfiles")) {
      var op = OfficialSpecs.get().operation(spec, id);
      if (op.isPresent() && op.get().method().equals(method) && (spec.officialBase + op.get().path()).equals(resource)) {
        return op.get();
      }
    }
    throw new AssertionError("no " + method + " operation at " + resource);
  }

  JsonObject bodyJson() {
    return body == null ? null : new JsonObject(body);
  }

  DocumentContext bodyContext() {
    if (body == null) {
      body = "{}";
    }
    return JsonPath.using(JSON_PATH).parse(body);
  }

  /** Sets a request body property (simple dotted paths), creating missing parent objects. */
  void setBodyProperty(String path, Object value) {
    DocumentContext ctx = bodyContext();
    ensureParents(ctx, path);
    Object plain = plain(value);
    int dot = path.lastIndexOf('.');
    String parent = path.substring(0, dot);
    String key = path.substring(dot + 1);
    if (key.endsWith("[*]")) {
      ctx.set(path, plain);
    } else {
      ctx.put(parent, key, plain);
    }
    body = ctx.jsonString();
  }

  void removeBodyProperty(String path) {
    DocumentContext ctx = bodyContext();
    try {
      ctx.delete(path);
    } catch (PathNotFoundException e) {
      // not there: nothing to remove
    }
    body = ctx.jsonString();
  }

  private static void ensureParents(DocumentContext ctx, String path) {
    String[] parts = path.substring(2).split("\\.");
    StringBuilder at = new StringBuilder("$");
    for (int i = 0; i < parts.length - 1; i++) {
      String next = at + "." + parts[i];
      if (!exists(ctx, next)) {
        ctx.put(at.toString(), parts[i], new LinkedHashMap<>());
      }
      at = new StringBuilder(next);
    }
  }

  static boolean exists(DocumentContext ctx, String path) {
    try {
      ctx.read(path);
      return true;
    } catch (PathNotFoundException e) {
      return false;
    }
  }

  /** Vert.x JSON to plain maps and lists, which Jayway JsonPath handles. */
  static Object plain(Object value) {
    if (value instanceof JsonObject o) {
      return Json.decodeValue(o.encode(), Map.class);
    }
    if (value instanceof JsonArray a) {
      return Json.decodeValue(a.encode(), List.class);
    }
    return value;
  }

  /** The adapter path of an official resource path ({@code /qos-booking/vwip/...} -> {@code /qos-booking/v0.2/...}). */
  String adapterPath() {
    String path = resource;
    for (Map.Entry<String, String> p : pathParams.entrySet()) {
      path = path.replace("{" + p.getKey() + "}", p.getValue());
    }
    assertThat(path).as("path parameters of %s", resource).doesNotContain("{");
    return spec.adapterApi.basePath() + path.substring(spec.officialBase.length());
  }

  /** Sends the request being built as the given operation and records the response. */
  HttpResponse<Buffer> send(Operation op) {
    HttpRequest<Buffer> req = adapter().client.request(HttpMethod.valueOf(op.method()), adapterPath());
    headers.forEach(req::putHeader);
    response = body == null ? req.send().await() : req.sendBuffer(Buffer.buffer(body)).await();
    conformance(op, response);
    JsonObject sent = bodyJson();
    if ("createBooking".equals(op.operationId()) && response.statusCode() == 201) {
      createRequest = sent;
      createResponse = response.bodyAsJsonObject();
      created.add(new String[] {spec.name(), createResponse.getString("bookingId"), headers.get("Authorization")});
    }
    return response;
  }

  /**
   * The 'conformance' hook: any response whose status the official operation documents must comply
   * with the official response schema, whether or not the scenario asks.
   */
  static void conformance(Operation op, HttpResponse<Buffer> r) {
    String schema = op.responseSchemas().get(String.valueOf(r.statusCode()));
    if (schema == null) {
      return;
    }
    String text = r.bodyAsString();
    assertThat(text).as("%s %d: the official spec documents a JSON body", op.operationId(), r.statusCode()).isNotBlank();
    Object value = Json.decodeValue(text);
    List<String> problems = OfficialSpecs.get().validateAbsolute(schema, value);
    assertThat(problems).as("conformance: %s %s answered %d with a body that does not comply with the official "
        + "response schema %s: %s", op.spec(), op.operationId(), r.statusCode(), schema.substring(schema.indexOf('#')), text)
        .isEmpty();
  }

  /**
   * A setup request (not the scenario's request under test): same adapter, own headers, checked by
   * the conformance hook too. The scenario's request being built is left untouched.
   */
  HttpResponse<Buffer> setupRequest(Spec api, String operationId, Map<String, String> params, JsonObject json,
      String token) {
    Operation op = OfficialSpecs.get().operation(api, operationId).orElseThrow();
    String path = op.path();
    for (Map.Entry<String, String> p : params.entrySet()) {
      path = path.replace("{" + p.getKey() + "}", p.getValue());
    }
    HttpRequest<Buffer> req = adapter().client.request(HttpMethod.valueOf(op.method()), api.adapterApi.basePath() + path)
        .putHeader("Authorization", "Bearer " + token).putHeader("x-correlator", "setup-" + UUID.randomUUID());
    HttpResponse<Buffer> r = json == null ? req.send().await()
        : req.putHeader("Content-Type", "application/json").sendBuffer(json.toBuffer()).await();
    conformance(op, r);
    if ("createBooking".equals(operationId) && r.statusCode() == 201) {
      created.add(new String[] {api.name(), r.bodyAsJsonObject().getString("bookingId"), "Bearer " + token});
    }
    return r;
  }

  /** Deletes what the scenario created, as its owner (end-of-scenario clean-up). */
  void cleanUp() {
    for (String[] c : created) {
      Spec api = Spec.valueOf(c[0]);
      Operation op = OfficialSpecs.get().operation(api, "deleteBooking").orElseThrow();
      adapter().client.request(HttpMethod.DELETE, api.adapterApi.basePath() + op.path().replace("{bookingId}", c[1]))
          .putHeader("Authorization", c[2]).send().await();
    }
    created.clear();
  }

  // ------------------------------------------------------------------ response

  /** The response body as a JSON value. */
  Object responseJsonValue() {
    return Json.decodeValue(response.bodyAsString());
  }

  JsonObject responseJson() {
    return new JsonObject(response.bodyAsString());
  }

  DocumentContext responseContext() {
    assertThat(response).as("a response was received").isNotNull();
    return JsonPath.using(JSON_PATH).parse(response.bodyAsString());
  }

  /** @return the property of the response, or {@link #ABSENT} */
  Object responseProperty(String path) {
    try {
      return responseContext().read(path);
    } catch (PathNotFoundException e) {
      return ABSENT;
    }
  }

  static Object read(Object json, String path) {
    try {
      return JsonPath.using(JSON_PATH).parse(json instanceof String s ? s : Json.encode(json)).read(path);
    } catch (PathNotFoundException e) {
      return ABSENT;
    }
  }

  /** Marker of a property that is not there. */
  static final Object ABSENT = new Object() {
    @Override
    public String toString() {
      return "<absent>";
    }
  };

  MultiMap responseHeaders() {
    return response.headers();
  }

  // ------------------------------------------------------------------ values

  /** RFC 3339 start of this scenario's time slot. */
  String slotStartTime() {
    return slotStart.toString();
  }
}
