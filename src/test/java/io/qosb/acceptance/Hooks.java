package io.qosb.acceptance;

import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/** Scenario lifecycle: a fresh {@link World}, the exclusion check, and clean-up of created bookings. */
public class Hooks {

  @Before(order = 0)
  public void begin(Scenario scenario) {
    String path = scenario.getUri().getPath();
    if (!path.contains("/reference/camara/") && !path.contains("/reference/releases/qos-booking-r1.2/Test_definitions/")) {
      throw new AssertionError(scenario.getUri() + " is neither an official wip file (../shared/reference/camara) nor "
          + "an r1.2 one (../shared/reference/releases/qos-booking-r1.2): the suite does not know its API versions");
    }
    World.begin(scenario.getName(), scenario.getUri());
    Optional<Exclusions.Entry> exclusion = Exclusions.match(scenario.getSourceTagNames(), scenario.getUri(),
        scenario.getLine());
    if (exclusion.isPresent()) {
      throw new TestAbortedException("excluded by " + Exclusions.FILE + ": " + exclusion.get().reason());
    }
    World.adapter();
  }

  @After
  public void end() {
    World.get().cleanUp();
  }
}
