package io.qosb.api;

import io.qosb.booking.ApiVersion;
import io.qosb.booking.CamaraException;
import java.util.Map;

/**
 * The CAMARA APIs this adapter serves, each version of a booking API on its own base path (issue 17),
 * with what differs between them in error answers.
 */
public enum Api {
  QOS_BOOKING_AND_ASSIGNMENT("openapi/qos-booking-and-assignment.yaml", "/qos-booking-and-assignment/v0.2",
      "QOS_BOOKING_AND_ASSIGNMENT.DURATION_OUT_OF_RANGE", ApiVersion.V0_2),
  QOS_BOOKING("openapi/qos-booking.yaml", "/qos-booking/v0.2", "QOS_BOOKING.DURATION_OUT_OF_RANGE", ApiVersion.V0_2),
  QOS_PROFILES("openapi/qos-profiles.yaml", "/qos-profiles/v1", null, null),
  /** QoS Booking and Assignment v0.1.0 (r1.2): its duration code is QoS Booking's. */
  QOS_BOOKING_AND_ASSIGNMENT_V0_1("openapi/qos-booking-and-assignment-v0.1.yaml", "/qos-booking-and-assignment/v0.1",
      "QOS_BOOKING.DURATION_OUT_OF_RANGE", ApiVersion.V0_1),
  /** QoS Booking v0.1.0 (r1.2). */
  QOS_BOOKING_V0_1("openapi/qos-booking-v0.1.yaml", "/qos-booking/v0.1", "QOS_BOOKING.DURATION_OUT_OF_RANGE",
      ApiVersion.V0_1);

  /**
   * v0.2 codes that the r1.2 documents do not have, and the r1.2 code that says the same. r1.2 knows
   * one 409 code, CONFLICT; 403 only PERMISSION_DENIED (Commonalities 0.6); QBA's duration code is
   * QoS Booking's; QB has no QOS_PROFILE_NOT_APPLICABLE (its generic 422 SERVICE_NOT_APPLICABLE).
   */
  private static final Map<String, String> V0_1_CODES = Map.of(
      "INCOMPATIBLE_STATE", "CONFLICT",
      "ABORTED", "CONFLICT",
      "ALREADY_EXISTS", "CONFLICT",
      "INVALID_TOKEN_CONTEXT", "PERMISSION_DENIED",
      "QOS_BOOKING_AND_ASSIGNMENT.DURATION_OUT_OF_RANGE", "QOS_BOOKING.DURATION_OUT_OF_RANGE",
      "QOS_BOOKING.QOS_PROFILE_NOT_APPLICABLE", "SERVICE_NOT_APPLICABLE");

  private final String document;
  private final String basePath;
  private final String durationCode;
  private final ApiVersion version;

  Api(String document, String basePath, String durationCode, ApiVersion version) {
    this.document = document;
    this.basePath = basePath;
    this.durationCode = durationCode;
    this.version = version;
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

  /** @return the booking API version this is, or null for QoS Profiles (not versioned here) */
  public ApiVersion version() {
    return version;
  }

  /**
   * @param error an error as the engine (written in v0.2 terms) raised it
   * @return the error in this API version's terms: same status and message, the version's code
   */
  public CamaraException inTerms(CamaraException error) {
    String code = version == ApiVersion.V0_1 ? V0_1_CODES.get(error.code()) : null;
    return code == null ? error : new CamaraException(error.status(), code, error.getMessage());
  }
}
