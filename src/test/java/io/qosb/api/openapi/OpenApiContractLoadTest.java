package io.qosb.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.qosb.api.openapi.SpecLoader.Node;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each project document loads with vertx-openapi, builds a router (with a handler for the
 * {@code openId} scheme), accepts the spec's example request bodies and refuses bodies with unknown
 * properties at top level and nested. Requests go over HTTP to a tiny server on 127.0.0.1.
 */
class OpenApiContractLoadTest {

  static final String QBA = "qos-booking-and-assignment.yaml";
  static final String QB = "qos-booking.yaml";
  static final String QP = "qos-profiles.yaml";
  static final String QBA1 = "qos-booking-and-assignment-v0.1.yaml";
  static final String QB1 = "qos-booking-v0.1.yaml";
  static final String BOOKING = "/qos-bookings/3fa85f64-5717-4562-b3fc-2c963f66afa6";

  static final String QBA_CREATE = """
      {"numDevices": 2, "qosProfile": "QOS_M", "startTime": "2030-01-01T10:00:00Z", "duration": 3600,
       "serviceArea": {"areaType": "CIRCLE", "center": {"latitude": 40.4, "longitude": -3.7}, "radius": 500},
       "sink": "https://app.example.com/notify",
       "sinkCredential": {"credentialType": "ACCESSTOKEN", "accessToken": "t", "accessTokenExpiresUtc": "2030-12-31T00:00:00Z", "accessTokenType": "bearer"}}""";
  static final String QBA_ASSIGN = """
      {"devices": [{"phoneNumber": "+34600000001"}, {"ipv4Address": {"publicAddress": "203.0.113.7", "publicPort": 4000}}],
       "sink": "https://app.example.com/notify", "sinkCredential": {"credentialType": "PRIVATE_KEY_JWT"}}""";
  static final String QB_CREATE = """
      {"qosProfile": "QOS_L", "device": {"ipv4Address": {"publicAddress": "203.0.113.7", "publicPort": 0}},
       "applicationServer": {"ipv4Address": "198.51.100.0/24"}, "devicePorts": {"ranges": [{"from": 5000, "to": 5010}]},
       "startTime": "2030-01-01T10:00:00Z", "duration": 600,
       "serviceArea": {"areaType": "CIRCLE", "center": {"latitude": 40.4, "longitude": -3.7}, "radius": 500},
       "sink": "https://app.example.com/notify",
       "sinkCredential": {"credentialType": "ACCESSTOKEN", "accessToken": "t", "accessTokenExpiresUtc": "2030-12-31T00:00:00Z", "accessTokenType": "bearer"}}""";
  static final String QP_RETRIEVE = """
      {"device": {"phoneNumber": "+34600000001", "ipv4Address": {"publicAddress": "203.0.113.7", "privateAddress": "10.0.0.7"}}, "status": "ACTIVE"}""";

  /**
   * Official examples that their own document's schema refuses: r1.2's BOOKING_INPUT_2 writes the
   * polygon boundary as [longitude, latitude] arrays where PointList wants {latitude, longitude}
   * objects (the project's copy of the example is corrected).
   */
  static final List<String> INVALID_OFFICIAL_EXAMPLES = List.of(QBA1 + " official BOOKING_INPUT_2");

  static Vertx vertx;
  static final Map<String, ContractServer> servers = new HashMap<>();

  @BeforeAll
  static void startServers() {
    vertx = Vertx.vertx();
    for (String document : List.of(QBA, QB, QP, QBA1, QB1)) {
      servers.put(document, ContractServer.start(vertx, OpenApiConformanceTest.PROJECT_DIR.resolve(document)));
    }
  }

  @AfterAll
  static void stop() {
    servers.values().forEach(ContractServer::close);
    vertx.close().await();
  }

  @ParameterizedTest
  @ValueSource(strings = {QBA, QB, QP, QBA1, QB1})
  void everyOperationOfTheDocumentGetsARoute(String document) {
    JsonNode paths = new SpecLoader().load(OpenApiConformanceTest.PROJECT_DIR.resolve(document)).json().path("paths");
    int operations = 0;
    for (JsonNode item : paths) {
      operations += item.size();
    }
    ContractServer server = servers.get(document);
    assertThat(server.contract.operations()).hasSize(operations);
    assertThat(server.router.getRoutes()).hasSizeGreaterThanOrEqualTo(operations);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("requestExamples")
  void exampleBodiesPassTheContract(String document, String operation, String example, HttpMethod method, String path, String body) {
    assertPasses(document, method, path, body);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validBodies")
  void validBodiesPassTheContract(String label, String document, String path, String body) {
    assertPasses(document, HttpMethod.POST, path, body);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unknownProperties")
  void unknownPropertiesAreRefused(String label, String document, String path, String body) {
    assertRefused(send(document, HttpMethod.POST, path, body));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("constraintViolations")
  void constraintViolationsAreRefused(String label, String document, String path, String body) {
    assertRefused(send(document, HttpMethod.POST, path, body));
  }

  /**
   * What the API layer relies on (SPEC-NOTES §A-7, §A-10): these bodies pass the contract on
   * purpose, so that the adapter can answer them with INVALID_CREDENTIAL / QOS_BOOKING.INVALID_AREA.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("leftToTheApiLayer")
  void bodiesLeftToTheApiLayerPassTheContract(String label, String document, String path, String body) {
    assertPasses(document, HttpMethod.POST, path, body);
  }

  @Test
  void pathParametersAndTheCorrelatorHeaderAreValidated() {
    assertThat(servers.get(QBA).send(HttpMethod.GET, BOOKING, "").statusCode()).isEqualTo(204);
    assertThat(servers.get(QBA).send(HttpMethod.DELETE, BOOKING, "").statusCode()).isEqualTo(204);
    assertThat(servers.get(QBA).send(HttpMethod.GET, BOOKING + "/devices", "").statusCode()).isEqualTo(204);
    assertThat(servers.get(QB).send(HttpMethod.GET, "/device-qos-bookings/3fa85f64-5717-4562-b3fc-2c963f66afa6", "").statusCode()).isEqualTo(204);
    assertThat(servers.get(QP).send(HttpMethod.GET, "/qos-profiles/QOS_L", "").statusCode()).isEqualTo(204);

    assertRefused(servers.get(QBA).send(HttpMethod.GET, "/qos-bookings/not-a-uuid", ""));
    assertRefused(servers.get(QB).send(HttpMethod.DELETE, "/device-qos-bookings/not-a-uuid", ""));
    assertRefused(servers.get(QP).send(HttpMethod.GET, "/qos-profiles/a%20b", ""));
    assertRefused(servers.get(QP).send(HttpMethod.GET, "/qos-profiles/QOS_L", "", "bad correlator!"));
  }

  private static void assertRefused(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getBoolean("schemaError")).as(response.bodyAsString()).isTrue();
  }

  static Stream<Arguments> validBodies() {
    return Stream.of(
        Arguments.of("QBA create", QBA, "/qos-bookings", QBA_CREATE),
        Arguments.of("QBA create polygon", QBA, "/qos-bookings", set(QBA_CREATE, "", "serviceArea", new JsonObject(
            "{\"areaType\":\"POLYGON\",\"boundary\":[{\"latitude\":1,\"longitude\":1},{\"latitude\":1,\"longitude\":2},{\"latitude\":2,\"longitude\":2}]}"))),
        Arguments.of("QBA assign", QBA, BOOKING + "/devices/assign", QBA_ASSIGN),
        Arguments.of("QBA release, no body properties", QBA, BOOKING + "/devices/release", "{}"),
        Arguments.of("QBA retrieve", QBA, "/qos-bookings/retrieve", "{\"device\": {\"ipv6Address\": \"2001:db8::1\"}}"),
        Arguments.of("QB create", QB, "/device-qos-bookings", QB_CREATE),
        Arguments.of("QB create, PRIVATE_KEY_JWT with clientId/tokenUri", QB, "/device-qos-bookings", set(QB_CREATE, "", "sinkCredential",
            new JsonObject("{\"credentialType\":\"PRIVATE_KEY_JWT\",\"clientId\":\"c\",\"tokenUri\":\"https://as.example.com/token\"}"))),
        Arguments.of("QB retrieve", QB, "/retrieve-device-qos-bookings", "{\"device\": {\"phoneNumber\": \"+34600000001\"}}"),
        Arguments.of("QP retrieve", QP, "/retrieve-qos-profiles", QP_RETRIEVE),
        Arguments.of("QP retrieve, empty filter", QP, "/retrieve-qos-profiles", "{}"),
        Arguments.of("QBA v0.1 create", QBA1, "/qos-bookings", QBA_CREATE),
        Arguments.of("QBA v0.1 create, duration above v0.2's 86400", QBA1, "/qos-bookings", set(QBA_CREATE, "", "duration", 86401)),
        Arguments.of("QBA v0.1 assign", QBA1, BOOKING + "/devices/assign", remove(QBA_ASSIGN, "", "sinkCredential")),
        Arguments.of("QB v0.1 create", QB1, "/device-qos-bookings", QB_CREATE),
        Arguments.of("QB v0.1 retrieve", QB1, "/retrieve-device-qos-bookings", "{\"device\": {\"phoneNumber\": \"+34600000001\"}}"));
  }

  static Stream<Arguments> unknownProperties() {
    return Stream.of(
        unknown("QBA create, top level", QBA, "/qos-bookings", QBA_CREATE, ""),
        unknown("QBA create, serviceArea", QBA, "/qos-bookings", QBA_CREATE, "/serviceArea"),
        unknown("QBA create, serviceArea.center", QBA, "/qos-bookings", QBA_CREATE, "/serviceArea/center"),
        unknown("QBA create, sinkCredential", QBA, "/qos-bookings", QBA_CREATE, "/sinkCredential"),
        unknown("QBA assign, top level", QBA, BOOKING + "/devices/assign", QBA_ASSIGN, ""),
        unknown("QBA assign, devices[0]", QBA, BOOKING + "/devices/assign", QBA_ASSIGN, "/devices/0"),
        unknown("QBA assign, devices[1].ipv4Address", QBA, BOOKING + "/devices/assign", QBA_ASSIGN, "/devices/1/ipv4Address"),
        unknown("QBA assign, sinkCredential (PRIVATE_KEY_JWT)", QBA, BOOKING + "/devices/assign", QBA_ASSIGN, "/sinkCredential"),
        unknown("QBA release, devices[0]", QBA, BOOKING + "/devices/release", QBA_ASSIGN, "/devices/0"),
        unknown("QBA retrieve, device", QBA, "/qos-bookings/retrieve", "{\"device\": {\"phoneNumber\": \"+34600000001\"}}", "/device"),
        unknown("QB create, top level", QB, "/device-qos-bookings", QB_CREATE, ""),
        unknown("QB create, device", QB, "/device-qos-bookings", QB_CREATE, "/device"),
        unknown("QB create, device.ipv4Address", QB, "/device-qos-bookings", QB_CREATE, "/device/ipv4Address"),
        unknown("QB create, sinkCredential", QB, "/device-qos-bookings", QB_CREATE, "/sinkCredential"),
        unknown("QB create, applicationServer", QB, "/device-qos-bookings", QB_CREATE, "/applicationServer"),
        unknown("QB create, devicePorts.ranges[0]", QB, "/device-qos-bookings", QB_CREATE, "/devicePorts/ranges/0"),
        unknown("QB retrieve, top level", QB, "/retrieve-device-qos-bookings", "{\"device\": {\"phoneNumber\": \"+34600000001\"}}", ""),
        unknown("QP retrieve, top level", QP, "/retrieve-qos-profiles", QP_RETRIEVE, ""),
        unknown("QP retrieve, device", QP, "/retrieve-qos-profiles", QP_RETRIEVE, "/device"),
        unknown("QP retrieve, device.ipv4Address", QP, "/retrieve-qos-profiles", QP_RETRIEVE, "/device/ipv4Address"),
        unknown("QBA v0.1 create, top level", QBA1, "/qos-bookings", QBA_CREATE, ""),
        unknown("QBA v0.1 create, serviceArea.center", QBA1, "/qos-bookings", QBA_CREATE, "/serviceArea/center"),
        unknown("QBA v0.1 create, sinkCredential", QBA1, "/qos-bookings", QBA_CREATE, "/sinkCredential"),
        unknown("QBA v0.1 assign, devices[1].ipv4Address", QBA1, BOOKING + "/devices/assign", QBA_ASSIGN, "/devices/1/ipv4Address"),
        unknown("QB v0.1 create, top level", QB1, "/device-qos-bookings", QB_CREATE, ""),
        unknown("QB v0.1 create, device.ipv4Address", QB1, "/device-qos-bookings", QB_CREATE, "/device/ipv4Address"),
        unknown("QB v0.1 create, devicePorts.ranges[0]", QB1, "/device-qos-bookings", QB_CREATE, "/devicePorts/ranges/0"),
        unknown("QB v0.1 retrieve, top level", QB1, "/retrieve-device-qos-bookings", "{\"device\": {\"phoneNumber\": \"+34600000001\"}}", ""));
  }

  static Stream<Arguments> constraintViolations() {
    return Stream.of(
        Arguments.of("QBA radius 0", QBA, "/qos-bookings", set(QBA_CREATE, "/serviceArea", "radius", 0)),
        Arguments.of("QBA latitude 91", QBA, "/qos-bookings", set(QBA_CREATE, "/serviceArea/center", "latitude", 91)),
        Arguments.of("QBA circle without center", QBA, "/qos-bookings", remove(QBA_CREATE, "/serviceArea", "center")),
        Arguments.of("QBA unknown areaType", QBA, "/qos-bookings", set(QBA_CREATE, "/serviceArea", "areaType", "SQUARE")),
        Arguments.of("QBA numDevices 51", QBA, "/qos-bookings", set(QBA_CREATE, "", "numDevices", 51)),
        Arguments.of("QBA duration 86401", QBA, "/qos-bookings", set(QBA_CREATE, "", "duration", 86401)),
        Arguments.of("QBA ACCESSTOKEN without accessToken", QBA, "/qos-bookings", remove(QBA_CREATE, "/sinkCredential", "accessToken")),
        Arguments.of("QBA accessTokenType mac", QBA, "/qos-bookings", set(QBA_CREATE, "/sinkCredential", "accessTokenType", "mac")),
        Arguments.of("QBA http sink", QBA, "/qos-bookings", set(QBA_CREATE, "", "sink", "http://app.example.com/notify")),
        Arguments.of("QBA publicPort 0", QBA, BOOKING + "/devices/assign", set(QBA_ASSIGN, "/devices/1/ipv4Address", "publicPort", 0)),
        Arguments.of("QBA empty device", QBA, "/qos-bookings/retrieve", "{\"device\": {}}"),
        Arguments.of("QB duration 0", QB, "/device-qos-bookings", set(QB_CREATE, "", "duration", 0)),
        Arguments.of("QB missing serviceArea", QB, "/device-qos-bookings", remove(QB_CREATE, "", "serviceArea")),
        Arguments.of("QB unknown areaType", QB, "/device-qos-bookings", set(QB_CREATE, "/serviceArea", "areaType", "SQUARE")),
        Arguments.of("QB empty applicationServer", QB, "/device-qos-bookings", set(QB_CREATE, "", "applicationServer", new JsonObject())),
        Arguments.of("QB port 65536", QB, "/device-qos-bookings", set(QB_CREATE, "/device/ipv4Address", "publicPort", 65536)),
        Arguments.of("QBA v0.1 duration 0", QBA1, "/qos-bookings", set(QBA_CREATE, "", "duration", 0)),
        Arguments.of("QBA v0.1 radius 0", QBA1, "/qos-bookings", set(QBA_CREATE, "/serviceArea", "radius", 0)),
        Arguments.of("QB v0.1 duration 0", QB1, "/device-qos-bookings", set(QB_CREATE, "", "duration", 0)),
        Arguments.of("QP bad phone number", QP, "/retrieve-qos-profiles", set(QP_RETRIEVE, "/device", "phoneNumber", "600000001")));
  }

  static Stream<Arguments> leftToTheApiLayer() {
    JsonObject plain = new JsonObject("{\"credentialType\":\"PLAIN\",\"accessToken\":\"t\",\"accessTokenExpiresUtc\":\"2030-12-31T00:00:00Z\",\"accessTokenType\":\"bearer\"}");
    JsonObject refresh = new JsonObject("{\"credentialType\":\"REFRESHTOKEN\",\"refreshToken\":\"r\"}");
    return Stream.of(
        Arguments.of("QB credentialType PLAIN (§A-7)", QB, "/device-qos-bookings", set(QB_CREATE, "", "sinkCredential", plain)),
        Arguments.of("QB credentialType REFRESHTOKEN (§A-7)", QB, "/device-qos-bookings", set(QB_CREATE, "", "sinkCredential", refresh)),
        Arguments.of("QBA credentialType REFRESHTOKEN (§A-7)", QBA, "/qos-bookings", set(QBA_CREATE, "", "sinkCredential", refresh)),
        Arguments.of("QBA assign credentialType PLAIN (§A-7)", QBA, BOOKING + "/devices/assign", set(QBA_ASSIGN, "", "sinkCredential", plain)),
        Arguments.of("QB serviceArea radius 0 (§A-10)", QB, "/device-qos-bookings", set(QB_CREATE, "/serviceArea", "radius", 0)),
        Arguments.of("QB serviceArea unknown property in center (§A-10)", QB, "/device-qos-bookings", set(QB_CREATE, "/serviceArea/center", "unexpected", 1)),
        Arguments.of("QB serviceArea POLYGON without boundary (§A-10)", QB, "/device-qos-bookings", set(QB_CREATE, "/serviceArea", "areaType", "POLYGON")),
        Arguments.of("QB v0.1 credentialType REFRESHTOKEN", QB1, "/device-qos-bookings", set(QB_CREATE, "", "sinkCredential", refresh)),
        Arguments.of("QBA v0.1 credentialType PLAIN", QBA1, "/qos-bookings", set(QBA_CREATE, "", "sinkCredential", plain)),
        Arguments.of("QBA v0.1 assign credentialType PRIVATE_KEY_JWT (v0.2 only)", QBA1, BOOKING + "/devices/assign", QBA_ASSIGN));
  }

  /** The request-body examples of the project documents, and of the official ones when present. */
  static Stream<Arguments> requestExamples() {
    List<Arguments> examples = new ArrayList<>();
    for (String document : List.of(QBA, QB, QP, QBA1, QB1)) {
      examples.addAll(examplesOf(document, new SpecLoader().load(OpenApiConformanceTest.PROJECT_DIR.resolve(document)), "project"));
    }
    if (Files.isDirectory(OpenApiConformanceTest.REFERENCE_DIR)) {
      for (String[] pair : OpenApiConformanceTest.PAIRS) {
        SpecLoader loader = OpenApiConformanceTest.officialLoader();
        examples.addAll(examplesOf(pair[0], loader.load(OpenApiConformanceTest.officialPath(pair[1])), "official").stream()
            .filter(a -> !INVALID_OFFICIAL_EXAMPLES.contains(a.get()[0] + " " + a.get()[2])).toList());
      }
    }
    assertThat(examples).isNotEmpty();
    return examples.stream();
  }

  private static List<Arguments> examplesOf(String document, Node root, String origin) {
    SpecLoader loader = new SpecLoader();
    List<Arguments> found = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = root.json().path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
      while (operations.hasNext()) {
        Map.Entry<String, JsonNode> operation = operations.next();
        JsonNode media = operation.getValue().path("requestBody").path("content").path("application/json");
        Iterator<Map.Entry<String, JsonNode>> examples = media.path("examples").fields();
        while (examples.hasNext()) {
          Map.Entry<String, JsonNode> example = examples.next();
          JsonNode value = loader.deref(new Node(root.file(), example.getValue())).json().get("value");
          found.add(Arguments.of(document, operation.getValue().path("operationId").asText(), origin + " " + example.getKey(),
              HttpMethod.valueOf(operation.getKey().toUpperCase()),
              path.getKey().replace("{bookingId}", "3fa85f64-5717-4562-b3fc-2c963f66afa6"), value.toString()));
        }
      }
    }
    return found;
  }

  private static void assertPasses(String document, HttpMethod method, String path, String body) {
    HttpResponse<Buffer> response = send(document, method, path, body);
    assertThat(response.statusCode()).as(body + " -> " + response.bodyAsString()).isEqualTo(204);
  }

  private static HttpResponse<Buffer> send(String document, HttpMethod method, String path, String body) {
    return servers.get(document).send(method, path, body);
  }

  private static Arguments unknown(String label, String document, String path, String body, String pointer) {
    return Arguments.of(label, document, path, set(body, pointer, "unexpectedParam", "x"));
  }

  static String set(String json, String pointer, String key, Object value) {
    JsonObject root = new JsonObject(json);
    ((JsonObject) JsonPointer.from(pointer).queryJson(root)).put(key, value);
    return root.encode();
  }

  static String remove(String json, String pointer, String key) {
    JsonObject root = new JsonObject(json);
    ((JsonObject) JsonPointer.from(pointer).queryJson(root)).remove(key);
    return root.encode();
  }
}
