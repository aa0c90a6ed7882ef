package io.qosb.booking;

/** QBA {@code Status} of bookings and assignments. */
public enum QbaStatus { PENDING, SUCCESSFUL, PARTIAL_SUCCESS, FAILURE }
