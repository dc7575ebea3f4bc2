package org.chorale.model;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * All hyperparameters of an RNN-RBM, immutable. Mirrors the Avro record {@code org.chorale.events.Hyperparameters}
 * field for field (same names, same defaults: the paper's setting), so a worker converts one into the other by name.
 *
 * <p>The canonical constructor does not validate, so that {@code withX} chains may pass through intermediate
 * states; {@link #validate()} checks the whole and is called by everything that builds or trains a model.
 */
public record ModelConfig(
        int lowestPitch, int pitchCount, int stepsPerQuarter, int stepsPerRbm, boolean onsets,
        int hidden, int recurrent, String recurrence, int cdK, String optimizer,
        double learningRate, double momentum, int batchSize, int chunkLength, double gradientClip,
        double weightInitStd, int pretrainEpochs, int epochs, int patience, int validationSamples,
        String visibleBiasInit, int learningRateDecayEpochs) {

    public static final String TANH = "tanh";
    public static final String SIGMOID = "sigmoid";
    /** The write-up's suggested variant: an LSTM cell (input, forget, output gates) in place of u = f(.). */
    public static final String LSTM = "lstm";
    public static final String SGD = "sgd";
    public static final String ADAM = "adam";
    /** Visible biases start at 0: every key sounds half the time (the paper, the Theano tutorial). */
    public static final String ZERO_INIT = "zero";
    /** Visible biases start at the training corpus's per-unit log-odds (Hinton's practical guide, section 8.1). */
    public static final String CORPUS_INIT = "corpus";

    public ModelConfig {
        recurrence = recurrence == null ? TANH : recurrence.toLowerCase(Locale.ROOT);
        optimizer = optimizer == null ? SGD : optimizer.toLowerCase(Locale.ROOT);
        visibleBiasInit = visibleBiasInit == null ? ZERO_INIT : visibleBiasInit.toLowerCase(Locale.ROOT);
    }

    /** The paper's configuration (Boulanger-Lewandowski et al. 2012): 88 keys, one step per RBM, 150 hidden,
     *  100 recurrent, CD-15, SGD lr 0.001. */
    public static ModelConfig paper() {
        return new ModelConfig(21, 88, 4, 1, false, 150, 100, TANH, 15, SGD, 0.001, 0.9, 16, 100, 5.0, 0.01,
                0, 20, 0, 10, ZERO_INIT, 0);
    }

    /** The write-up's windowed form: MIDI 24..101 (78 pitches), 5 frames per RBM with onset bits
     *  (780 visible units), 50 hidden, 100 recurrent, CD-15, lr 0.01. */
    public static ModelConfig writeUp() {
        return paper().withLowestPitch(24).withPitchCount(78).withStepsPerRbm(5).withOnsets(true).withHidden(50)
                .withLearningRate(0.01);
    }

    /** n_v: visible units of one RBM = stepsPerRbm * pitchCount * (onsets ? 2 : 1). */
    public int visibleSize() { return stepsPerRbm * framePitchUnits(); }

    /** Units one frame occupies inside a visible row: the play bits, then (with onsets) the onset bits. */
    public int framePitchUnits() { return pitchCount * (onsets ? 2 : 1); }

    /** True when the RNN uses the logistic sigmoid instead of tanh. */
    public boolean sigmoidRecurrence() { return SIGMOID.equals(recurrence); }

    /** True when the RNN is an LSTM: u_t = o * tanh(c_t), c_t = f * c_{t-1} + i * g. */
    public boolean lstmRecurrence() { return LSTM.equals(recurrence); }

    /**
     * Columns of Wvu, Wuu and bu: n_u for tanh/sigmoid; 4 n_u for the LSTM, whose gates' pre-activations are stacked
     * side by side as [input | forget | output | candidate].
     */
    public int recurrentInputs() { return lstmRecurrence() ? 4 * recurrent : recurrent; }

    /** Checks every field; returns this so it can be chained. */
    public ModelConfig validate() {
        require(lowestPitch >= 0 && pitchCount > 0 && lowestPitch + pitchCount <= 128,
                "pitch range " + lowestPitch + "+" + pitchCount + " must lie inside MIDI 0..127");
        require(stepsPerQuarter > 0, "stepsPerQuarter must be positive, got " + stepsPerQuarter);
        require(stepsPerRbm > 0 && stepsPerRbm <= 64, "stepsPerRbm must be in 1..64, got " + stepsPerRbm);
        require(hidden > 0 && hidden <= 100_000, "hidden must be in 1..100000, got " + hidden);
        require(recurrent > 0 && recurrent <= 100_000, "recurrent must be in 1..100000, got " + recurrent);
        require(TANH.equals(recurrence) || SIGMOID.equals(recurrence) || LSTM.equals(recurrence),
                "recurrence must be tanh, sigmoid or lstm, got " + recurrence);
        require(cdK > 0 && cdK <= 10_000, "cdK must be in 1..10000, got " + cdK);
        require(SGD.equals(optimizer) || ADAM.equals(optimizer), "optimizer must be sgd or adam, got " + optimizer);
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be positive, got " + learningRate);
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        require(batchSize > 0 && batchSize <= 100_000, "batchSize must be in 1..100000, got " + batchSize);
        require(chunkLength > 0 && chunkLength <= 1_000_000, "chunkLength must be in 1..1000000, got " + chunkLength);
        require(gradientClip >= 0 && Double.isFinite(gradientClip), "gradientClip must be >= 0 (0 disables), got " + gradientClip);
        require(weightInitStd > 0 && Double.isFinite(weightInitStd), "weightInitStd must be positive, got " + weightInitStd);
        require(pretrainEpochs >= 0, "pretrainEpochs must be >= 0, got " + pretrainEpochs);
        require(epochs >= 0, "epochs must be >= 0, got " + epochs);
        require(patience >= 0, "patience must be >= 0, got " + patience);
        require(validationSamples >= 0, "validationSamples must be >= 0, got " + validationSamples);
        require(ZERO_INIT.equals(visibleBiasInit) || CORPUS_INIT.equals(visibleBiasInit),
                "visibleBiasInit must be zero or corpus, got " + visibleBiasInit);
        require(learningRateDecayEpochs >= 0 && learningRateDecayEpochs <= epochs,
                "learningRateDecayEpochs must be in 0..epochs (" + epochs + "), got " + learningRateDecayEpochs);
        return this;
    }

    /**
     * The step size of epoch {@code epochNumber} (1-based): {@code learningRate}, and a tenth of it in the last
     * {@code learningRateDecayEpochs} of the job's {@code epochs}. Why: on a small corpus the model at the end of a
     * run at full step size depends strongly on the seed; ending with smaller steps made five seeds agree
     * (docs/results.md, Compositions). Pre-training always uses {@code learningRate}.
     */
    public double learningRateAt(int epochNumber) {
        // epochs past the job's (a session run longer than configured) stay in the decayed tail, if there is one
        boolean decayed = learningRateDecayEpochs > 0 && epochNumber > epochs - learningRateDecayEpochs;
        return decayed ? learningRate * 0.1 : learningRate;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("invalid model config: " + message);
    }

    /** Field name to value (Integer, Boolean, String, Double), in declaration order: the checkpoint header. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lowestPitch", lowestPitch); m.put("pitchCount", pitchCount); m.put("stepsPerQuarter", stepsPerQuarter);
        m.put("stepsPerRbm", stepsPerRbm); m.put("onsets", onsets); m.put("hidden", hidden);
        m.put("recurrent", recurrent); m.put("recurrence", recurrence); m.put("cdK", cdK);
        m.put("optimizer", optimizer); m.put("learningRate", learningRate); m.put("momentum", momentum);
        m.put("batchSize", batchSize); m.put("chunkLength", chunkLength); m.put("gradientClip", gradientClip);
        m.put("weightInitStd", weightInitStd); m.put("pretrainEpochs", pretrainEpochs); m.put("epochs", epochs);
        m.put("patience", patience); m.put("validationSamples", validationSamples);
        m.put("visibleBiasInit", visibleBiasInit); m.put("learningRateDecayEpochs", learningRateDecayEpochs);
        return m;
    }

    /** The inverse of {@link #toMap()}; a missing field takes the paper's default, an unknown one is ignored
     *  (so configs written by a newer version with extra fields still load). */
    public static ModelConfig fromMap(Map<String, ?> m) {
        ModelConfig d = paper();
        return new ModelConfig(
                intOf(m, "lowestPitch", d.lowestPitch), intOf(m, "pitchCount", d.pitchCount),
                intOf(m, "stepsPerQuarter", d.stepsPerQuarter), intOf(m, "stepsPerRbm", d.stepsPerRbm),
                boolOf(m, "onsets", d.onsets), intOf(m, "hidden", d.hidden), intOf(m, "recurrent", d.recurrent),
                strOf(m, "recurrence", d.recurrence), intOf(m, "cdK", d.cdK), strOf(m, "optimizer", d.optimizer),
                dblOf(m, "learningRate", d.learningRate), dblOf(m, "momentum", d.momentum),
                intOf(m, "batchSize", d.batchSize), intOf(m, "chunkLength", d.chunkLength),
                dblOf(m, "gradientClip", d.gradientClip), dblOf(m, "weightInitStd", d.weightInitStd),
                intOf(m, "pretrainEpochs", d.pretrainEpochs), intOf(m, "epochs", d.epochs),
                intOf(m, "patience", d.patience), intOf(m, "validationSamples", d.validationSamples),
                strOf(m, "visibleBiasInit", d.visibleBiasInit),
                intOf(m, "learningRateDecayEpochs", d.learningRateDecayEpochs));
    }

    private static int intOf(Map<String, ?> m, String k, int def) {
        Object v = m.get(k);
        if (v == null) return def;
        if (v instanceof Number n && n.doubleValue() == n.intValue()) return n.intValue();
        throw new IllegalArgumentException("config field " + k + " must be an integer, got " + v);
    }

    private static double dblOf(Map<String, ?> m, String k, double def) {
        Object v = m.get(k);
        if (v == null) return def;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("config field " + k + " must be a number, got " + v);
    }

    private static boolean boolOf(Map<String, ?> m, String k, boolean def) {
        Object v = m.get(k);
        if (v == null) return def;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException("config field " + k + " must be a boolean, got " + v);
    }

    private static String strOf(Map<String, ?> m, String k, String def) {
        Object v = m.get(k);
        return v == null ? def : Objects.toString(v);
    }

    public ModelConfig withLowestPitch(int v) { return new ModelConfig(v, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withPitchCount(int v) { return new ModelConfig(lowestPitch, v, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    /** Both ends of the pitch range at once. */
    public ModelConfig withRange(int lowest, int count) { return withLowestPitch(lowest).withPitchCount(count); }
    public ModelConfig withStepsPerQuarter(int v) { return new ModelConfig(lowestPitch, pitchCount, v, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withStepsPerRbm(int v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, v, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withOnsets(boolean v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, v, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withHidden(int v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, v, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withRecurrent(int v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, v, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withRecurrence(String v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, v, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withCdK(int v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, v, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withOptimizer(String v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, v, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withLearningRate(double v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, v, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withMomentum(double v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, v, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withBatchSize(int v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, v, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withChunkLength(int v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, v, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withGradientClip(double v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, v, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withWeightInitStd(double v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, v, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withPretrainEpochs(int v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, v, epochs, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withEpochs(int v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, v, patience, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withPatience(int v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, v, validationSamples, visibleBiasInit, learningRateDecayEpochs); }
    public ModelConfig withLearningRateDecayEpochs(int v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, visibleBiasInit, v); }
    public ModelConfig withVisibleBiasInit(String v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, validationSamples, v, learningRateDecayEpochs); }
    public ModelConfig withValidationSamples(int v) { return new ModelConfig(lowestPitch, pitchCount, stepsPerQuarter, stepsPerRbm, onsets, hidden, recurrent, recurrence, cdK, optimizer, learningRate, momentum, batchSize, chunkLength, gradientClip, weightInitStd, pretrainEpochs, epochs, patience, v, visibleBiasInit, learningRateDecayEpochs); }
}
