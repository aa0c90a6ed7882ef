package io.qosb.store;

/** Where one device's AsSessionWithQoS subscription stands between the adapter and the NEF. */
public enum SubscriptionState {
  /** Intent recorded; the POST may or may not have reached the NEF. */
  PENDING_CREATE,
  /** Created; the resource URL is known. */
  ACTIVE,
  /** Intent to delete recorded; the DELETE may or may not have reached the NEF. */
  PENDING_DELETE,
  /** Gone from the NEF (deleted by us, or ended by the network). */
  DELETED,
  /** The NEF refused it, or answered an error: it was not created. */
  FAILED;

  /** True while the NEF may hold the subscription. */
  public boolean mayExistOnNef() {
    return this == PENDING_CREATE || this == ACTIVE || this == PENDING_DELETE;
  }
}
