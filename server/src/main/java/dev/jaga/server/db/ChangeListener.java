package dev.jaga.server.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on one PostgreSQL notification channel over a connection of its own, for the node's
 * life, and hands every payload to a {@link Handler}. Whenever it is not certain to be hearing
 * every notification (before the first {@code LISTEN}, after a lost connection, at close) it says
 * so first, so that whatever the handler keeps can be dropped rather than go stale unnoticed.
 */
public final class ChangeListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
  private static final int POLL_MILLIS = 500;
  /** A quiet connection is checked this often: a dead one must not pass for a silent channel. */
  private static final Duration PING_AFTER = Duration.ofSeconds(2);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /** What the listener reports. */
  public interface Handler {
    /** A change announced on the channel, after its transaction committed. */
    void changed(String payload);

    /**
     * {@code true} once every later change will be reported; {@code false} as soon as that is no
     * longer certain. Changes in between may have been missed.
     */
    void listening(boolean listening);
  }

  private final RegionDatabase database;
  private final String channel;
  private final Handler handler;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection connection;

  public ChangeListener(RegionDatabase database, String channel, Handler handler) {
    if (!channel.matches("[a-z_]+")) {
      throw new IllegalArgumentException("a channel name is lower-case letters and '_': " + channel);
    }
    this.database = database;
    this.channel = channel;
    this.handler = handler;
    this.thread = new Thread(this::run, "jaga-listen-" + channel);
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    Connection open = connection;
    if (open != null) {
      try {
        open.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    handler.listening(false);
  }

  private void run() {
    while (!closed) {
      try (Connection c = database.openDedicated("jaga-listen-" + channel)) {
        connection = c;
        try (Statement listen = c.createStatement()) {
          listen.execute("listen " + channel);
        }
        handler.listening(true);
        relay(c);
      } catch (SQLException | RuntimeException e) {
        handler.listening(false);
        if (!closed) {
          log.warn("not hearing {} ({}); retrying in {} s", channel, e.getMessage(), RETRY_AFTER.toSeconds());
          sleep();
        }
      } finally {
        connection = null;
      }
    }
  }

  private void relay(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    long quietSince = System.nanoTime();
    while (!closed) {
      PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
      if (notifications != null && notifications.length > 0) {
        for (PGNotification n : notifications) {
          handler.changed(n.getParameter());
        }
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > PING_AFTER.toNanos()) {
        try (Statement ping = c.createStatement()) {
          ping.execute("select 1");
        }
        quietSince = System.nanoTime();
      }
    }
  }

  private void sleep() {
    try {
      Thread.sleep(RETRY_AFTER.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }
}
