package org.chorale.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every array one training minibatch needs, allocated once per session: B sequence chunks of up to T steps side
 * by side. Rows are time-major (row = t*B + b), so the rows of step t form one contiguous [B x ...] block and the
 * first t*B rows are steps 0..t-1: a shorter minibatch uses a prefix, and the per-step views of the recurrence are
 * made here once, so the hot loop allocates nothing.
 */
final class MinibatchBuffers {
    final int maxSteps, batch, maxRows;
    final DataType dtype;

    // Data and its mask (1 for real time steps, 0 for padding), and a row of ones for column sums by GEMM.
    final INDArray visible, mask, ones;
    // RNN: stacked states u_0..u_T ([(T+1)B x nu], block 0 = u_0 = 0), pre-activations, f'(a), BPTT terms.
    final INDArray states, preact, derivative, directGrad, preactGrad;
    // Conditional biases of every step's RBM.
    final INDArray visibleBias, hiddenBias;
    // CD-k chain and gradients.
    final INDArray negative, visibleProb, hiddenPre0, hiddenProb0, hiddenPreK, hiddenSample, hiddenScratch;
    // Scratch for the cost: a stable softplus (rarely needed) and masked column sums.
    final INDArray hiddenStable, hiddenRow;

    final INDArray[] stateBlock, preactBlock, derivativeBlock, preactGradBlock, directGradBlock;
    // LSTM only (null otherwise): cell states c_0..c_T ([(T+1)B x nu], block 0 = c_0 = 0), tanh(c_t), and the BPTT
    // carries dC/du and dC/dc of the step being back-propagated, with a scratch of the same [B x nu] shape.
    final INDArray cells, cellTanh, stateGrad, cellGrad, scratch;
    final INDArray[] cellBlock, cellTanhBlock;

    MinibatchBuffers(ModelConfig c, int maxSteps, int batch, DataType dtype) {
        this.maxSteps = maxSteps;
        this.batch = batch;
        this.maxRows = Math.multiplyExact(maxSteps, batch);
        this.dtype = dtype;
        int nv = c.visibleSize(), nh = c.hidden(), nu = c.recurrent(), gates = c.recurrentInputs();
        visible = zeros(maxRows, nv);
        mask = zeros(maxRows, 1);
        ones = Nd4j.ones(dtype, 1, maxRows);
        states = zeros(maxRows + batch, nu);
        preact = zeros(maxRows, gates);
        derivative = zeros(maxRows, nu);
        directGrad = zeros(maxRows, nu);
        preactGrad = zeros(maxRows, gates);
        visibleBias = zeros(maxRows, nv);
        hiddenBias = zeros(maxRows, nh);
        negative = zeros(maxRows, nv);
        visibleProb = zeros(maxRows, nv);
        hiddenPre0 = zeros(maxRows, nh);
        hiddenProb0 = zeros(maxRows, nh);
        hiddenPreK = zeros(maxRows, nh);
        hiddenSample = zeros(maxRows, nh);
        hiddenScratch = zeros(maxRows, nh);
        hiddenStable = zeros(maxRows, nh);
        hiddenRow = zeros(1, nh);
        stateBlock = blocks(states, maxSteps + 1);
        preactBlock = blocks(preact, maxSteps);
        derivativeBlock = blocks(derivative, maxSteps);
        preactGradBlock = blocks(preactGrad, maxSteps);
        directGradBlock = blocks(directGrad, maxSteps);
        boolean lstm = c.lstmRecurrence();
        cells = lstm ? zeros(maxRows + batch, nu) : null;
        cellTanh = lstm ? zeros(maxRows, nu) : null;
        stateGrad = lstm ? zeros(batch, nu) : null;
        cellGrad = lstm ? zeros(batch, nu) : null;
        scratch = lstm ? zeros(batch, nu) : null;
        cellBlock = lstm ? blocks(cells, maxSteps + 1) : null;
        cellTanhBlock = lstm ? blocks(cellTanh, maxSteps) : null;
    }

    private INDArray zeros(long rows, long cols) { return Nd4j.zeros(dtype, rows, cols); }

    private INDArray[] blocks(INDArray a, int count) {
        INDArray[] out = new INDArray[count];
        for (int s = 0; s < count; s++) out[s] = rows(a, (long) s * batch, (long) (s + 1) * batch);
        return out;
    }

    /** Rows [from, to) of a buffer as a contiguous view. */
    static INDArray rows(INDArray a, long from, long to) {
        if (from == 0 && to == a.rows()) return a;
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /** The first {@code n} rows of a buffer. */
    static INDArray head(INDArray a, long n) { return rows(a, 0, n); }
}
