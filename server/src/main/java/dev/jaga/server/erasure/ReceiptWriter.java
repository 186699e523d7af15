package dev.jaga.server.erasure;

import com.google.protobuf.Timestamp;
import dev.jaga.api.v1.ColumnRuleApplied;
import dev.jaga.api.v1.EntityErasure;
import dev.jaga.api.v1.ErasureReceipt;
import dev.jaga.api.v1.Retention;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.ErasureAction;
import dev.jaga.server.erasure.EntityPlan.Fate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Turns plans into the receipt's per-entity lines, with retentions explained in plain words. */
final class ReceiptWriter {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

  private ReceiptWriter() {}

  static ErasureReceipt.Builder entities(ErasureReceipt.Builder receipt, List<EntityPlan> plans) {
    for (EntityPlan plan : plans) {
      EntityErasure.Builder line = EntityErasure.newBuilder().setEntity(plan.entity().name());
      switch (plan.fate()) {
        case DELETE -> line.setRowsDeleted(plan.rows());
        case ANONYMIZE -> line.setRowsAnonymized(plan.rows());
        case RETAIN -> line.setRowsRetained(plan.rows());
      }
      for (ColumnRule column : plan.entity().columns().values()) {
        line.addColumns(ColumnRuleApplied.newBuilder().setColumn(column.column()).setRule(column.erase().toString()));
      }
      if (plan.fate() == Fate.RETAIN && plan.rows() > 0) {
        String basis = String.join("; ", plan.bases());
        line.addRetentions(Retention.newBuilder()
            .setRows(plan.rows())
            .setRetainUntil(timestamp(plan.retainUntil().orElseThrow()))
            .setLegalBasis(basis)
            .setExplanation(explanation(plan, basis)));
      }
      receipt.addEntities(line);
    }
    return receipt;
  }

  /** A sentence the data subject can read: what is kept, until when, why, and what was removed. */
  static String explanation(EntityPlan plan, String basis) {
    String what = plan.rows() == 1 ? "1 record" : plan.rows() + " records";
    String unlinked = plan.entity().columns().values().stream()
        .anyMatch(c -> c.erase() instanceof ErasureAction.Anonymize)
        ? " The link from them to your account is removed." : "";
    return "We keep " + what + " of " + plan.entity().name().replace('_', ' ') + " until "
        + DATE.format(plan.retainUntil().orElseThrow().atOffset(ZoneOffset.UTC))
        + " because the law requires it (" + basis + "). They are used for nothing else and are deleted"
        + " when that period ends." + unlinked;
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
