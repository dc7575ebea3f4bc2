package org.chorale.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.Buffer;
import java.util.stream.IntStream;

/**
 * Where ND4J arrays in host memory (the CPU backend) are read and written as Java arrays, for loops that run faster
 * as plain Java on all cores than as ND4J ops on one: the Gibbs chain's sampling ({@link BernoulliSampler}), the
 * tanh / sigmoid recurrences ({@link HostRecurrence}) and the cost's softplus terms ({@link HostHiddenTerm}).
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
}
