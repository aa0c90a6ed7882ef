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
