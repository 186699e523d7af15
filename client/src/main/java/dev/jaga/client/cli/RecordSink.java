package dev.jaga.client.cli;

import dev.jaga.api.v1.RecordBatch;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.client.export.ExportCheckpoint;
import java.io.IOException;
import java.io.OutputStream;

/** Where the command writes verified record batches as they arrive. */
interface RecordSink extends AutoCloseable {
  void write(RecordBatch batch) throws IOException;

  /** Told after each batch is written where the export stands; a sink that can resume saves it. */
  default void checkpoint(StreamExportRequest request, ExportCheckpoint checkpoint) throws IOException {}

  /** Called once the export is complete and verified. */
  void finish(ExportReport report) throws IOException;

  @Override
  void close() throws IOException;

  /** Every record line to one stream (stdout), nothing else; the stream is flushed, not closed. */
  static RecordSink lines(OutputStream out) {
    return new RecordSink() {
      @Override
      public void write(RecordBatch batch) throws IOException {
        batch.getJsonl().writeTo(out);
      }

      @Override
      public void finish(ExportReport report) throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }
}
