package io.qosb.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DNS server on a loopback UDP port for tests: answers A and AAAA questions from a fixed table,
 * NXDOMAIN for names it does not know, and nothing at all for names it is told to ignore (or for
 * everything when {@code silent}). Records the names asked.
 */
final class FakeDns implements AutoCloseable {

  private final DatagramSocket socket;
  private final Map<String, List<InetAddress>> table = new ConcurrentHashMap<>();
  private final Set<String> ignored = ConcurrentHashMap.newKeySet();
  private final boolean silent;
  final List<String> asked = new CopyOnWriteArrayList<>();

  private FakeDns(boolean silent) throws IOException {
    this.silent = silent;
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread t = new Thread(this::serve, "fake-dns");
    t.setDaemon(true);
    t.start();
  }

  /** A server that answers from its table. */
  static FakeDns answering() throws IOException {
    return new FakeDns(false);
  }

  /** A server that never answers. */
  static FakeDns silent() throws IOException {
    return new FakeDns(true);
  }

  FakeDns answer(String name, String... addresses) throws IOException {
    List<InetAddress> list = new java.util.ArrayList<>();
    for (String a : addresses) {
      list.add(InetAddress.getByName(a));
    }
    table.put(name.toLowerCase(Locale.ROOT), list);
    ignored.remove(name.toLowerCase(Locale.ROOT));
    return this;
  }

  /** Answers nothing for this name until {@link #answer} names it. */
  FakeDns ignore(String name) {
    ignored.add(name.toLowerCase(Locale.ROOT));
    return this;
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  private void serve() {
    byte[] buffer = new byte[1500];
    while (!socket.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        socket.receive(p);
        byte[] reply = reply(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        if (reply != null) {
          socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
        }
      } catch (IOException | RuntimeException e) {
        if (socket.isClosed()) {
          return;
        }
      }
    }
  }

  private byte[] reply(byte[] query) {
    StringBuilder name = new StringBuilder();
    int i = 12;
    while (query[i] != 0) {
      int len = query[i];
      name.append(name.length() > 0 ? "." : "").append(new String(query, i + 1, len, java.nio.charset.StandardCharsets.US_ASCII));
      i += len + 1;
    }
    int type = ((query[i + 1] & 0xff) << 8) | (query[i + 2] & 0xff);
    int questionEnd = i + 5;
    String asking = name.toString().toLowerCase(Locale.ROOT);
    asked.add(asking);
    if (silent || ignored.contains(asking)) {
      return null;
    }
    List<InetAddress> known = table.get(asking);
    List<InetAddress> answers = known == null ? List.of()
        : known.stream().filter(a -> (type == 1) == (a instanceof Inet4Address) && (type == 1 || type == 28)).toList();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(query[0]);
    out.write(query[1]);
    out.write(0x81 | (query[2] & 0x78)); // QR, opcode, RD
    out.write(known == null ? 0x83 : 0x80); // RA; NXDOMAIN for unknown names
    out.write(0);
    out.write(1);
    out.write(0);
    out.write(answers.size());
    out.write(0);
    out.write(0);
    out.write(0);
    out.write(0);
    out.write(query, 12, questionEnd - 12);
    for (InetAddress a : answers) {
      byte[] data = a.getAddress();
      out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, (byte) type, 0, 1, 0, 0, 0, 60, 0, (byte) data.length});
      out.writeBytes(data);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    socket.close();
  }
}
