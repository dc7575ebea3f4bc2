package org.chorale.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on stderr: a bar redrawn in place when stderr is a terminal, otherwise nothing until the
 * final line (a log file or CI output wants one line per item, not hundreds of redraws).
 */
public final class Progress {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final String label;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;

    private Progress(PrintWriter err, boolean terminal, String label) {
        this.err = err;
        this.terminal = terminal;
        this.label = label;
    }

    /** A bar for one unit of work (an epoch); {@code terminal} decides between redrawing and plain lines. */
    public static Progress start(PrintWriter err, boolean terminal, String label) {
        return new Progress(err, terminal, label);
    }

    /** True when this process talks to a person (a console on both ends). */
    public static boolean interactive() {
        return System.console() != null;
    }

    /** Redraws the bar at {@code done/total} (at most ten times a second). */
    public void update(long done, long total, String detail) {
        if (!terminal || total <= 0) return;
        long now = System.nanoTime();
        if (done < total && now - lastDrawNanos < 100_000_000L) return;
        lastDrawNanos = now;
        double fraction = Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3.0f%% %s", fraction * 100, detail == null ? "" : detail) + "\u001b[K");
        err.flush();
    }

    /** Ends the bar with a final line (printed in both modes). */
    public void finish(String line) {
        if (terminal) err.print("\r\u001b[K");
        err.println(line);
        err.flush();
    }

    /** Erases the bar without a final line (a second phase follows with its own bar). */
    public void clear() {
        if (!terminal) return;
        err.print("\r\u001b[K");
        err.flush();
    }

    public double seconds() { return (System.nanoTime() - startNanos) / 1e9; }

    /**
     * Runs {@code work} (a call that reports no progress of its own, such as one training epoch) while the bar
     * advances with the elapsed time against {@code expectedSeconds} (the previous epoch's time; 0 when unknown,
     * then only the elapsed time shows). The estimate never reaches 100 % before the work ends.
     */
    public <T> T whileRunning(double expectedSeconds, java.util.concurrent.Callable<T> work) throws Exception {
        if (!terminal) return work.call();
        var ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chorale-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> {
            double elapsed = seconds();
            String detail = String.format(Locale.ROOT, "%.0f s", elapsed)
                    + (expectedSeconds > 0 ? String.format(Locale.ROOT, " of ~%.0f s", expectedSeconds) : "");
            if (expectedSeconds > 0) update((long) (Math.min(elapsed, expectedSeconds * 0.99) * 1000), (long) (expectedSeconds * 1000), detail);
            else { err.print("\r" + label + " " + detail + "\u001b[K"); err.flush(); }
        }, 0, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return work.call();
        } finally {
            ticker.shutdownNow();
        }
    }
}
