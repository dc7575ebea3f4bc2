package org.chorale.generator;

import org.chorale.music.PianoRoll;

/**
 * A composition request checked and resolved against its model: every length in time steps of the model's grid,
 * every default filled in, the seed fixed. Everything the composer needs and nothing it has to check again.
 *
 * @param primer the primer on the model's grid and range, or null to start from silence
 * @param scale  the key constraint, or null for all pitches
 */
record CompositionPlan(
        String requestId, String modelId, long modelVersion,
        int steps, PianoRoll primer, boolean includePrimer, int count,
        int gibbsSteps, double temperature, boolean meanFieldFinal, double minNoteProbability, long seed,
        double qpm, int timeSignatureNumerator, int timeSignatureDenominator,
        int program, int velocity, Scale scale) {

    /** The name written into piece {@code piece}'s file: no request id, so equal music gives equal bytes. */
    String titleFor(int piece) {
        return modelId + " v" + modelVersion + " seed " + (seed + piece);
    }

    /** The text meta event written into every file, so a piece says how it was made (not the count: piece i of
     *  several equals a one-piece request with seed + i, byte for byte). */
    String metadataFor(int piece) {
        return "chorale model=" + modelId + " version=" + modelVersion + " seed=" + (seed + piece) + " steps=" + steps
                + " gibbs=" + gibbsSteps + " temperature=" + temperature + " meanFieldFinal=" + meanFieldFinal
                + (minNoteProbability > 0 ? " minNoteProbability=" + minNoteProbability : "")
                + " primer=" + (primer == null ? "none" : primer.length() + "steps") + " includePrimer=" + includePrimer
                + " scale=" + (scale == null ? "none" : scale.tonic() + ":" + scale.mode().name().toLowerCase(java.util.Locale.ROOT))
                + " qpm=" + qpm + " timeSignature=" + timeSignatureNumerator + "/" + timeSignatureDenominator
                + " program=" + program + " velocity=" + velocity;
    }
}
