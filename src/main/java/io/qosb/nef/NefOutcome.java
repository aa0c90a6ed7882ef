package io.qosb.nef;

import java.util.Locale;

/** How one NEF attempt ended; the {@code outcome} tag of {@code qosb.nef.requests}. */
public enum NefOutcome {
  SUCCESS, CLIENT_ERROR, SERVER_ERROR, TIMEOUT, CONNECTION_ERROR, CIRCUIT_OPEN;

  /** The tag value. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
