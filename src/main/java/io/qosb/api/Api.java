package io.qosb.api;

/** The CAMARA APIs this adapter serves, with what differs between them in error answers. */
public enum Api {
  QOS_BOOKING_AND_ASSIGNMENT("openapi/qos-booking-and-assignment.yaml", "/qos-booking-and-assignment/v0.2",
      "QOS_BOOKING_AND_ASSIGNMENT.DURATION_OUT_OF_RANGE"),
  QOS_BOOKING("openapi/qos-booking.yaml", "/qos-booking/v0.2", "QOS_BOOKING.DURATION_OUT_OF_RANGE"),
  QOS_PROFILES("openapi/qos-profiles.yaml", "/qos-profiles/v1", null);

  private final String document;
  private final String basePath;
  private final String durationCode;

  Api(String document, String basePath, String durationCode) {
    this.document = document;
    this.basePath = basePath;
    this.durationCode = durationCode;
  }

  /** @return class path location of the project's OpenAPI document */
  public String document() {
    return document;
  }

  /** @return the path under which the API is served */
  public String basePath() {
    return basePath;
  }

  /** @return the API-specific code for a duration out of range, or null when the API has none */
  public String durationCode() {
    return durationCode;
  }
}
