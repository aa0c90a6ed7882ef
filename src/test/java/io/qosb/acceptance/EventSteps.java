package io.qosb.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.qosb.acceptance.OfficialSpecs.Spec;
import io.qosb.booking.BookingEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Notification scenarios: the booking's sink is the suite's {@link EventReceiver}; the lifecycle
 * transitions that the NEF scheduler performs in production are applied to the booking engine
 * (test set-up), then the booking's state is checked through the API and the event awaited.
 */
public class EventSteps {

  private final World w = World.get();
  private EventReceiver.Received event;

  @Given("^a QoS booking was created successfully with bookingStatus = \"REQUESTED\" and includes a valid sink and sinkCredentials$")
  public void requestedBooking() {
    Fixtures.createQbBooking(w, Fixtures.defaultCreateBooking(w), w.validToken());
    assertThat(w.createResponse.getString("bookingStatus")).as("bookingStatus at creation").isEqualTo("REQUESTED");
  }

  @Given("^a QoS booking is already in bookingStatus \"(SCHEDULED|ACTIVATED)\" and includes a valid sink and sinkCredentials$")
  public void bookingIn(String status) {
    Fixtures.createQbBooking(w, Fixtures.defaultCreateBooking(w), w.validToken());
    if ("ACTIVATED".equals(status)) {
      Fixtures.drive(w, BookingEvent.ACTIVATE);
    }
    assertThat(currentStatus()).isEqualTo(status);
  }

  @Given("^a QoS booking was created successfully and its bookingStatus = \"REQUESTED\" or \"SCHEDULED\", and includes a valid sink and sinkCredentials$")
  public void requestedOrScheduled() {
    Fixtures.createQbBooking(w, Fixtures.defaultCreateBooking(w), w.validToken());
    assertThat(currentStatus()).isIn("REQUESTED", "SCHEDULED");
  }

  @Given("^the time value of \"createBooking\" request property \"\\$\\.sinkCredential\\.accessTokenExpiresUtc\" has not been reached$")
  public void credentialValid() {
    String expires = w.createRequest.getJsonObject("sinkCredential").getString("accessTokenExpiresUtc");
    assertThat(OffsetDateTime.parse(expires).toInstant()).isAfter(Instant.now());
  }

  @Given("^ *the time value of \"createBooking\" response property \"\\$\\.startTime\" \\+ the interval value of response property \"\\$\\.duration\" has not been reached$")
  public void endNotReached() {
    Instant end = OffsetDateTime.parse(w.createResponse.getString("startTime")).toInstant()
        .plusSeconds(w.createResponse.getLong("duration"));
    assertThat(end).isAfter(Instant.now());
  }

  /** The scheduler's "startTime reached" transition, applied to the engine (test set-up). */
  @When("^the time value of \"createBooking\" response property \"\\$\\.startTime\" is reached$")
  public void startReached() {
    Fixtures.drive(w, BookingEvent.ACTIVATE);
  }

  /** The scheduler's "end of the booked time" transition, applied to the engine (test set-up). */
  @When("^the time value of \"createBooking\" response property \"\\$\\.startTime\" \\+ the interval value of response property \"\\$\\.duration\" is reached$")
  public void endReached() {
    Fixtures.drive(w, BookingEvent.EXPIRE);
  }

  @When("^the bookingStatus of the booking becomes (SCHEDULED|ACTIVATED|TERMINATED)$")
  public void becomes(String status) {
    if ("SCHEDULED".equals(status) && "REQUESTED".equals(currentStatus())) {
      Fixtures.drive(w, BookingEvent.GRANT);
    }
    assertThat(currentStatus()).isEqualTo(status);
  }

  @When("^the booked session is terminated by the operator$")
  public void networkTerminated() {
    Fixtures.drive(w, BookingEvent.NETWORK_TERMINATE);
  }

  @When("^the operator decides that the booking cannot be granted$")
  public void revoked() {
    Fixtures.drive(w, BookingEvent.REVOKE);
  }

  @When("^QoS booking bookingStatus changes to \"TERMINATED\"$")
  public void deleted() {
    HttpResponse<Buffer> r = w.setupRequest(w.qb(), "deleteBooking",
        Map.of("bookingId", w.createResponse.getString("bookingId")), null, w.validToken());
    assertThat(r.statusCode()).isIn(202, 204);
    w.created.clear();
  }

  /** The booking's status now; a deleted booking (404) was terminated by the deletion. */
  private String currentStatusOrTerminated() {
    HttpResponse<Buffer> r = w.setupRequest(w.qb(), "getBookingById",
        Map.of("bookingId", w.createResponse.getString("bookingId")), null, w.validToken());
    return r.statusCode() == 404 ? "TERMINATED" : r.bodyAsJsonObject().getString("bookingStatus");
  }

  private String currentStatus() {
    HttpResponse<Buffer> r = w.setupRequest(w.qb(), "getBookingById",
        Map.of("bookingId", w.createResponse.getString("bookingId")), null, w.validToken());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getString("bookingStatus");
  }

  @Then("^an event is received at the address of the (?:request property \"\\$\\.sink\"|\"\\$\\.sink\" provided for createBooking)$")
  public void received() throws InterruptedException {
    String sink = w.createRequest.getString("sink");
    long deadline = System.currentTimeMillis() + 5000;
    // the event of the scenario's action is the one announcing the status the booking has now: events
    // of earlier changes (SCHEDULED at creation, SPEC-NOTES §A-14; ACTIVATED in set-up) may still
    // arrive after the action and do not count
    String now = currentStatusOrTerminated();
    while (System.currentTimeMillis() < deadline) {
      List<EventReceiver.Received> caused = EventReceiver.receivedAt(sink).stream()
          .filter(e -> now.equals(World.read(e.body(), "$.data.bookingStatus"))).toList();
      if (!caused.isEmpty()) {
        event = caused.get(caused.size() - 1);
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no event at " + sink + " within 5 s");
  }

  @Then("^the event header \"Authorization\" is set to \"Bearer \" \\+ the value of the (?:request )?property \"\\$\\.sinkCredential\\.accessToken\"(?: provided for createBooking)?$")
  public void bearer() {
    assertThat(event.headers().get("Authorization"))
        .isEqualTo("Bearer " + w.createRequest.getJsonObject("sinkCredential").getString("accessToken"));
  }

  @Then("^the event header \"Content-Type\" is set to \"([^\"]*)\"$")
  public void eventContentType(String type) {
    assertThat(event.headers().get("Content-Type")).isEqualTo(type);
  }

  @Then("^the event body complies with the OAS schema at \"([^\"]*)\"$")
  public void eventSchema(String schema) {
    assertThat(OfficialSpecs.get().validate(w.qb(), schema, event.body())).isEmpty();
  }

  @Then("^the event body property \"\\$\\.id\" is unique$")
  public void uniqueId() {
    List<Object> ids = EventReceiver.receivedAt(w.createRequest.getString("sink")).stream()
        .map(e -> e.body().getValue("id")).toList();
    Set<Object> distinct = ids.stream().collect(Collectors.toSet());
    assertThat(distinct).hasSameSizeAs(ids);
  }

  @Then("^the event body property \"([^\"]*)\" (?:is set to|is) \"([^\"]*)\"$")
  public void eventProperty(String path, String value) {
    assertThat(World.read(event.body(), path)).as(path).isEqualTo(value);
  }

  @Then("^the event body property \"([^\"]*)\" is not included$")
  public void eventPropertyAbsent(String path) {
    assertThat(World.read(event.body(), path)).as(path).isSameAs(World.ABSENT);
  }

  @Then("^the event body property \"\\$\\.data\\.bookingId\" has the same value as createBooking response property \"\\$\\.bookingId\"$")
  public void eventBookingId() {
    assertThat(World.read(event.body(), "$.data.bookingId")).isEqualTo(w.createResponse.getString("bookingId"));
  }
}
