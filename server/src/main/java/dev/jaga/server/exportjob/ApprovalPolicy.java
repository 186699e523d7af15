package dev.jaga.server.exportjob;

import dev.jaga.config.DataClass;
import dev.jaga.config.ExportSettings;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.export.ExportAccess;
import dev.jaga.server.export.ExportScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;

/**
 * Whether an export needs a second person (exports.yaml {@code approval}), and why: every reason
 * that applies is listed, for the approver and the requester to read.
 */
final class ApprovalPolicy {
  private final ExportSettings.Approval rules;
  private final ExportAccess access;
  private final ScopeEstimate estimate;

  @Inject
  ApprovalPolicy(RegionConfig config, ExportAccess access, ScopeEstimate estimate) {
    this.rules = config.exports().approval();
    this.access = access;
    this.estimate = estimate;
  }

  /** Empty when the export may run without approval. */
  List<String> reasons(ExportScope scope, Set<String> requesterRoles) {
    List<String> reasons = new ArrayList<>();
    if (rules.sensitiveClasses()) {
      Set<DataClass> classes = access.approvalClassesIn(scope);
      if (!classes.isEmpty()) {
        reasons.add("sensitive data classes: "
            + String.join(", ", classes.stream().map(DataClass::id).sorted().toList()));
      }
    }
    ScopeEstimate.Size size = estimate.of(scope);
    if (size.rows() > rules.maxRows()) {
      reasons.add("about " + size.rows() + " rows, over the " + rules.maxRows() + " that need no approval");
    }
    if (size.bytes() > rules.maxBytes()) {
      reasons.add("about " + size.bytes() + " bytes, over the " + rules.maxBytes() + " that need no approval");
    }
    Set<String> roles = new TreeSet<>(requesterRoles);
    roles.retainAll(rules.roles());
    if (!roles.isEmpty()) {
      reasons.add("requested with role " + String.join(", ", roles) + ", whose exports need approval");
    }
    return reasons;
  }
}
