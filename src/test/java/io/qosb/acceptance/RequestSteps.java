package io.qosb.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;
import io.qosb.acceptance.OfficialSpecs.Spec;
import io.qosb.testing.TestKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** CAMARA's shared vocabulary for building and sending a request: environment, resource, headers, tokens, body. */
public class RequestSteps {

  private final World w = World.get();

  // ------------------------------------------------------------ environment, resource, operation

  @Given("^an environment at \"apiRoot\"$")
  public void environment() {
    assertThat(World.adapter().verticle.actualPort()).isPositive();
  }

  @Given("^the resource \"([^\"]*)\"$")
  public void resource(String resource) {
    w.resource(resource);
  }

  @Given("^the operationId is \"([^\"]*)\"$")
  public void operationId(String id) {
    w.operation(id);
    w.operationId = id;
  }

  @When("^the request \"([^\"]*)\" is sent$")
  public void send(String id) {
    if (w.operationId != null) {
      assertThat(id).as("the operationId set earlier").isEqualTo(w.operationId);
    }
    w.operationId = id;
    w.send(w.operation(id));
  }

  @When("^the HTTP \"([^\"]*)\" request is sent$")
  public void sendMethod(String method) {
    var op = w.operationByMethod(method);
    w.operationId = op.operationId();
    w.send(op);
  }

  // ------------------------------------------------------------ headers

  @Given("^the header \"([^\"]*)\" is set to \"([^\"]*)\"$")
  public void header(String name, String value) {
    w.headers.put(name, value);
  }

  @Given("^the header \"x-correlator\" complies with the schema at \"([^\"]*)\"$")
  public void correlator(String schema) {
    String value = "camara-" + w.index + "-" + UUID.randomUUID();
    // before "the resource" (background) the schema is that of the document the feature file uses
    assertThat(OfficialSpecs.get().validate(w.specOrFeature(), schema, value)).isEmpty();
    w.headers.put("x-correlator", value);
  }

  @Given("^the header \"x-correlator\" does not comply with the schema at \"([^\"]*)\"$")
  public void invalidCorrelator(String schema) {
    String value = "not a valid correlator!";
    assertThat(OfficialSpecs.get().validate(w.spec, schema, value)).isNotEmpty();
    w.headers.put("x-correlator", value);
  }

  @Given("^the header \"Authorization\" is not sent$")
  public void noAuthorization() {
    w.headers.remove("Authorization");
  }

  @Given("^the header \"Authorization\" is set to a valid access token$")
  public void validToken() {
    w.tokenPhone = null;
    w.authorize(w.validToken());
  }

  @Given("^the header \"Authorization\" is set to a valid 2-legged access token$")
  public void twoLegged() {
    validToken();
  }

  @Given("^the header \"Authorization\" is set to a valid access token which does not identify a single device$")
  public void notIdentifyingDevice() {
    validToken();
  }

  @Given("^the header \"Authorization\" is set to a valid 3-legged access token associated to a valid testing device supported by the service$")
  public void threeLegged() {
    w.tokenPhone = TestAssets.TESTING_PHONE;
    w.authorize(w.token(w.clientId, World.ALL_SCOPES, w.tokenPhone));
  }

  @Given("^the header \"Authorization\" is set to a valid access token identifying a device$")
  public void identifyingDevice() {
    threeLegged();
  }

  @Given("^the header \"Authorization\" is set to a valid access token emitted to a client which did not created the QoS booking$")
  public void otherClient() {
    if (w.spec.isQb() && w.resource.endsWith("/retrieve-device-qos-bookings") && w.created.isEmpty()) {
      // the device of the request body gets a booking of this scenario's client first
      Fixtures.createQbBooking(w, Fixtures.defaultCreateBooking(w), w.validToken());
    }
    w.authorize(w.token(w.clientId + "-other", World.ALL_SCOPES, null));
  }

  @Given("^the header \"Authorization\" is set to an access token that does not include scope \"([^\"]*)\"$")
  public void withoutScope(String scope) {
    List<String> scopes = new ArrayList<>(World.ALL_SCOPES);
    assertThat(scopes.remove(scope)).as("%s is a scope of the APIs", scope).isTrue();
    w.authorize(w.token(w.clientId, scopes, null));
  }

  @Given("^the header \"Authorization\" is set to an expired access token$")
  public void expired() {
    long now = Instant.now().getEpochSecond();
    JsonObject claims = new JsonObject().put("client_id", w.clientId).put("sub", w.clientId)
        .put("scope", String.join(" ", World.ALL_SCOPES)).put("iat", now - 7200).put("exp", now - 3600);
    w.authorize(TestKeys.sign(World.adapter().vertx, World.adapter().keys.rsa, claims, new JWTOptions().setNoTimestamp(true)));
  }

  @Given("^the header \"Authorization\" is set to an invalid access token$")
  public void invalid() {
    // well-formed and unexpired, but signed by a key the adapter does not trust (same key id)
    JsonObject claims = new JsonObject().put("client_id", w.clientId).put("scope", String.join(" ", World.ALL_SCOPES));
    w.authorize(TestKeys.sign(World.adapter().vertx, World.adapter().keys.stranger, claims,
        new JWTOptions().setExpiresInSeconds(3600)));
  }

  // ------------------------------------------------------------ whole bodies

  @Given("^the request body is set (?:by default )?to a request body compliant with the schema at \"([^\"]*)\"$")
  public void compliantBody(String schema) {
    w.body = Fixtures.compliantBody(w, schema).encode();
  }

  @Given("^a request body compliant with the schema at \"([^\"]*)\"$")
  public void aCompliantBody(String schema) {
    compliantBody(schema);
  }

  @Given("^the request body complies with the OAS schema at \"([^\"]*)\"$")
  public void bodyComplies(String schema) {
    compliantBody(schema);
  }

  @Given("^the request body is set to a valid request body$")
  public void validBody() {
    w.body = Fixtures.compliantBody(w, Fixtures.requestSchemaOfResource(w)).encode();
  }

  @Given("^the request body is not included$")
  public void noBody() {
    w.body = null;
  }

  @Given("^the request body is set to \\{\\}$")
  public void emptyBody() {
    w.body = "{}";
  }

  @Given("^the request body is set to any value which is not compliant with the schema at \"([^\"]*)\"$")
  public void nonCompliantBody(String schema) {
    JsonObject body = w.body == null ? Fixtures.compliantBody(w, schema) : w.bodyJson();
    switch (schema.substring(schema.lastIndexOf('/') + 1)) {
      case "CreateBooking" -> body.put("duration", "one hour");
      case "RetrieveBookingByDevice" -> body.put("device", "the testing device");
      case "QosProfileDeviceRequest" -> body.put("status", "SOMETIMES");
      default -> throw new AssertionError("no non-compliant variant for " + schema);
    }
    assertThat(OfficialSpecs.get().validate(w.spec, schema, body)).as("the body is not compliant").isNotEmpty();
    w.body = body.encode();
  }

  @Given("^the request body includes an undeclared property \"([^\"]*)\" set to any value$")
  public void undeclared(String path) {
    w.setBodyProperty(path, "any value");
  }

  // ------------------------------------------------------------ properties

  @Given("^the request (?:body )?property +\"([^\"]*)\" is set to \"([^\"]*)\"$")
  public void setString(String path, String value) {
    w.setBodyProperty(path, value);
  }

  @Given("^the request body property \"([^\"]*)\" is set to (\\d+)$")
  public void setNumber(String path, long value) {
    w.setBodyProperty(path, value);
  }

  @Given("^the request body property \"([^\"]*)\" is set to:? \\{\\}$")
  public void setEmptyObject(String path) {
    w.setBodyProperty(path, new JsonObject());
  }

  @Given("^the request (?:body )?property \"([^\"]*)\" is not included$")
  public void notIncluded(String path) {
    w.removeBodyProperty(path);
  }

  @Given("^the request body properties \"([^\"]*)\" and \"([^\"]*)\" are not included$")
  public void notIncluded(String a, String b) {
    w.removeBodyProperty(a);
    w.removeBodyProperty(b);
  }

  @Given("^the request body property \"\\$\\.device\" is set to a valid device$")
  public void validDevice() {
    w.setBodyProperty("$.device", TestAssets.phone(TestAssets.TESTING_PHONE));
  }

  @Given("^the request body property \"\\$\\.device\" is compliant with the schema but does not identify a valid device$")
  public void unknownDevice() {
    JsonObject device = TestAssets.phone(TestAssets.UNKNOWN_PHONE);
    assertThat(OfficialSpecs.get().validate(w.spec, "/components/schemas/Device", device)).isEmpty();
    w.setBodyProperty("$.device", device);
  }

  @Given("^the request body property \"\\$\\.device\" only includes device identifiers not supported by the implementation$")
  public void unsupportedDevice() {
    w.setBodyProperty("$.device", TestAssets.unsupportedDevice());
  }

  @Given("^the request property \"\\$\\.device\" includes several identifiers for the device$")
  public void severalIdentifiers() {
    w.setBodyProperty("$.device", TestAssets.testingDeviceAllIdentifiers());
  }

  @Given("^the request body property \"([^\"]*)\" does not comply with the OAS schema at \"([^\"]*)\"$")
  public void identifierNotCompliant(String path, String schema) {
    String identifier = path.substring("$.device.".length());
    Object value = switch (identifier) {
      case "phoneNumber" -> "+34-600-000-101";
      case "ipv4Address" -> new JsonObject().put("publicAddress", TestAssets.TESTING_IPV4);
      case "ipv6Address" -> "2001:db8:101::zz";
      case "networkAccessIdentifier" -> 42;
      default -> throw new AssertionError("unknown device identifier " + path);
    };
    assertThat(OfficialSpecs.get().validate(w.spec, Fixtures.currentSchemaName(w, schema), value))
        .as("%s does not comply with %s", value, schema).isNotEmpty();
    w.setBodyProperty("$.device", new JsonObject().put(identifier, value));
  }

  @Given("^the request body property \"([^\"]*)\" is set to a value not between between 0 and 65535$")
  public void portOutOfRange(String path) {
    String jsonPath = path;
    if (path.endsWith(".ranges.from") || path.endsWith(".ranges.to")) {
      // "ranges" is an array of {from, to}: the property of every range
      jsonPath = path.replace(".ranges.", ".ranges[*].");
    }
    if (path.startsWith("$.device.ipv4Address") && !World.exists(w.bodyContext(), "$.device.ipv4Address")) {
      w.setBodyProperty("$.device", new JsonObject().put("ipv4Address",
          new JsonObject().put("publicAddress", TestAssets.TESTING_IPV4).put("publicPort", 59765)));
    }
    assertThat(World.exists(w.bodyContext(), jsonPath)).as("the default body has %s", jsonPath).isTrue();
    var ctx = w.bodyContext();
    ctx.set(jsonPath, 65536);
    w.body = ctx.jsonString();
  }

  @Given("^the request body property \"\\$\\.devices\" is set to a valid array of device identifiers (?:set to a value )?compliant with schema at \"([^\"]*)\"$")
  public void validDevices(String schema) {
    JsonArray devices = w.resource.endsWith("/release") && w.assignedDevices != null ? w.assignedDevices.copy()
        : TestAssets.assignableDevices();
    assertThat(OfficialSpecs.get().validate(w.spec, schema, devices)).isEmpty();
    w.setBodyProperty("$.devices", devices);
  }

  @Given("^the request body property \"\\$\\.devices\" is set to an array of 51 valid device identifiers compliant with schema at \"([^\"]*)\"$")
  public void fiftyOneDevices(String schema) {
    JsonArray devices = new JsonArray();
    for (int i = 0; i < 51; i++) {
      JsonObject d = TestAssets.phone(String.format("+346010%05d", i));
      assertThat(OfficialSpecs.get().validate(w.spec, schema, d)).isEmpty();
      devices.add(d);
    }
    w.setBodyProperty("$.devices", devices);
  }

  @Given("^the request body property \"\\$\\.numDevices\" is set to a valid number of devices$")
  public void validNumDevices() {
    w.setBodyProperty("$.numDevices", 3);
  }
}
