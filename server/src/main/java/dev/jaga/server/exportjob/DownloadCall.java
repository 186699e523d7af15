package dev.jaga.server.exportjob;

import com.google.protobuf.ByteString;
import dev.jaga.api.v1.DownloadChunk;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One archive download under manual flow control: a chunk is read from the file only when the
 * transport can take it, so memory stays flat however slow the client; a cancelled or broken call
 * closes the file at once. gRPC runs one call's handlers one at a time.
 */
final class DownloadCall {
  static final int CHUNK_BYTES = 256 * 1024;
  private static final Logger log = LoggerFactory.getLogger(DownloadCall.class);

  private final ServerCallStreamObserver<DownloadChunk> out;
  private final ArchiveDownloads.Admitted admitted;
  private final ByteString sha256;
  private FileChannel file;
  private long position;
  private boolean done;

  DownloadCall(ServerCallStreamObserver<DownloadChunk> out, ArchiveDownloads.Admitted admitted) {
    this.out = out;
    this.admitted = admitted;
    this.sha256 = ByteString.copyFrom(admitted.sha256());
    this.position = admitted.offset();
  }

  void start() throws IOException {
    file = FileChannel.open(admitted.file(), StandardOpenOption.READ);
    out.setOnCancelHandler(this::release);
    out.setOnCloseHandler(this::release);
    out.setOnReadyHandler(this::drain);
  }

  private void drain() {
    if (done) {
      return;
    }
    try {
      while (out.isReady() && !done) {
        if (position >= admitted.size()) {
          done = true;
          release();
          out.onCompleted();
          return;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, admitted.size() - position));
        while (buffer.hasRemaining()) {
          if (file.read(buffer, position + buffer.position()) < 0) {
            throw new IOException("the archive is shorter than recorded");
          }
        }
        buffer.flip();
        out.onNext(DownloadChunk.newBuilder()
            .setOffset(position)
            .setData(ByteString.copyFrom(buffer))
            .setTotalBytes(admitted.size())
            .setArchiveSha256(sha256)
            .build());
        position += buffer.limit();
      }
    } catch (IOException | RuntimeException e) {
      done = true;
      release();
      log.warn("download of {} failed at {}: {}", admitted.file().getFileName(), position, e.toString());
      out.onError(new IllegalStateException("the archive could not be read", e));
    }
  }

  private void release() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        log.debug("closing {}: {}", admitted.file(), e.toString());
      }
    }
  }
}
