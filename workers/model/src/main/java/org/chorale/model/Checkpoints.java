package org.chorale.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Chorale's checkpoint format, version 1 (big-endian):
 * <pre>
 *   magic "CHRLRBM1" (8 bytes) | int format version
 *   config:     int n, n x (string name, byte type 'I'|'D'|'Z'|'S', value)   -- ModelConfig by field name
 *   provenance: string modelId, dataset, datasetFingerprint | long seed | int epoch | string codeVersion
 *               | long createdAtMillis | int n, n x (string name, double value)
 *   optimizer:  string kind ("sgd" | "adam" | "none") | long step
 *   tensors:    int n, n x (string name | int rank | long[rank] shape | float32[product] data, row-major)
 *   int CRC32 of every byte before it
 * </pre>
 * Strings are an int byte length then UTF-8. Tensors: the eight parameters by paper name, then optimizer slots.
 * Parameters are always stored as float32; a double-precision model is rounded.
 * Reading never throws anything but {@link CheckpointException} for bad input.
 */
public final class Checkpoints {
    static final byte[] MAGIC = "CHRLRBM1".getBytes(StandardCharsets.US_ASCII);
    public static final int FORMAT_VERSION = 1;
    private static final int MAX_STRING_BYTES = 1 << 20;

    private Checkpoints() {}

    public static byte[] encode(Checkpoint c) {
        Map<String, INDArray> tensors = new LinkedHashMap<>(c.model().parameters());
        tensors.putAll(c.optimizerSlots());
        return write(c.config(), c.provenance(), c.optimizer(), c.optimizerStep(), tensors);
    }

    /** The model alone (no optimizer state): what a generator needs, about a third of a training checkpoint. */
    public static byte[] encodeModelOnly(RnnRbm model) {
        return encode(Checkpoint.modelOnly(model));
    }

    /** Reads a checkpoint; its arrays are float32. */
    public static Checkpoint decode(byte[] bytes) throws CheckpointException {
        try {
            return read(bytes);
        } catch (CheckpointException e) {
            throw e;
        } catch (BufferUnderflowException e) {
            throw new CheckpointException("checkpoint is truncated: its content ends before its declared fields", e);
        } catch (RuntimeException e) {
            throw new CheckpointException("checkpoint is invalid: " + e.getMessage(), e);
        }
    }

    /** The model of a checkpoint, ignoring any optimizer state. */
    public static RnnRbm decodeModel(byte[] bytes) throws CheckpointException {
        return decode(bytes).model();
    }

    // ---------------------------------------------------------------------------------------------- writing

    static byte[] write(ModelConfig config, Provenance p, String optimizer, long step, Map<String, INDArray> tensors) {
        Out out = new Out();
        out.bytes(MAGIC);
        out.i32(FORMAT_VERSION);
        Map<String, Object> fields = config.toMap();
        out.i32(fields.size());
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            out.str(f.getKey());
            Object v = f.getValue();
            if (v instanceof Integer i) { out.u8('I'); out.i32(i); }
            else if (v instanceof Double d) { out.u8('D'); out.f64(d); }
            else if (v instanceof Boolean z) { out.u8('Z'); out.u8(z ? 1 : 0); }
            else if (v instanceof String str) { out.u8('S'); out.str(str); }
            else throw new IllegalStateException("config field of unsupported type: " + f);
        }
        out.str(p.modelId()); out.str(p.dataset()); out.str(p.datasetFingerprint());
        out.i64(p.seed()); out.i32(p.epoch()); out.str(p.codeVersion()); out.i64(p.createdAtMillis());
        out.i32(p.metrics().size());
        for (Map.Entry<String, Double> m : p.metrics().entrySet()) { out.str(m.getKey()); out.f64(m.getValue()); }
        out.str(optimizer);
        out.i64(step);
        out.i32(tensors.size());
        for (Map.Entry<String, INDArray> t : tensors.entrySet()) {
            INDArray a = t.getValue();
            out.str(t.getKey());
            out.i32(a.rank());
            for (long d : a.shape()) out.i64(d);
            out.floats(a.length() == 0 ? new float[0] : a.castTo(DataType.FLOAT).dup('c').data().asFloat());
        }
        CRC32 crc = new CRC32();
        byte[] body = out.toByteArray();
        crc.update(body);
        Out tail = new Out();
        tail.bytes(body);
        tail.i32((int) crc.getValue());
        return tail.toByteArray();
    }

    /** A growable big-endian writer (in memory, so its IOExceptions cannot happen). */
    private static final class Out {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final DataOutputStream data = new DataOutputStream(buffer);

        void bytes(byte[] b) { run(() -> data.write(b)); }
        void u8(int v) { run(() -> data.writeByte(v)); }
        void i32(int v) { run(() -> data.writeInt(v)); }
        void i64(long v) { run(() -> data.writeLong(v)); }
        void f64(double v) { run(() -> data.writeDouble(v)); }
        void str(String s) { byte[] b = s.getBytes(StandardCharsets.UTF_8); i32(b.length); bytes(b); }
        void floats(float[] f) {
            ByteBuffer b = ByteBuffer.allocate(4 * f.length);
            b.asFloatBuffer().put(f);
            bytes(b.array());
        }
        byte[] toByteArray() { run(data::flush); return buffer.toByteArray(); }

        private interface Write { void run() throws IOException; }

        private static void run(Write w) {
            try { w.run(); } catch (IOException e) { throw new UncheckedIOException(e); }
        }
    }

    // ---------------------------------------------------------------------------------------------- reading

    private static Checkpoint read(byte[] bytes) throws CheckpointException {
        if (bytes == null) throw new CheckpointException("checkpoint is null");
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC))
            throw new CheckpointException("not a Chorale checkpoint: wrong magic (expected \"CHRLRBM1\", "
                    + bytes.length + " bytes given)");
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(MAGIC.length);
        int version = in.getInt();
        if (version > FORMAT_VERSION)
            throw new CheckpointException("checkpoint format version " + version + " is newer than this Chorale reads ("
                    + FORMAT_VERSION + "); upgrade Chorale to load it");
        if (version < 1) throw new CheckpointException("checkpoint format version " + version + " is not valid");
        if (bytes.length < MAGIC.length + 8)
            throw new CheckpointException("checkpoint is truncated: " + bytes.length + " bytes");
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if ((int) crc.getValue() != stored)
            throw new CheckpointException("checkpoint is corrupt or truncated: CRC32 mismatch over " + bytes.length + " bytes");
        in.limit(bytes.length - 4);

        Map<String, Object> fields = new HashMap<>();
        int n = count(in, "config fields");
        for (int i = 0; i < n; i++) {
            String name = str(in);
            int type = in.get();
            Object value = switch (type) {
                case 'I' -> in.getInt();
                case 'D' -> in.getDouble();
                case 'Z' -> in.get() != 0;
                case 'S' -> str(in);
                default -> throw new CheckpointException("config field " + name + " has unknown type code " + type);
            };
            fields.put(name, value);
        }
        ModelConfig config;
        try {
            config = ModelConfig.fromMap(fields).validate();
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint config is invalid: " + e.getMessage(), e);
        }
        String modelId = str(in), dataset = str(in), fingerprint = str(in);
        long seed = in.getLong();
        int epoch = in.getInt();
        String codeVersion = str(in);
        long createdAt = in.getLong();
        Map<String, Double> metrics = new LinkedHashMap<>();
        int m = count(in, "metrics");
        for (int i = 0; i < m; i++) metrics.put(str(in), in.getDouble());
        Provenance provenance = new Provenance(modelId, dataset, fingerprint, seed, epoch, codeVersion, createdAt, metrics);
        String optimizer = str(in);
        long step = in.getLong();

        Map<String, INDArray> tensors = new LinkedHashMap<>();
        int t = count(in, "tensors");
        for (int i = 0; i < t; i++) {
            String name = str(in);
            int rank = in.getInt();
            if (rank < 0 || rank > 4) throw new CheckpointException("tensor " + name + " has invalid rank " + rank);
            long[] shape = new long[rank];
            long size = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = in.getLong();
                if (shape[d] < 0 || shape[d] > Integer.MAX_VALUE)
                    throw new CheckpointException("tensor " + name + " has invalid shape " + Arrays.toString(shape));
                size = Math.multiplyExact(size, shape[d]);
            }
            if (size * 4 > in.remaining())
                throw new CheckpointException("checkpoint is truncated: tensor " + name + " needs " + size * 4
                        + " bytes, " + in.remaining() + " remain");
            float[] data = new float[(int) size];
            in.asFloatBuffer().get(data);
            in.position(in.position() + 4 * data.length);
            if (tensors.put(name, Nd4j.create(data, shape, DataType.FLOAT)) != null)
                throw new CheckpointException("tensor " + name + " appears twice");
        }
        if (in.hasRemaining())
            throw new CheckpointException("checkpoint has " + in.remaining() + " unexpected bytes after its tensors");
        return assemble(config, provenance, optimizer, step, tensors);
    }

    private static Checkpoint assemble(ModelConfig config, Provenance provenance, String optimizer, long step,
                                       Map<String, INDArray> tensors) throws CheckpointException {
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String name : Parameters.NAMES) params.put(name, take(tensors, name, Parameters.shape(name, config)));
        List<String> slotNames = new ArrayList<>();
        switch (optimizer) {
            case Checkpoint.MODEL_ONLY -> { }
            case ModelConfig.SGD -> Parameters.NAMES.forEach(p -> slotNames.add(Optimizer.slotName(optimizer, 0, p)));
            case ModelConfig.ADAM -> {
                Parameters.NAMES.forEach(p -> slotNames.add(Optimizer.slotName(optimizer, 0, p)));
                Parameters.NAMES.forEach(p -> slotNames.add(Optimizer.slotName(optimizer, 1, p)));
            }
            default -> throw new CheckpointException("checkpoint names unknown optimizer \"" + optimizer + "\"");
        }
        if (step < 0) throw new CheckpointException("checkpoint optimizer step count is negative: " + step);
        Map<String, INDArray> slots = new LinkedHashMap<>();
        for (String s : slotNames) {
            String param = s.substring(s.lastIndexOf('.') + 1);
            slots.put(s, take(tensors, s, Parameters.shape(param, config)));
        }
        if (!tensors.isEmpty())
            throw new CheckpointException("checkpoint holds unexpected tensors " + tensors.keySet());
        return new Checkpoint(RnnRbm.of(config, params, provenance), optimizer, step, slots);
    }

    private static INDArray take(Map<String, INDArray> tensors, String name, long[] shape) throws CheckpointException {
        INDArray a = tensors.remove(name);
        if (a == null) throw new CheckpointException("checkpoint lacks tensor " + name);
        if (!Arrays.equals(a.shape(), shape))
            throw new CheckpointException("tensor " + name + " has shape " + Arrays.toString(a.shape())
                    + " but the checkpoint's config needs " + Arrays.toString(shape));
        return a;
    }

    private static int count(ByteBuffer in, String what) throws CheckpointException {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) throw new CheckpointException("checkpoint declares " + n + " " + what
                + ", more than its remaining " + in.remaining() + " bytes can hold");
        return n;
    }

    private static String str(ByteBuffer in) throws CheckpointException {
        int len = in.getInt();
        if (len < 0 || len > MAX_STRING_BYTES || len > in.remaining())
            throw new CheckpointException("checkpoint holds a string of invalid length " + len);
        byte[] b = new byte[len];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
