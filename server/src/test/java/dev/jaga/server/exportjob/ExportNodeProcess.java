package dev.jaga.server.exportjob;

import dev.jaga.server.app.Node;
import java.nio.file.Path;

/**
 * A second node of id-jkt in a JVM of its own, for the test that kills a node with SIGKILL
 * mid-job: it shares the first node's database and archive store, runs on the real clock, and its
 * producer holds every job until the process is killed. It prints its endpoint once serving.
 */
public final class ExportNodeProcess {
  private ExportNodeProcess() {}

  /** Arguments: the data root of the test's nodes, and the first node's JDBC URL. */
  public static void main(String[] args) throws InterruptedException {
    ExportNodes nodes = new ExportNodes(ExportNodes.SETTINGS, Path.of(args[0]));
    Node node = nodes.another(args[1], inner -> new GatedProducer(inner));
    System.out.println("SERVING " + node.region().grpc().endpoint() + " " + node.exportWorker().node());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
