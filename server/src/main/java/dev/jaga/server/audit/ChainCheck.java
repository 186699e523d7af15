package dev.jaga.server.audit;

import dev.jaga.server.audit.AuditVerifier.Verification;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The verifier's reasoning over one pass of the chain, fed the events in order and the signed head
 * at each event's sequence, if any: it knows nothing of the database, so every rule is here.
 *
 * <p>The hash chain alone catches edits, deletions, reordering and insertions by someone who does
 * not recompute the hashes after them. Whoever can write the tables can recompute them, so every
 * verified event must also lie at or before a head that matches the recomputed chain and carries
 * a valid signature; a problem found at a head is reported at the first event after the last good
 * head, the earliest event that may have been changed.
 *
 * <p>A v2 event covers its actor and peer through a salted commitment: with the salt present they
 * must reproduce it; without (stripped by {@code jaga.strip_purged_tenant_audit}) they must hold
 * the erased marker, and the event's tenant must have been purged.
 */
final class ChainCheck {
  private final AuditKey key;
  private final String region;
  private final Set<String> purgedTenants;
  private long expected;
  private byte[] prev;
  private long checked;
  /** The last sequence known good: the anchor, then each verified head. */
  private long lastGoodHead;
  /** The last head verified in this pass; 0 if none. */
  private long verifiedHead;
  private Verification failure;

  /** A pass that starts at {@code from}, whose predecessor's hash is {@code anchor}. */
  ChainCheck(AuditKey key, String region, Set<String> purgedTenants, long from, byte[] anchor) {
    this.key = key;
    this.region = region;
    this.purgedTenants = Set.copyOf(purgedTenants);
    this.expected = from;
    this.prev = anchor;
    this.lastGoodHead = from - 1;
  }

  /** Whether every event so far lies at or before a verified signed head. */
  boolean covered() {
    return lastGoodHead == expected - 1;
  }

  boolean failed() {
    return failure != null;
  }

  /** Checks the next event and, if one was signed there, the head at its sequence. */
  void event(ChainedEvent e, Optional<SignedHead> head) {
    if (failure != null) {
      return;
    }
    if (e.sequence() != expected) {
      fail(expected, "sequence " + expected + " is missing");
      return;
    }
    if (!Arrays.equals(e.prevHash(), prev)) {
      fail(
          e.sequence(),
          "event " + e.sequence() + " does not follow event " + (e.sequence() - 1)
              + ": its previous hash is not that event's hash");
      return;
    }
    Optional<String> personal = personalFieldsProblem(e);
    if (personal.isPresent()) {
      fail(e.sequence(), personal.get());
      return;
    }
    byte[] computed =
        e.commitment() == null
            ? e.event().hash(e.sequence(), prev)
            : e.event().hash(e.sequence(), prev, e.commitment());
    if (!Arrays.equals(e.hash(), computed)) {
      fail(e.sequence(), "hash does not match the event's content");
      return;
    }
    checked++;
    expected++;
    prev = computed;
    head.ifPresent(h -> head(h, computed));
  }

  /** What is wrong with a v2 event's actor and peer against its commitment, if anything. */
  private Optional<String> personalFieldsProblem(ChainedEvent e) {
    if (e.commitment() == null) {
      return e.salt() == null
          ? Optional.empty()
          : Optional.of("event " + e.sequence() + " has a salt but no commitment");
    }
    if (e.salt() != null) {
      return MessageDigest.isEqual(e.event().commitment(e.salt()), e.commitment())
          ? Optional.empty()
          : Optional.of("actor or peer of event " + e.sequence() + " does not match its commitment");
    }
    if (!e.event().actor().equals(AuditEvent.ERASED) || !e.event().peer().equals(AuditEvent.ERASED)) {
      return Optional.of("event " + e.sequence() + " lost its salt but still holds actor and peer");
    }
    if (e.event().tenantId().map(purgedTenants::contains).orElse(false)) {
      return Optional.empty();
    }
    return Optional.of("event " + e.sequence() + " is stripped but its tenant was not purged");
  }

  /** Reports a row that is not a valid event at all (the table was written around its checks). */
  void unreadable(long sequence, String why) {
    if (failure == null && sequence != expected) {
      fail(expected, "sequence " + expected + " is missing");
    } else if (failure == null) {
      fail(sequence, "event " + sequence + " cannot be read: " + why);
    }
  }

  /** A signed head for a sequence that has no event: that event was deleted. */
  void orphanHead(SignedHead h) {
    if (failure == null) {
      fail(expected, "sequence " + expected + " is missing (a signed head at " + h.sequence()
          + " names it)");
    }
  }

  /** The outcome once the events to check are exhausted. */
  Verification result() {
    if (failure != null) {
      return failure;
    }
    if (!covered()) {
      long bad = lastGoodHead + 1;
      return new Verification(
          false,
          checked,
          bad,
          verifiedHead > 0
              ? "events after the last signed head " + verifiedHead
                  + " are not covered by a signature"
              : "no signed head covers the events from " + bad,
          verifiedHead);
    }
    return new Verification(true, checked, 0, "", verifiedHead);
  }

  private void head(SignedHead h, byte[] computed) {
    long suspect = lastGoodHead + 1;
    String span = suspect == h.sequence() ? "event " + suspect : "an event from " + suspect
        + " to " + h.sequence();
    if (!h.keyId().equals(key.keyId())) {
      fail(suspect, "signed head at " + h.sequence() + " names key " + h.keyId()
          + ", not this region's audit key " + key.keyId());
    } else if (!Arrays.equals(h.hash(), computed)) {
      fail(suspect, "signed head at " + h.sequence() + " does not match the chain ("
          + span + " was changed and the chain recomputed)");
    } else if (!key.verify(h.message(region), h.signature())) {
      fail(suspect, "the signature of the head at " + h.sequence()
          + " does not verify with the region's audit key");
    } else {
      lastGoodHead = h.sequence();
      verifiedHead = h.sequence();
    }
  }

  private void fail(long sequence, String problem) {
    failure = new Verification(false, checked, sequence, problem, verifiedHead);
  }
}
