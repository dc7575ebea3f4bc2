package org.chorale.model;

import org.chorale.music.PianoRoll;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A training job, one epoch per call. Each epoch cuts every piece into chunks of {@code chunkLength} RBM steps,
 * shuffles them, and trains on minibatches of {@code batchSize} chunks side by side (u_0 = 0 at each chunk start,
 * short chunks padded and masked) with CD-k and BPTT ({@link CdBpttStep}), then SGD-with-momentum or Adam after
 * global gradient-norm clipping. With {@code pretrainEpochs > 0}, the first call first trains W, bv, bh as a plain
 * RBM on all frames.
 *
 * <p>Determinism: all randomness of epoch e (shuffle and Gibbs sampling) comes from generators seeded by
 * {@link #seedFor(long, long) seedFor(seed, e)}, never from a global RNG. The RNG state of a job is therefore just
 * (seed, epoch): a session resumed from a checkpoint runs the next epoch bit for bit as the original would have.
 *
 * <p>Not thread-safe: one session belongs to one thread.
 */
public final class TrainingSession {
    private static final Logger log = LoggerFactory.getLogger(TrainingSession.class);
    private static final long INIT_STREAM = Long.MIN_VALUE;

    private final ModelConfig config;
    private final DataType dtype;
    private final Parameters params;
    private final Optimizer optimizer;
    private final VisibleEncoding encoding;
    private Provenance provenance;
    private int epoch;

    private MinibatchBuffers buffers;
    private CdBpttStep step;
    private Parameters grad;
    private HostRows host;

    private TrainingSession(ModelConfig config, DataType dtype, Parameters params, Optimizer optimizer,
                            Provenance provenance) {
        this.config = config;
        this.dtype = dtype;
        this.params = params;
        this.optimizer = optimizer;
        this.encoding = new VisibleEncoding(config);
        this.provenance = provenance;
        this.epoch = provenance.epoch();
    }

    /** A new job in float32 with the paper's small random initialisation. */
    public static TrainingSession start(ModelConfig config, long seed) {
        return start(config, Provenance.ofSeed(seed), DataType.FLOAT);
    }

    public static TrainingSession start(ModelConfig config, long seed, DataType dtype) {
        return start(config, Provenance.ofSeed(seed), dtype);
    }

    /** A new job whose checkpoints will carry {@code provenance} (its seed seeds everything; epoch starts at 0). */
    public static TrainingSession start(ModelConfig config, Provenance provenance, DataType dtype) {
        config.validate();
        RnnRbm init = RnnRbm.random(config, seedFor(provenance.seed(), INIT_STREAM), dtype);
        return new TrainingSession(config, dtype, init.params().copy(), Optimizer.fresh(config, dtype),
                provenance.withEpoch(0));
    }

    /**
     * Sets the visible biases from the training corpus's marginals ({@link VisibleBiasInit}) before the first
     * epoch; an opt-in start for a fresh job (the paper and the default start from zero biases). The first
     * {@link #runEpoch} calls this itself when the config's {@code visibleBiasInit} is {@code corpus}.
     *
     * @throws IllegalStateException once an epoch has run
     */
    public void initVisibleBiasesFromCorpus(List<PianoRoll> train) {
        if (epoch != 0) throw new IllegalStateException("visible biases are initialised before the first epoch, not after epoch " + epoch);
        float[] bias = VisibleBiasInit.fromCorpus(config, train);
        params.get(Parameters.BV).assign(org.nd4j.linalg.factory.Nd4j.create(bias, new long[]{1, bias.length}).castTo(dtype));
    }

    /** Continues a job in float32 (checkpoints hold float32, so this is exact). */
    public static TrainingSession resume(Checkpoint checkpoint) {
        return resume(checkpoint, DataType.FLOAT);
    }

    public static TrainingSession resume(Checkpoint checkpoint, DataType dtype) {
        ModelConfig config = checkpoint.config().validate();
        Optimizer opt;
        if (Checkpoint.MODEL_ONLY.equals(checkpoint.optimizer())) opt = Optimizer.fresh(config, dtype);
        else if (checkpoint.optimizer().equals(config.optimizer()))
            opt = Optimizer.restore(config, checkpoint.optimizer(), checkpoint.optimizerStep(),
                    checkpoint.optimizerSlots(), dtype);
        else throw new IllegalArgumentException("checkpoint optimizer " + checkpoint.optimizer()
                    + " does not match its config's optimizer " + config.optimizer());
        return new TrainingSession(config, dtype, checkpoint.model().params().castTo(dtype), opt,
                checkpoint.provenance());
    }

    /** The seed of random stream {@code stream} of a job seeded {@code seed} (SplitMix64 finaliser). */
    public static long seedFor(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public ModelConfig config() { return config; }
    public long seed() { return provenance.seed(); }
    /** Epochs completed so far. */
    public int epoch() { return epoch; }
    public Provenance provenance() { return provenance; }

    /** Replaces the provenance (model id, dataset, code version, metrics...); seed and epoch stay the session's. */
    public void setProvenance(Provenance p) {
        this.provenance = p.withSeed(provenance.seed()).withEpoch(epoch);
    }

    /** An immutable snapshot of the current model. */
    public RnnRbm model() {
        return RnnRbm.wrap(config, params.copy(), provenance);
    }

    /** A checkpoint of the job now: model, optimizer state, (seed, epoch). */
    public Checkpoint checkpoint() {
        return new Checkpoint(model(), optimizer.kind, optimizer.step(), optimizer.slots());
    }

    /**
     * Trains one epoch (after the pre-training, on the first call, when configured) and returns its report.
     *
     * @throws TrainingDivergedException when a cost or gradient is not finite; the session is then unusable
     * @throws IllegalArgumentException  when every piece is empty
     */
    public EpochReport runEpoch(List<PianoRoll> train) {
        Objects.requireNonNull(train, "train");
        long start = System.nanoTime();
        List<int[][]> pieces = new ArrayList<>(train.size());
        for (PianoRoll roll : train) if (roll.length() > 0) pieces.add(encoding.activeUnits(roll));
        if (pieces.isEmpty()) throw new IllegalArgumentException("no training data: every piece is empty");
        ensureBuffers();
        if (epoch == 0) {
            if (ModelConfig.CORPUS_INIT.equals(config.visibleBiasInit())) initVisibleBiasesFromCorpus(train);
            for (int p = 0; p < config.pretrainEpochs(); p++) pretrainEpoch(pieces, p);
        }

        int number = epoch + 1;
        SplittableRandom shuffle = new SplittableRandom(seedFor(provenance.seed(), number));
        List<Chunk> chunks = chunks(pieces);
        shuffle(chunks, shuffle);
        double costSum = 0, normSum = 0;
        long steps = 0;
        int minibatches = 0;
        try (BernoulliSampler rng = new BernoulliSampler(shuffle.nextLong())) {
            for (int from = 0; from < chunks.size(); from += config.batchSize()) {
                List<Chunk> batch = chunks.subList(from, Math.min(chunks.size(), from + config.batchSize()));
                int real = host.fillChunks(batch, buffers);
                int T = batch.stream().mapToInt(Chunk::length).max().orElseThrow();
                step.forward(params, T);
                step.sampleNegatives(params, T, config.cdK(), rng);
                double cost = step.costAndGradient(params, T, grad, true, true);
                double norm = Math.sqrt(grad.squaredNorm());
                if (!Double.isFinite(cost) || !Double.isFinite(norm))
                    throw new TrainingDivergedException("training diverged in epoch " + number + ", minibatch "
                            + (minibatches + 1) + ": cost " + cost + ", gradient norm " + norm
                            + "; resume from the last checkpoint with a lower learning rate or gradient clipping");
                optimizer.update(params, grad, norm, config.learningRateAt(number), config.momentum(), config.gradientClip());
                normSum += norm;
                costSum += cost * real;
                steps += real;
                minibatches++;
            }
        }
        epoch = number;
        double seconds = (System.nanoTime() - start) / 1e9;
        EpochReport report = new EpochReport(epoch, costSum / steps, normSum / minibatches, steps, seconds);
        provenance = provenance.withEpoch(epoch).withMetricsAdded(Map.of(
                "trainCost", report.meanCost(), "gradientNorm", report.meanGradientNorm()));
        log.debug("epoch {}: cost {} gradient norm {} over {} steps in {} s", epoch, report.meanCost(),
                report.meanGradientNorm(), steps, seconds);
        return report;
    }

    /** One epoch of plain-RBM CD-k on all frames (shuffled), updating W, bv, bh only. */
    private void pretrainEpoch(List<int[][]> pieces, int p) {
        List<int[]> rows = new ArrayList<>();
        for (int[][] piece : pieces) rows.addAll(Arrays.asList(piece));
        SplittableRandom shuffle = new SplittableRandom(seedFor(provenance.seed(), -1L - p));
        shuffle(rows, shuffle);
        Optimizer rbmOptimizer = Optimizer.fresh(config, dtype);
        try (BernoulliSampler rng = new BernoulliSampler(shuffle.nextLong())) {
            for (int from = 0; from < rows.size(); from += buffers.maxRows) {
                List<int[]> batch = rows.subList(from, Math.min(rows.size(), from + buffers.maxRows));
                host.fillRows(batch, buffers);
                int T = (batch.size() + buffers.batch - 1) / buffers.batch;
                step.forwardRbmOnly(params, T);
                step.sampleNegatives(params, T, config.cdK(), rng);
                double cost = step.costAndGradient(params, T, grad, true, false);
                double norm = Math.sqrt(grad.squaredNorm());
                if (!Double.isFinite(cost) || !Double.isFinite(norm))
                    throw new TrainingDivergedException("RBM pre-training diverged in its epoch " + (p + 1)
                            + ": cost " + cost + ", gradient norm " + norm + "; lower the learning rate");
                rbmOptimizer.update(params, grad, norm, config.learningRate(), config.momentum(), config.gradientClip());
            }
        }
    }

    private void ensureBuffers() {
        if (buffers != null) return;
        buffers = new MinibatchBuffers(config, config.chunkLength(), config.batchSize(), dtype);
        step = new CdBpttStep(config, buffers);
        grad = Parameters.zeros(config, dtype);
        host = new HostRows(buffers, config.visibleSize());
    }

    /** Rows [start, start+length) of one encoded piece. */
    record Chunk(int[][] rows, int start, int length) {}

    private List<Chunk> chunks(List<int[][]> pieces) {
        List<Chunk> out = new ArrayList<>();
        int len = config.chunkLength();
        for (int[][] piece : pieces)
            for (int s = 0; s < piece.length; s += len) out.add(new Chunk(piece, s, Math.min(len, piece.length - s)));
        return out;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
