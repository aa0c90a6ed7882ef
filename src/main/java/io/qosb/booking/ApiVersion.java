package io.qosb.booking;

/**
 * The version of a booking API a booking was created through (issue 17). The engine treats all
 * versions alike; the version decides how the booking's events are written for the sink that was
 * registered with it, since that sink's consumer was written against that version.
 */
public enum ApiVersion {
  /** CAMARA r1.2 (released v0.1.0, Commonalities 0.6). */
  V0_1("v0.1"),
  /** The v0.2 line (Commonalities 0.8). */
  V0_2("v0.2");

  private final String label;

  ApiVersion(String label) {
    this.label = label;
  }

  /** The path segment and stored value, e.g. {@code v0.1}. */
  public String label() {
    return label;
  }

  /**
   * @param label a stored value or configuration entry such as {@code v0.1}
   * @return the version
   * @throws IllegalArgumentException if no version has that label
   */
  public static ApiVersion of(String label) {
    for (ApiVersion v : values()) {
      if (v.label.equals(label)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown API version '" + label + "' (known: v0.1, v0.2)");
  }
}
