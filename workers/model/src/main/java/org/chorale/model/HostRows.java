package org.chorale.model;

import java.util.Arrays;
import java.util.List;

/**
 * Builds a minibatch's visible rows and mask in plain Java arrays, then copies them into the ND4J buffers in one
 * transfer each (the data are sparse 0/1 rows; writing them element by element through ND4J would cost far more).
 */
final class HostRows {
    private final int nv;
    private final boolean doublePrecision;
    private final float[] visibleF, maskF;
    private final double[] visibleD, maskD;

    HostRows(MinibatchBuffers b, int nv) {
        this.nv = nv;
        this.doublePrecision = b.dtype == org.nd4j.linalg.api.buffer.DataType.DOUBLE;
        int cells = Math.multiplyExact(b.maxRows, nv);
        visibleF = doublePrecision ? null : new float[cells];
        maskF = doublePrecision ? null : new float[b.maxRows];
        visibleD = doublePrecision ? new double[cells] : null;
        maskD = doublePrecision ? new double[b.maxRows] : null;
    }

    /** Chunk b's step t goes to row t*B + b; padding rows are silent with mask 0. Returns the real steps. */
    int fillChunks(List<TrainingSession.Chunk> chunks, MinibatchBuffers b) {
        clear();
        int real = 0;
        for (int c = 0; c < chunks.size(); c++) {
            TrainingSession.Chunk chunk = chunks.get(c);
            for (int t = 0; t < chunk.length(); t++) setRow(t * b.batch + c, chunk.rows()[chunk.start() + t]);
            real += chunk.length();
        }
        copy(b);
        return real;
    }

    /** Independent rows (pre-training) in order; the rest of the buffer is masked out. */
    void fillRows(List<int[]> rows, MinibatchBuffers b) {
        clear();
        for (int r = 0; r < rows.size(); r++) setRow(r, rows.get(r));
        copy(b);
    }

    private void clear() {
        if (doublePrecision) { Arrays.fill(visibleD, 0); Arrays.fill(maskD, 0); }
        else { Arrays.fill(visibleF, 0); Arrays.fill(maskF, 0); }
    }

    private void setRow(int row, int[] activeUnits) {
        int base = row * nv;
        if (doublePrecision) { maskD[row] = 1; for (int i : activeUnits) visibleD[base + i] = 1; }
        else { maskF[row] = 1; for (int i : activeUnits) visibleF[base + i] = 1; }
    }

    private void copy(MinibatchBuffers b) {
        if (doublePrecision) { b.visible.data().setData(visibleD); b.mask.data().setData(maskD); }
        else { b.visible.data().setData(visibleF); b.mask.data().setData(maskF); }
    }
}
