package org.chorale.model;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;
import java.util.Properties;

/**
 * Which ND4J backend this process runs on, and its off-heap memory (for the {@code chorale_worker_info} and
 * {@code chorale_nd4j_offheap_*} metrics).
 *
 * <p>GPU workers are built with {@code -Pcuda} (ND4J's {@code nd4j-cuda-11.6} backend). That backend holds kernels
 * for compute capability 3.7 to 8.6 only (Kepler to Ampere; Ada by binary compatibility) and no PTX, so it cannot
 * run on Hopper (H100/H200, sm_90) or newer. Where it cannot start, ND4J logs a warning and silently falls back to
 * the CPU backend: {@link #requireCuda()} turns that into a clear error at worker start.
 */
public final class Backend {
    private Backend() {}

    /**
     * @param name            "cpu" or "cuda"
     * @param device          what it runs on, e.g. "CPU, 2 cores, OPENBLAS" or the GPU's name
     * @param offheapBytes    JavaCPP off-heap bytes in use now
     * @param maxOffheapBytes the off-heap limit ({@code -Dorg.bytedeco.javacpp.maxbytes}, default Xmx)
     */
    public record Info(String name, String device, long offheapBytes, long maxOffheapBytes) {}

    public static Info describe() {
        String backend = Nd4j.getBackend().getClass().getSimpleName().toLowerCase(Locale.ROOT);
        boolean cuda = backend.contains("cuda") || backend.contains("cublas");
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String device;
        if (cuda) {
            Object devices = env.get("cuda.devicesInformation");
            device = devices == null ? "CUDA device" : "CUDA " + devices;
        } else {
            device = "CPU, " + env.getOrDefault("cores", Runtime.getRuntime().availableProcessors()) + " cores, "
                    + env.getOrDefault("blas.vendor", "unknown BLAS");
        }
        return new Info(cuda ? "cuda" : "cpu", device, offheapBytes(), maxOffheapBytes());
    }

    /** JavaCPP off-heap bytes in use now: what ND4J's arrays and workspaces hold outside the Java heap. */
    public static long offheapBytes() {
        return Pointer.totalBytes();
    }

    /** The off-heap limit ({@code -Dorg.bytedeco.javacpp.maxbytes}, default Xmx); allocations beyond it fail. */
    public static long maxOffheapBytes() {
        return Pointer.maxBytes();
    }

    /**
     * Caps the threads ND4J's element-wise ops (OpenMP) and its BLAS use, for this process. On a machine whose cores
     * are shared with other busy processes, OpenMP threads spin against them and every small op slows down 5-10x
     * (measured on a loaded 2-core machine); one thread per worker is then much faster. Setting
     * {@code OMP_NUM_THREADS} in the environment before start does the same and also covers ND4J's start-up.
     */
    public static void limitThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** Threads ND4J's own ops may use now. */
    public static int threads() {
        return Nd4j.getEnvironment().maxThreads();
    }

    /** Throws unless ND4J runs on CUDA; call it at the start of a worker that was deployed for a GPU. */
    public static Info requireCuda() {
        Info info = describe();
        if (!"cuda".equals(info.name()))
            throw new IllegalStateException("ND4J is running on its CPU backend (" + info.device() + ") but a CUDA "
                    + "GPU was required. Build the worker with -Pcuda (nd4j-cuda-11.6) and run it on a GPU of compute "
                    + "capability <= 8.6 (Kepler to Ampere; Ada works by binary compatibility). ND4J 1.0.0-M2.1's "
                    + "CUDA 11.6 backend has no kernels for Hopper (H100/H200, sm_90) or newer: there, ND4J falls back "
                    + "to the CPU.");
        return info;
    }
}
