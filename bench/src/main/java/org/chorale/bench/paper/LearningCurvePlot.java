package org.chorale.bench.paper;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Learning curves of one {@link PaperTable} set as a PNG, drawn with Java2D (headless): validation NLL per step
 * beside the Bernoulli baseline and the paper's test NLL, and validation frame accuracy beside the paper's.
 */
public final class LearningCurvePlot {
    private static final int WIDTH = 900, HEIGHT = 380, PANEL = 430, MARGIN = 55;

    private LearningCurvePlot() {}

    /** One line of a panel; {@code ys} may hold NaN for epochs without a value. */
    record Series(String label, Color color, double[] xs, double[] ys, boolean dashed) {}

    @SuppressWarnings("unchecked")
    public static void write(Map<String, Object> result, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Map<String, Object>> curve = (List<Map<String, Object>>) result.get("curve");
        List<Double> ex = new ArrayList<>(), nll = new ArrayList<>(), acc = new ArrayList<>();
        for (Map<String, Object> p : curve) {
            if (p.get("validNllPerStep") == null) continue;
            ex.add(((Number) p.get("epoch")).doubleValue());
            nll.add(((Number) p.get("validNllPerStep")).doubleValue());
            acc.add(100 * ((Number) p.get("validFrameAccuracy")).doubleValue());
        }
        double[] xs = unbox(ex);
        double last = xs.length == 0 ? 1 : xs[xs.length - 1];
        double[] span = {xs.length == 0 ? 0 : xs[0], Math.max(last, (xs.length == 0 ? 0 : xs[0]) + 1)};
        double baseline = ((Number) ((Map<String, Object>) result.get("bernoulliTest")).get("nllPerStep")).doubleValue();
        Object paperObj = result.get("paper");
        Double paperNll = null, paperAcc = null;
        if (paperObj instanceof PaperReference p) { paperNll = -p.rnnRbmLl(); paperAcc = p.rnnRbmAcc(); }
        else if (paperObj instanceof Map<?, ?> p) {
            paperNll = -((Number) p.get("rnnRbmLl")).doubleValue();
            paperAcc = ((Number) p.get("rnnRbmAcc")).doubleValue();
        }

        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(result.getOrDefault("name", result.get("set")) + ": validation curves (best epoch " + result.get("bestEpoch") + ")", MARGIN, 18);

        List<Series> left = new ArrayList<>();
        left.add(new Series("valid NLL/step (ours)", new Color(0x1f77b4), xs, unbox(nll), false));
        left.add(new Series("Bernoulli baseline (test)", Color.GRAY, span, new double[]{baseline, baseline}, true));
        if (paperNll != null) left.add(new Series("paper RNN-RBM (test)", new Color(0xd62728), span,
                new double[]{paperNll, paperNll}, true));
        panel(g, 0, "NLL per step (nats)", left);

        List<Series> right = new ArrayList<>();
        right.add(new Series("valid ACC % (ours)", new Color(0x2ca02c), xs, unbox(acc), false));
        if (paperAcc != null) right.add(new Series("paper RNN-RBM (test)", new Color(0xd62728), span,
                new double[]{paperAcc, paperAcc}, true));
        panel(g, PANEL + 20, "frame accuracy %", right);
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static void panel(Graphics2D g, int left, String title, List<Series> series) {
        int x0 = left + MARGIN, x1 = left + PANEL - 10, y0 = HEIGHT - 45, y1 = 40;
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Series s : series) for (int i = 0; i < s.xs.length; i++) {
            if (!Double.isFinite(s.ys[i])) continue;
            minX = Math.min(minX, s.xs[i]); maxX = Math.max(maxX, s.xs[i]);
            minY = Math.min(minY, s.ys[i]); maxY = Math.max(maxY, s.ys[i]);
        }
        if (minX > maxX) { minX = 0; maxX = 1; minY = 0; maxY = 1; }
        if (maxX == minX) maxX = minX + 1;
        double pad = Math.max(1e-6, (maxY - minY) * 0.08);
        minY -= pad; maxY += pad;
        g.setColor(Color.BLACK);
        g.drawRect(x0, y1, x1 - x0, y0 - y1);
        g.drawString(title, x0, y1 - 6);
        g.drawString("epoch", (x0 + x1) / 2 - 15, HEIGHT - 12);
        for (int i = 0; i <= 4; i++) {
            double v = minY + (maxY - minY) * i / 4;
            int y = (int) Math.round(y0 - (y0 - y1) * i / 4.0);
            g.drawLine(x0 - 4, y, x0, y);
            g.drawString(String.format(Locale.ROOT, "%.2f", v), left + 5, y + 4);
            double e = minX + (maxX - minX) * i / 4;
            int x = (int) Math.round(x0 + (x1 - x0) * i / 4.0);
            g.drawLine(x, y0, x, y0 + 4);
            g.drawString(String.format(Locale.ROOT, "%.0f", e), x - 6, y0 + 17);
        }
        int legendY = y1 + 16;
        for (Series s : series) {
            g.setColor(s.color);
            g.setStroke(s.dashed ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[]{6, 4}, 0) : new BasicStroke(2f));
            int px = -1, py = -1;
            for (int i = 0; i < s.xs.length; i++) {
                if (!Double.isFinite(s.ys[i])) continue;
                int x = (int) Math.round(x0 + (x1 - x0) * (s.xs[i] - minX) / (maxX - minX));
                int y = (int) Math.round(y0 - (y0 - y1) * (s.ys[i] - minY) / (maxY - minY));
                if (px >= 0) g.drawLine(px, py, x, y);
                else if (s.xs.length == 1) g.fillOval(x - 3, y - 3, 6, 6);
                px = x; py = y;
            }
            g.drawLine(x1 - 190, legendY - 4, x1 - 165, legendY - 4);
            g.setStroke(new BasicStroke(1f));
            g.drawString(s.label, x1 - 160, legendY);
            legendY += 15;
        }
    }

    private static double[] unbox(List<Double> list) {
        double[] a = new double[list.size()];
        for (int i = 0; i < a.length; i++) a[i] = list.get(i);
        return a;
    }
}
