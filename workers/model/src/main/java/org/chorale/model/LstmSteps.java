package org.chorale.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.chorale.model.Parameters.WUU;

/**
 * The two recurrences of {@link CdBpttStep} for an LSTM RNN ({@code recurrence = lstm}), on the same buffers; the
 * RBM side and every batched GEMM stay as they are. Gate pre-activations are stacked [i | f | o | g] (n_u columns
 * each) in Wvu, Wuu and bu; block s of the buffers is time step s of all B chunks.
 *
 * <pre>
 *   forward    a_s = bu + v_s Wvu + u_s Wuu               (u_0 = 0, c_0 = 0; the first two terms batched)
 *              i, f, o = s(a_i), s(a_f), s(a_o);  g = tanh(a_g)
 *              c_{s+1} = f * c_s + i * g;         u_{s+1} = o * tanh(c_{s+1})
 *   backward   du   = dC/du_{s+1} = direct_{s+1} + dA_{s+1} Wuu^T    (u_T conditions nothing: dA_{T-1} = 0)
 *              dc   = carry + du * o * (1 - tanh(c_{s+1})^2)           (carry = dc_{s+1} * f_{s+1}, 0 at the end)
 *              dA_o = du * tanh(c_{s+1}) * o (1 - o)    dA_i = dc * g * i (1 - i)
 *              dA_f = dc * c_s * f (1 - f)              dA_g = dc * i * (1 - g^2)
 * </pre>
 * The forward pass leaves the activated gates in {@code preact} (in place of the pre-activations), which is all the
 * backward pass needs besides c and tanh(c). About twenty small ND4J ops per step: the LSTM costs more per epoch
 * than tanh, as expected of it.
 */
final class LstmSteps {
    private static final int I = 0, F = 1, O = 2, G = 3;
    private final MinibatchBuffers b;
    private final INDArray[][] gates, gateGrads; // [step][I, F, O, G]: column views of preact / preactGrad blocks
    private final INDArray[] sigmoidGates;       // [step]: the i, f, o columns together

    LstmSteps(ModelConfig config, MinibatchBuffers buffers) {
        this.b = buffers;
        int nu = config.recurrent(), steps = buffers.maxSteps;
        gates = new INDArray[steps][4];
        gateGrads = new INDArray[steps][4];
        sigmoidGates = new INDArray[steps];
        for (int s = 0; s < steps; s++) {
            for (int k = 0; k < 4; k++) {
                gates[s][k] = columns(b.preactBlock[s], k * nu, (k + 1) * nu);
                gateGrads[s][k] = columns(b.preactGradBlock[s], k * nu, (k + 1) * nu);
            }
            sigmoidGates[s] = columns(b.preactBlock[s], 0, 3 * nu);
        }
    }

    private static INDArray columns(INDArray block, long from, long to) {
        return block.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }

    /** With {@code preact} = bu + v_s Wvu on entry: u_1..u_T into {@code states}, c and tanh(c), gates in preact. */
    void forward(Parameters p, int steps) {
        for (int s = 0; s < steps; s++) {
            INDArray[] gate = gates[s];
            if (s > 0) Nd4j.gemm(b.stateBlock[s], p.get(WUU), b.preactBlock[s], false, false, 1.0, 1.0);
            Nd4j.getExecutioner().exec(new Sigmoid(sigmoidGates[s], sigmoidGates[s]));
            Nd4j.getExecutioner().exec(new Tanh(gate[G], gate[G]));
            INDArray cNext = b.cellBlock[s + 1];
            gate[F].mul(b.cellBlock[s], cNext);
            gate[I].mul(gate[G], b.scratch);
            cNext.addi(b.scratch);
            Nd4j.getExecutioner().exec(new Tanh(cNext, b.cellTanhBlock[s]));
            gate[O].mul(b.cellTanhBlock[s], b.stateBlock[s + 1]);
        }
    }

    /** dA = dC/da_s for every step into {@code preactGrad}, from {@code directGrad} (block t: dC/du_t via RBM_t). */
    void backward(Parameters p, int steps) {
        b.preactGradBlock[steps - 1].assign(0);
        INDArray du = b.stateGrad, dc = b.scratch, carry = b.cellGrad;
        carry.assign(0);
        for (int s = steps - 2; s >= 0; s--) {
            INDArray[] gate = gates[s], grad = gateGrads[s];
            INDArray tc = b.cellTanhBlock[s];
            du.assign(b.directGradBlock[s + 1]);
            Nd4j.gemm(b.preactGradBlock[s + 1], p.get(WUU), du, false, true, 1.0, 1.0);
            grad[O].assign(gate[O]).rsubi(1).muli(gate[O]).muli(tc).muli(du);
            tc.mul(tc, dc).rsubi(1).muli(gate[O]).muli(du).addi(carry);
            grad[I].assign(gate[I]).rsubi(1).muli(gate[I]).muli(gate[G]).muli(dc);
            grad[F].assign(gate[F]).rsubi(1).muli(gate[F]).muli(b.cellBlock[s]).muli(dc);
            grad[G].assign(gate[G]).muli(gate[G]).rsubi(1).muli(gate[I]).muli(dc);
            dc.mul(gate[F], carry);
        }
    }
}
