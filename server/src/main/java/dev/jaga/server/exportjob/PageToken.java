package dev.jaga.server.exportjob;

import dev.jaga.server.grpc.JagaException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a page of ListExports ended: the last export's creation time and id (newest first). */
record PageToken(Instant createdAt, String exportId) {
  private static final Pattern FORM = Pattern.compile("^v1:(-?\\d{1,19}):(\\d{1,9}):([0-9a-f]{32})$");

  String encode() {
    String raw = "v1:" + createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + exportId;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Empty for the first page; INVALID_ARGUMENT for anything this server did not hand out. */
  static Optional<PageToken> decode(String token) {
    if (token.isEmpty()) {
      return Optional.empty();
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      Matcher m = FORM.matcher(raw);
      if (m.matches()) {
        return Optional.of(new PageToken(
            Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))), m.group(3)));
      }
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      // falls through to the refusal below
    }
    throw JagaException.invalidField("page_token", "not a token this server gave; send next_page_token as received,"
        + " or nothing for the first page");
  }
}
