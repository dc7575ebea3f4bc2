package org.chorale.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.Buffer;
import java.util.stream.IntStream;

/**
 * Where ND4J arrays in host memory (the CPU backend) are read and written as Java arrays, for loops that run faster
 * as plain Java on all cores than as ND4J ops on one: the Gibbs chain's sampling ({@link BernoulliSampler}), the
 * tanh / sigmoid recurrences ({@link HostRecurrence}), the RBMs' sigmoids and the cost's softplus terms
 * ({@link CdBpttStep}, {@link HostHiddenTerm}); {@link #hostLoops} is the one switch for all of them.
 * What made the recurrences one of them (a first Java loop took 11.5 ms per paper-shaped forward pass against
 * ND4J's 6.1): C2 did not vectorise a product indexing its arrays at offsets, and {@code Math.tanh} / {@code Math.exp}
 * cost 60 / 20 ns a call here; with row arrays and a float tanh the forward loop takes 1.6-2 ms.
 */
final class HostArrays {
    private HostArrays() {}

    /** Whether ND4J's arrays live in host memory, readable and writable in place (not on CUDA). */
    static boolean available() {
        return Nd4j.getEnvironment().isCPU();
    }

    /** {@code -Dchorale.hostLoops=false} switches training's host loops off (read per session and per epoch). */
    static final String HOST_LOOPS_PROPERTY = "chorale.hostLoops";

    /**
     * Whether training runs its host loops: arrays in host memory and a second core (they pay off by running on
     * all cores while ND4J's element-wise ops run on one; on one core ND4J's vectorised ops were faster), unless
     * {@code -Dchorale.hostLoops=false}.
     */
    static boolean hostLoops() {
        return available() && Runtime.getRuntime().availableProcessors() > 1
                && !"false".equals(System.getProperty(HOST_LOOPS_PROPERTY));
    }

    /** a's length, after checking that a is a contiguous c-ordered float array (as the minibatch row blocks are). */
    static int contiguousLength(INDArray a) {
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE)
            throw new IllegalArgumentException("needs a float or double array: " + a.shapeInfoToString());
        if (a.ordering() != 'c' || a.elementWiseStride() != 1 || a.length() > Integer.MAX_VALUE)
            throw new IllegalArgumentException("needs a contiguous c-ordered array: " + a.shapeInfoToString());
        return (int) a.length();
    }

    /**
     * Where the view's first element sits in its buffer's NIO view. That view spans the whole allocation and is
     * positioned at the buffer's own offset; absolute indices ignore the position, so add it back.
     */
    static int offset(INDArray a, Buffer view) {
        return Math.toIntExact(view.position() - a.data().offset() + a.offset());
    }

    /** Elements per parallel block of {@link #inBlocks}; even, so that the sampler's blocks start on a pair. */
    static final int BLOCK = 1 << 14;

    interface Block {
        void run(int from, int to);
    }

    /**
     * Runs {@code block} over [0, n) in blocks of {@link #BLOCK}, on the common fork-join pool when there is more
     * than one. For element-wise loops whose result does not depend on which thread ran which block.
     */
    static void inBlocks(int n, Block block) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        if (blocks <= 1) {
            block.run(0, n);
            return;
        }
        IntStream.range(0, blocks).parallel().forEach(k -> block.run(k * BLOCK, Math.min(n, (k + 1) * BLOCK)));
    }

    private static final ThreadLocal<float[][]> BLOCK_SCRATCH =
            ThreadLocal.withInitial(() -> new float[][]{new float[BLOCK], new float[BLOCK]});

    /**
     * This thread's two arrays of {@link #BLOCK} floats, for one block of {@link #inBlocks} at a time: reused, so
     * they stay in cache, where scratch as long as a whole array was touched cold on every call.
     */
    static float[][] blockScratch() {
        return BLOCK_SCRATCH.get();
    }

    interface Part {
        void run(int first, int stride);
    }

    /**
     * Splits items [0, n) between the cores: part k of min(n, cores) parts runs items k, k + parts, k + 2 parts, ...
     * ({@code body.run(k, parts)}), on the common fork-join pool. For loops over whole rows or sequences.
     */
    static void inParts(int n, Part body) {
        int parts = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors()));
        IntStream.range(0, parts).parallel().forEach(k -> body.run(k, parts));
    }
}
