package dev.jaga.server.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a node whose connections can be broken at once (closed with a reset),
 * as a crashed client machine or a failed network would: no RST_STREAM, no goodbye.
 */
final class BreakableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  BreakableProxy(String targetHostPort) throws IOException {
    int colon = targetHostPort.lastIndexOf(':');
    target = new InetSocketAddress(targetHostPort.substring(0, colon), Integer.parseInt(targetHostPort.substring(colon + 1)));
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "breakable-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  String endpoint() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** Resets every connection relayed so far. */
  void breakConnections() {
    for (Socket s : sockets) {
      try {
        s.setSoLinger(true, 0);
        s.close();
      } catch (IOException ignored) {
        // Already gone.
      }
    }
    sockets.clear();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        sockets.add(client);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
        }
      } catch (IOException ignored) {
        // One side broke: the other is closed below.
      }
      try {
        to.setSoLinger(true, 0);
        to.close();
      } catch (IOException ignored) {
        // Already closed.
      }
    }, "breakable-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    breakConnections();
  }
}
