package org.chorale.model;

import org.chorale.music.PianoRoll;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a model was made: its name, the data it saw (with a fingerprint of the exact pieces), the training seed,
 * the epochs behind it, the code that trained it, when, and its metrics at that point.
 */
public record Provenance(String modelId, String dataset, String datasetFingerprint, long seed, int epoch,
                         String codeVersion, long createdAtMillis, Map<String, Double> metrics) {

    public Provenance {
        modelId = Objects.requireNonNullElse(modelId, "");
        dataset = Objects.requireNonNullElse(dataset, "");
        datasetFingerprint = Objects.requireNonNullElse(datasetFingerprint, "");
        codeVersion = Objects.requireNonNullElse(codeVersion, "");
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
    }

    /** A model trained with {@code seed} and nothing else known yet. */
    public static Provenance ofSeed(long seed) {
        return new Provenance("", "", "", seed, 0, "", 0L, Map.of());
    }

    /** Hex SHA-256 (first 16 bytes) over the content hashes of {@code pieces}, in order. */
    public static String fingerprint(List<PianoRoll> pieces) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (PianoRoll p : pieces) md.update((p.contentHash() + "\n").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(java.util.Arrays.copyOf(md.digest(), 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public Provenance withModelId(String v) { return new Provenance(v, dataset, datasetFingerprint, seed, epoch, codeVersion, createdAtMillis, metrics); }
    public Provenance withDataset(String v) { return new Provenance(modelId, v, datasetFingerprint, seed, epoch, codeVersion, createdAtMillis, metrics); }
    public Provenance withDatasetFingerprint(String v) { return new Provenance(modelId, dataset, v, seed, epoch, codeVersion, createdAtMillis, metrics); }
    public Provenance withSeed(long v) { return new Provenance(modelId, dataset, datasetFingerprint, v, epoch, codeVersion, createdAtMillis, metrics); }
    public Provenance withEpoch(int v) { return new Provenance(modelId, dataset, datasetFingerprint, seed, v, codeVersion, createdAtMillis, metrics); }
    public Provenance withCodeVersion(String v) { return new Provenance(modelId, dataset, datasetFingerprint, seed, epoch, v, createdAtMillis, metrics); }
    public Provenance withCreatedAtMillis(long v) { return new Provenance(modelId, dataset, datasetFingerprint, seed, epoch, codeVersion, v, metrics); }
    public Provenance withMetrics(Map<String, Double> v) { return new Provenance(modelId, dataset, datasetFingerprint, seed, epoch, codeVersion, createdAtMillis, v); }

    /** These metrics plus (replacing) {@code extra}. */
    public Provenance withMetricsAdded(Map<String, Double> extra) {
        Map<String, Double> m = new TreeMap<>(metrics);
        m.putAll(extra);
        return withMetrics(m);
    }
}
