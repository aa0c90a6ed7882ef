package io.qosb.nef.sim;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** The simulated NEF's memory: subscriptions, per-subscription counters, request and notification logs. */
final class SimState {

  /** A stored subscription; {@code body} includes {@code self}. */
  record Stored(String id, String scsAsId, String url, JsonObject body, boolean congested, Instant createdAt) {
  }

  private final Map<String, Stored> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> deletes = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  // a queue, not a copy-on-write list: a benchmark records tens of thousands of requests
  private final java.util.Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
  private final List<SentNotification> notifications = new CopyOnWriteArrayList<>();

  String nextId() {
    return "sub-" + sequence.incrementAndGet();
  }

  void put(Stored stored, boolean created) {
    subscriptions.put(stored.id(), stored);
    if (created) {
      creates.computeIfAbsent(stored.id(), k -> new AtomicInteger()).incrementAndGet();
    }
  }

  Optional<Stored> get(String scsAsId, String id) {
    return Optional.ofNullable(subscriptions.get(id)).filter(s -> s.scsAsId().equals(scsAsId));
  }

  Optional<Stored> remove(String id, boolean countAsDelete) {
    Stored removed = subscriptions.remove(id);
    if (removed != null && countAsDelete) {
      deletes.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }
    return Optional.ofNullable(removed);
  }

  List<Stored> of(String scsAsId) {
    return subscriptions.values().stream().filter(s -> s.scsAsId().equals(scsAsId))
        .sorted((a, b) -> a.createdAt().compareTo(b.createdAt())).toList();
  }

  int size() {
    return subscriptions.size();
  }

  List<String> ids() {
    return List.copyOf(subscriptions.keySet());
  }

  void clear() {
    subscriptions.clear();
  }

  Map<String, JsonObject> snapshot() {
    return subscriptions.values().stream().collect(Collectors.toUnmodifiableMap(Stored::id, s -> s.body().copy()));
  }

  int creates(String id) {
    AtomicInteger count = creates.get(id);
    return count == null ? 0 : count.get();
  }

  int deletes(String id) {
    AtomicInteger count = deletes.get(id);
    return count == null ? 0 : count.get();
  }

  int totalCreates() {
    return creates.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  void record(RecordedRequest request) {
    requests.add(request);
  }

  void record(SentNotification notification) {
    notifications.add(notification);
  }

  List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  List<SentNotification> notifications() {
    return List.copyOf(notifications);
  }
}
