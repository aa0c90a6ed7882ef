package io.qosb.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.qosb.acceptance.OfficialSpecs.Spec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;

/** QoS Profiles assets, the restricted profiles and the request threshold (429). */
public class ProfileSteps {

  private final World w = World.get();

  @Given("^the path param \"name\" is set by default to an existing QoS profile name$")
  public void defaultName() {
    w.pathParams.put("name", Fixtures.selectProfile(w).getString("name"));
  }

  @Given("^an existing QoS profile$")
  public void existingProfile() {
    Fixtures.selectProfile(w);
  }

  @Given("^the path parameter \"name\" is set to the value for that QoS profile$")
  public void nameOfThat() {
    w.pathParams.put("name", Fixtures.selectProfile(w).getString("name"));
  }

  @Given("^path parameter \"name\" does not match the regular expression \"([^\"]*)\"$")
  public void nameNotMatching(String regex) {
    String name = "QOS~L*";
    assertThat(name.matches(regex)).isFalse();
    w.pathParams.put("name", name);
  }

  @Given("^path parameter \"name\" has a length not between 3 and 256$")
  public void nameBadLength() {
    w.pathParams.put("name", "QL");
  }

  @Given("^the path parameter \"name\" is set to a random string compliant with the pattern$")
  public void randomName() {
    String name = "QOS_" + Long.toString(System.nanoTime(), 36).toUpperCase();
    assertThat(name).matches("^[a-zA-Z0-9_.-]{3,256}$");
    w.pathParams.put("name", name);
  }

  @Given("^the request body property \"\\$\\.name\" is set to an existing QoS profile name$")
  public void existingName() {
    w.setBodyProperty("$.name", Fixtures.selectProfile(w).getString("name"));
  }

  @Given("^the request body property \"\\$\\.status\" is set to the value (\\w+)$")
  public void status(String status) {
    w.setBodyProperty("$.status", status);
  }

  @Given("^that implementation has QoS Profiles restricted to certain devices$")
  public void restrictedExist() {
    assertThat(TestAssets.restrictedProfiles()).as("restricted profiles of the test catalog").isNotEmpty();
  }

  @Given("^a device suitable for the restricted QoS Profiles is provided in the request body or identified by the access token$")
  public void restrictedDevice() {
    for (JsonObject p : TestAssets.restrictedProfiles()) {
      assertThat(p.getJsonArray("offeredTo").getList()).as("%s is offered to the device", p.getString("name"))
          .contains(TestAssets.RESTRICTED_PHONE);
    }
    w.setBodyProperty("$.device", TestAssets.phone(TestAssets.RESTRICTED_PHONE));
  }

  @Given("^no device is provided in the request body or identified by the access token$")
  public void noDevice() {
    w.removeBodyProperty("$.device");
    w.tokenPhone = null;
    w.authorize(w.validToken());
  }

  @Given("^a device for which the service is not applicable, provided in the request body or identified by the access token$")
  public void deviceWithoutProfiles() {
    throw new AssertionError("no test asset: every eligible subscriber is offered the unrestricted profiles (SPEC-NOTES §A-19)");
  }

  @Given("^a valid request for \"([^\"]*)\"$")
  public void validRequest(String operationId) {
    w.operation(operationId);
    w.operationId = operationId;
    if ("getQosProfile".equals(operationId)) {
      defaultName();
    } else {
      w.body = Fixtures.compliantBody(w, "/components/schemas/QosProfileDeviceRequest").encode();
    }
  }

  /**
   * Spends this consumer's request allowance (rateLimit.burst of the test profile): sends the
   * request until the adapter answers 429, within burst + 5 attempts.
   */
  @Given("^the threshold of requests has been reached$")
  public void thresholdReached() {
    long burst = TestAssets.testProfile().getJsonObject("rateLimit").getLong("burst");
    var op = w.operation(w.operationId);
    for (int i = 0; i < burst + 5; i++) {
      HttpRequest<Buffer> req = World.adapter().client.request(HttpMethod.valueOf(op.method()), w.adapterPath());
      w.headers.forEach(req::putHeader);
      HttpResponse<Buffer> r = w.body == null ? req.send().await() : req.sendBuffer(Buffer.buffer(w.body)).await();
      World.conformance(op, r);
      if (r.statusCode() == 429) {
        assertThat(i).as("requests accepted before the threshold").isGreaterThanOrEqualTo((int) burst - 1);
        return;
      }
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    }
    throw new AssertionError("no 429 after " + (burst + 5) + " requests");
  }
}
