package dev.jaga.client.export;

/**
 * How far an export stream has got, counting only verified batches.
 *
 * @param batches record batches received and verified
 * @param records records in them
 * @param bytes bytes of JSON lines in them
 * @param entity the entity of the latest batch, empty before the first
 * @param resumptions calls started again after a transient failure
 */
public record StreamProgress(
    long batches, long records, long bytes, String entity, int resumptions) {}
