/**
 * Admission control (issue 9): bookings are accepted only where the network can honour them.
 *
 * <p><b>Model.</b> {@link io.qosb.admission.CapacityModel} reads {@code capacity:}: named zones (CAMARA
 * CIRCLE or POLYGON on WGS84) with per-profile limits of concurrently booked devices, and the limits of
 * {@code outside}. A booking occupies every zone its area intersects, plus {@code outside} unless one
 * zone contains it entirely ({@link io.qosb.admission.GeoArea} documents the local equirectangular
 * approximation).
 *
 * <p><b>Tables</b> (migration {@code V3__capacity.sql}). {@code capacity_claim(booking_id, zone,
 * profile, start_ms, end_ms, devices)}: a booking's window in each zone it occupies, cut into pieces
 * of at most 6 h, indexed by {@code (zone, profile, start_ms, end_ms)}; pieces overlapping [s, e)
 * start in [s − 6 h, e), one range scan. A claim counts while its booking is not TERMINATED (join on
 * {@code booking.state}) and is deleted with it (foreign key cascade): capacity is always computed
 * from live bookings, and a delete, revocation or expiry frees it when that transaction commits.
 * {@code capacity_lock(zone, profile)}: one row per limited pair, created at startup.
 *
 * <p><b>Locking.</b> {@link io.qosb.admission.CapacityAdmission#admit} runs inside the createBooking
 * transaction, after the engine's device locks: it locks the {@code capacity_lock} rows of the
 * booking's limited (zone, profile) pairs {@code FOR UPDATE} in zone-name order, reads, decides, and
 * writes the booking's claims before commit. All transactions take device locks, then capacity locks,
 * each in sorted order, so they cannot deadlock; two requests for the same pair, on any replica of one
 * database, decide one after the other.
 *
 * <p><b>Known limits.</b> Claims are written for the zones of the model in force when the booking was
 * made: after a change of {@code capacity.zones}, existing bookings keep counting where they counted
 * (there is no rebuild of claims yet).
 */
package io.qosb.admission;
