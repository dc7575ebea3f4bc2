package org.chorale.bench;

import com.sun.management.OperatingSystemMXBean;
import org.chorale.model.Backend;
import org.chorale.model.ModelConfig;
import org.chorale.model.RnnRbm;
import org.chorale.model.SampleSettings;
import org.chorale.model.Sampler;
import org.chorale.model.TrainingSession;
import org.chorale.music.PianoRoll;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Training and sampling throughput of the RNN-RBM, against the GEMM roofline of the same shapes, in one run:
 * the paper's form (88 visible, 150 hidden, 100 recurrent, CD-15, 16 chunks x 100 steps) and the write-up's
 * windowed form (5 frames x 78 pitches x (play, onset) = 780 visible, 50 hidden, 100 recurrent).
 *
 * <p>The FLOPs of an epoch are counted analytically (GEMMs only: CD-k, gradients, RNN; element-wise work is not
 * counted, though it takes time). The roofline is {@code Nd4j.gemm} into preallocated outputs on every GEMM shape
 * one minibatch runs, timed alone. Every figure is given per wall-clock second and per CPU second of this process:
 * on cores shared with other busy processes only the second means much (the load average is printed too).
 *
 * <p>Run with {@code OPENBLAS_CORETYPE} set where OpenBLAS does not know the CPU (e.g. Haswell on Zen 5).
 * {@code --json} prints one JSON object instead of text; {@code --quick} shortens the run; {@code --threads N} caps
 * ND4J's threads (see {@link Backend#limitThreads}).
 */
public final class TrainingBench {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private TrainingBench() {}

    /** Wall-clock and process CPU seconds of some work. */
    record Timing(double wall, double cpu) {
        static Timing of(Runnable work) {
            long w = System.nanoTime(), c = OS.getProcessCpuTime();
            work.run();
            return new Timing((System.nanoTime() - w) / 1e9, (OS.getProcessCpuTime() - c) / 1e9);
        }

        Timing per(int n) { return new Timing(wall / n, cpu / n); }

        /** The median by wall time (a middle round, with its own CPU time). */
        static Timing median(List<Timing> timings) {
            List<Timing> sorted = new ArrayList<>(timings);
            sorted.sort(java.util.Comparator.comparingDouble(Timing::wall));
            return sorted.get(sorted.size() / 2);
        }

        static Timing best(List<Timing> timings) {
            return timings.stream().min(java.util.Comparator.comparingDouble(Timing::wall)).orElseThrow();
        }
    }

    public static void main(String[] args) {
        List<String> argList = List.of(args);
        boolean json = argList.contains("--json");
        boolean quick = argList.contains("--quick");
        int threadsAt = argList.indexOf("--threads");
        if (threadsAt >= 0) Backend.limitThreads(Integer.parseInt(argList.get(threadsAt + 1)));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("openblasCoretype", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
        results.put("ompNumThreads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        results.put("cores", Runtime.getRuntime().availableProcessors());
        results.put("nd4jThreads", Backend.threads());
        results.put("loadAverageBefore", OS.getSystemLoadAverage());
        if (!json) System.out.printf(Locale.ROOT, "%d cores, ND4J threads %d, OPENBLAS_CORETYPE=%s, load average %.2f%n",
                results.get("cores"), results.get("nd4jThreads"), results.get("openblasCoretype"),
                results.get("loadAverageBefore"));
        results.put("paper", run("paper", ModelConfig.paper(), quick, json));
        results.put("writeUp", run("write-up", ModelConfig.writeUp().withLearningRate(0.001), quick, json));
        results.put("loadAverageAfter", OS.getSystemLoadAverage());
        if (json) System.out.println(toJson(results));
        else System.out.printf(Locale.ROOT, "load average after: %.2f%n", results.get("loadAverageAfter"));
    }

    /**
     * Measures one configuration (training steps/s, achieved GFLOP/s, the GEMM roofline of the same shapes,
     * sampling time) and returns the figures by name; prints them unless {@code json}. Other benchmarks that put
     * these figures beside their own (the fleet's speed table) call this.
     */
    public static Map<String, Object> run(String label, ModelConfig c, boolean quick, boolean json) {
        int nv = c.visibleSize(), nh = c.hidden(), nu = c.recurrent(), k = c.cdK();
        int rowsPerBatch = c.batchSize() * c.chunkLength();
        // One minibatch per epoch, so that a training minibatch and the GEMMs of one minibatch can be timed turn
        // about: on a shared machine the load changes within seconds, and measuring one side after the other
        // measured the load as much as the code.
        List<PianoRoll> data = syntheticRolls(c, c.batchSize(), c.chunkLength() * c.stepsPerRbm());
        TrainingSession session = TrainingSession.start(c, 1);
        // The same training with every element-wise step as ND4J's ops (chorale.hostLoops=false: the chain's
        // sampling, the recurrences, sigmoids and softplus), for comparison; the switch is read per epoch.
        TrainingSession nd4jOps = TrainingSession.start(c, 1);
        GemmShapes gemms = new GemmShapes(rowsPerBatch, c.batchSize(), c.chunkLength(), nv, nh, nu, k);
        for (int i = 0; i < 3; i++) { // warm-up: JIT, buffers, BLAS threads
            session.runEpoch(data);
            gemms.minibatch();
            withNd4jOps(() -> nd4jOps.runEpoch(data));
        }
        int rounds = quick ? 5 : 21;
        long[] steps = {0};
        List<Timing> train = new ArrayList<>(), gemm = new ArrayList<>(), trainNd4j = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            train.add(Timing.of(() -> steps[0] = session.runEpoch(data).timeSteps()));
            gemm.add(Timing.of(gemms::minibatch));
            trainNd4j.add(Timing.of(() -> withNd4jOps(() -> nd4jOps.runEpoch(data))));
        }
        double flopsPerStep = flopsPerStep(nv, nh, nu, k);
        double flopsPerBatch = flopsPerStep * rowsPerBatch;
        Timing trainMedian = Timing.median(train), gemmMedian = Timing.median(gemm);
        double cdGemm = cdGemmFlops(rowsPerBatch, nv, nh, quick ? 5 : 20);

        RnnRbm model = session.model();
        Sampler sampler = new Sampler(model);
        SampleSettings sample = SampleSettings.of(1000, 7).withGibbsSteps(25);
        sampler.sample(sample.withSteps(200)); // warm-up
        int pieces = quick ? 1 : 3;
        Timing sampling = Timing.of(() -> {
            for (int i = 0; i < pieces; i++) sampler.sample(sample.withSeed(7 + i));
        }).per(pieces);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("visible", nv); r.put("hidden", nh); r.put("recurrent", nu); r.put("cdK", k);
        r.put("batch", c.batchSize()); r.put("chunkLength", c.chunkLength());
        r.put("flopsPerStep", flopsPerStep);
        r.put("timing", "median of " + rounds + " interleaved rounds (one training minibatch, then its GEMMs alone)");
        r.put("trainingStepsPerSecond", steps[0] / trainMedian.wall());
        r.put("trainingStepsPerCpuSecond", steps[0] / trainMedian.cpu());
        r.put("achievedGflops", steps[0] / trainMedian.wall() * flopsPerStep / 1e9);
        r.put("achievedGflopsPerCpuSecond", steps[0] / trainMedian.cpu() * flopsPerStep / 1e9);
        r.put("gemmRooflineGflops", flopsPerBatch / gemmMedian.wall() / 1e9);
        r.put("gemmRooflineGflopsPerCpuSecond", flopsPerBatch / gemmMedian.cpu() / 1e9);
        r.put("fractionOfRoofline", gemmMedian.wall() * steps[0] / rowsPerBatch / trainMedian.wall());
        r.put("fractionOfRooflineCpu", gemmMedian.cpu() * steps[0] / rowsPerBatch / trainMedian.cpu());
        r.put("fractionOfRooflineBest", Timing.best(gemm).wall() * steps[0] / rowsPerBatch / Timing.best(train).wall());
        r.put("nd4jOpsFractionOfRoofline",
                gemmMedian.wall() * steps[0] / rowsPerBatch / Timing.median(trainNd4j).wall());
        r.put("cdGemmAloneGflops", cdGemm / 1e9);
        r.put("sampleFrames", 1000);
        r.put("sampleGibbsSteps", 25);
        r.put("sampleSeconds", sampling.wall());
        r.put("sampleCpuSeconds", sampling.cpu());
        if (!json) {
            System.out.printf(Locale.ROOT, "%-9s nv=%d nh=%d nu=%d CD-%d, %d x %d steps per minibatch, %.2f MFLOP per step%n",
                    label, nv, nh, nu, k, c.batchSize(), c.chunkLength(), flopsPerStep / 1e6);
            System.out.printf(Locale.ROOT, "  training:       %,8.0f steps/s = %6.1f GFLOP/s  (per CPU second: %,8.0f steps, %6.1f GFLOP)%n",
                    r.get("trainingStepsPerSecond"), r.get("achievedGflops"),
                    r.get("trainingStepsPerCpuSecond"), r.get("achievedGflopsPerCpuSecond"));
            System.out.printf(Locale.ROOT, "  gemm roofline:                 %6.1f GFLOP/s  (per CPU second: %6.1f GFLOP)%n",
                    r.get("gemmRooflineGflops"), r.get("gemmRooflineGflopsPerCpuSecond"));
            System.out.printf(Locale.ROOT, "  training reaches %.0f %% of the roofline (%.0f %% per CPU second, best round "
                            + "against best round %.0f %%; every element-wise step as ND4J's ops instead: %.0f %%)%n",
                    100 * (double) r.get("fractionOfRoofline"), 100 * (double) r.get("fractionOfRooflineCpu"),
                    100 * (double) r.get("fractionOfRooflineBest"), 100 * (double) r.get("nd4jOpsFractionOfRoofline"));
            System.out.printf(Locale.ROOT, "  %s; the CD product [%d x %d].[%d x %d] alone: %.1f GFLOP/s%n",
                    r.get("timing"), rowsPerBatch, nv, nv, nh, cdGemm / 1e9);
            System.out.printf(Locale.ROOT, "  sampling 1000 frames (%d RBM steps), k = 25: %.3f s (%.3f CPU s)%n",
                    (1000 + c.stepsPerRbm() - 1) / c.stepsPerRbm(), sampling.wall(), sampling.cpu());
        }
        return r;
    }

    /** Runs {@code work} with training's host loops switched off (-Dchorale.hostLoops=false). */
    private static void withNd4jOps(Runnable work) {
        System.setProperty("chorale.hostLoops", "false");
        try {
            work.run();
        } finally {
            System.clearProperty("chorale.hostLoops");
        }
    }

    /**
     * GEMM FLOPs per RBM time step of one training update: the CD-k chain and the two free-energy phases,
     * (2k + 1) products of [1 x nv].[nv x nh] plus two for dW; the RNN forward (v Wvu, u Wuu, u Wuv, u Wuh) and
     * backward (dW*, dWvu, dWuu, dU through Wuv, Wuh, Wuu).
     */
    static double flopsPerStep(int nv, int nh, int nu, int k) {
        double rbm = 2.0 * nv * nh * (2 * k + 3);
        double forward = 2.0 * nu * (2 * nv + nu + nh);
        double backward = 2.0 * nu * (3 * nv + 2 * nh + 2 * nu);
        return rbm + forward + backward;
    }

    /** Every GEMM one training minibatch runs, on the same shapes, into preallocated outputs. */
    private static final class GemmShapes {
        private final int steps, k;
        private final INDArray v, h, u, w, wuv, wuh, wvu, wuu, outH, outV, outU, gW, gUV, gUH, gVU, gUU, uStep, outStep;

        GemmShapes(int n, int b, int steps, int nv, int nh, int nu, int k) {
            this.steps = steps;
            this.k = k;
            DataType f = DataType.FLOAT;
            v = Nd4j.rand(f, n, nv); h = Nd4j.rand(f, n, nh); u = Nd4j.rand(f, n, nu);
            w = Nd4j.rand(f, nv, nh); wuv = Nd4j.rand(f, nu, nv); wuh = Nd4j.rand(f, nu, nh);
            wvu = Nd4j.rand(f, nv, nu); wuu = Nd4j.rand(f, nu, nu);
            outH = Nd4j.zeros(f, n, nh); outV = Nd4j.zeros(f, n, nv); outU = Nd4j.zeros(f, n, nu);
            gW = Nd4j.zeros(f, nv, nh); gUV = Nd4j.zeros(f, nu, nv); gUH = Nd4j.zeros(f, nu, nh);
            gVU = Nd4j.zeros(f, nv, nu); gUU = Nd4j.zeros(f, nu, nu);
            uStep = Nd4j.rand(f, b, nu); outStep = Nd4j.zeros(f, b, nu);
        }

        void minibatch() {
            for (int i = 0; i < k + 1; i++) Nd4j.gemm(v, w, outH, false, false, 1, 0);    // h | v, and v* W
            for (int i = 0; i < k; i++) Nd4j.gemm(h, w, outV, false, true, 1, 0);        // v | h
            for (int i = 0; i < 2; i++) Nd4j.gemm(v, h, gW, true, false, 1, 1);          // dW
            Nd4j.gemm(v, wvu, outU, false, false, 1, 0);                                 // v Wvu
            for (int s = 0; s < steps; s++) Nd4j.gemm(uStep, wuu, outStep, false, false, 1, 1); // recurrence
            Nd4j.gemm(u, wuv, outV, false, false, 1, 0);                                 // bv_t
            Nd4j.gemm(u, wuh, outH, false, false, 1, 0);                                 // bh_t
            Nd4j.gemm(u, v, gUV, true, false, 1, 0);                                     // dWuv
            Nd4j.gemm(u, h, gUH, true, false, 1, 0);                                     // dWuh
            Nd4j.gemm(v, wuv, outU, false, true, 1, 0);                                  // dU via Wuv
            Nd4j.gemm(h, wuh, outU, false, true, 1, 1);                                  // dU via Wuh
            for (int s = 0; s < steps; s++) Nd4j.gemm(uStep, wuu, outStep, false, true, 1, 1); // BPTT
            Nd4j.gemm(v, u, gVU, true, false, 1, 0);                                     // dWvu
            Nd4j.gemm(u, u, gUU, true, false, 1, 0);                                     // dWuu
        }
    }

    /** FLOP/s of the chain's dominant product alone (best of {@code reps}): this machine's best case for it. */
    private static double cdGemmFlops(int n, int nv, int nh, int reps) {
        INDArray v = Nd4j.rand(DataType.FLOAT, n, nv), w = Nd4j.rand(DataType.FLOAT, nv, nh);
        INDArray out = Nd4j.zeros(DataType.FLOAT, n, nh);
        for (int i = 0; i < 3; i++) Nd4j.gemm(v, w, out, false, false, 1, 0);
        long best = Long.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(v, w, out, false, false, 1, 0);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return 2.0 * n * nv * nh / (best / 1e9);
    }

    /** Random chords (up to six notes) on the config's range: dense GEMMs do not care what the notes are. */
    private static List<PianoRoll> syntheticRolls(ModelConfig c, int pieces, int frames) {
        Random r = new Random(42);
        List<PianoRoll> out = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            int[][] steps = new int[frames][];
            for (int t = 0; t < frames; t++) {
                steps[t] = new int[r.nextInt(7)];
                for (int i = 0; i < steps[t].length; i++) steps[t][i] = c.lowestPitch() + r.nextInt(c.pitchCount());
            }
            out.add(PianoRoll.builder().name("synthetic" + p).stepsPerQuarter(c.stepsPerQuarter())
                    .range(c.lowestPitch(), c.pitchCount()).steps(steps).build());
        }
        return out;
    }

    private static String toJson(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (sb.length() > 1) sb.append(',');
                sb.append('"').append(e.getKey()).append("\":").append(toJson(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (o instanceof Number n) return Double.isFinite(n.doubleValue()) ? n.toString() : "null";
        return '"' + String.valueOf(o).replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
