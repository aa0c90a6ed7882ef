package io.qosb.nef;

/**
 * Where network events go after they were applied and recorded: the port the event relay (CloudEvents
 * to the developers' sinks) plugs into. Called on the event loop; must not block.
 */
@FunctionalInterface
public interface NetworkEventListener {

  void onEvent(NetworkEvent event);

  /** A listener that drops every event (they stay recorded on the subscription record). */
  static NetworkEventListener none() {
    return event -> { };
  }
}
