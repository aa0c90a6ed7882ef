package io.qosb.booking;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** The checks of a new booking that need no I/O, in the order of SPEC-NOTES §1.6. */
final class NewBookingRules {

  static final int MAX_DEVICES = 50;

  private final ProfileRules profiles;
  private final BookingPolicy policy;

  NewBookingRules(ProfileRules profiles, BookingPolicy policy) {
    this.profiles = Objects.requireNonNull(profiles);
    this.policy = Objects.requireNonNull(policy);
  }

  /**
   * Checks the 400 rules: duration, device count, start time, profile existence.
   *
   * @return the start instant
   * @throws CamaraException on the first rule broken
   */
  Instant check(NewBooking req, Instant now) {
    ProfileRules.Limits limits = profiles.limits(req.qosProfile()).orElse(null);
    checkDuration(req, limits);
    checkDeviceCount(req);
    Instant start = checkStartTime(req.startTime(), now);
    if (!start.plusSeconds(req.durationSeconds()).isAfter(now)) {
      throw CamaraException.outOfRange("The booking would already have ended: startTime + duration is not after now.");
    }
    if (limits == null) {
      throw CamaraException.invalidArgument("The qosProfile " + req.qosProfile() + " does not exist.");
    }
    return start;
  }

  /**
   * Checks that the profile can be booked now (422, after device identification).
   *
   * @throws CamaraException 422 SERVICE_NOT_APPLICABLE (QBA) / QOS_BOOKING.QOS_PROFILE_NOT_APPLICABLE (QB)
   */
  void checkBookable(NewBooking req) {
    boolean bookable = profiles.limits(req.qosProfile()).map(ProfileRules.Limits::bookable).orElse(false);
    if (!bookable) {
      throw CamaraException.unprocessable(req.api().profileNotApplicableCode(),
          "The qosProfile " + req.qosProfile() + " is currently not available for booking.");
    }
  }

  private void checkDuration(NewBooking req, ProfileRules.Limits limits) {
    long min = 1;
    long max = req.api().maxDurationSeconds();
    if (limits != null && limits.minDuration() != null) {
      min = Math.max(min, limits.minDuration().toSeconds());
    }
    if (limits != null && limits.maxDuration() != null) {
      max = Math.min(max, limits.maxDuration().toSeconds());
    }
    if (req.durationSeconds() < min || req.durationSeconds() > max) {
      throw new CamaraException(400, req.api().durationCode(),
          "The duration must be between " + min + " and " + max + " seconds for this qosProfile.");
    }
  }

  private static void checkDeviceCount(NewBooking req) {
    if (req.api() == Api.QB && req.numDevices() != 1) {
      throw new IllegalArgumentException("a QB booking holds exactly one device");
    }
    if (req.numDevices() < 1 || req.numDevices() > MAX_DEVICES) {
      throw CamaraException.outOfRange("The numDevices must be between 1 and " + MAX_DEVICES + ".");
    }
  }

  /*
   * Decision (issue 16, booking for "now"): clients send their clock's now as startTime, and the
   * request arrives later. With minLeadTime zero, a startTime up to booking.startGrace in the past
   * (or exactly now) is accepted and the booking starts at once: its start stays the requested
   * instant (echoed verbatim, SPEC-NOTES A-23), so its START is already due and its window still ends
   * at startTime + duration, as the client computed it. A booking that would have ended by now is
   * refused. With a positive minLeadTime the operator asked for notice, so no grace applies.
   */
  private Instant checkStartTime(String startTime, Instant now) {
    Instant start = parseStartTime(startTime);
    Duration lead = Duration.between(now, start);
    boolean graced = policy.minLeadTime().isZero() && lead.compareTo(policy.startGrace().negated()) >= 0;
    if (!graced && (lead.isNegative() || lead.isZero() || lead.compareTo(policy.minLeadTime()) < 0)) {
      throw CamaraException.outOfRange(policy.minLeadTime().isZero()
          ? "The startTime must be in the future, or at most " + policy.startGrace().toSeconds() + " seconds ago."
          : "The startTime must be in the future, at least " + policy.minLeadTime().toSeconds() + " seconds from now.");
    }
    if (lead.compareTo(policy.horizon()) > 0) {
      throw CamaraException.outOfRange("The startTime must be at most " + policy.horizon().toDays()
          + " days from now.");
    }
    return start;
  }

  /**
   * Parses an RFC 3339 date-time that carries a time zone.
   *
   * @throws CamaraException 400 INVALID_ARGUMENT if the text is not such a date-time
   */
  static Instant parseStartTime(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw CamaraException.invalidArgument("The startTime must be an RFC 3339 date-time with a time zone.");
    }
  }
}
