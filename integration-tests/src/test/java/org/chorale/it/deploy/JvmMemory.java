package org.chorale.it.deploy;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory figures as the deployment files write them: JVM options ({@code -Xmx4g},
 * {@code -Dorg.bytedeco.javacpp.maxphysicalbytes=10g}), Compose's {@code mem_limit: 12g} and Kubernetes
 * quantities ({@code 12Gi}). Used to check heap < ND4J physical cap <= container limit.
 */
public final class JvmMemory {
    private static final Pattern XMX = Pattern.compile("(?:^|[\\s\"'])-Xmx(\\d+[kKmMgGtT]?)");
    private static final Pattern MAX_PHYSICAL = Pattern.compile("(?:^|[\\s\"'])-Dorg\\.bytedeco\\.javacpp\\.maxphysicalbytes=(\\d+[kKmMgGtT]?)");
    private static final Map<String, Long> K8S_UNITS = Map.of(
            "", 1L, "k", 1000L, "M", 1000L * 1000, "G", 1000L * 1000 * 1000,
            "Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti", 1L << 40);

    private JvmMemory() {}

    public static OptionalLong maxHeap(String javaOptions) {
        return find(XMX, javaOptions);
    }

    public static OptionalLong maxPhysicalBytes(String javaOptions) {
        return find(MAX_PHYSICAL, javaOptions);
    }

    /** {@code 512m}, {@code 4g}, {@code 1024k}, plain bytes: the JVM's and Compose's byte sizes. */
    public static long jvmSize(String text) {
        Matcher m = Pattern.compile("(\\d+)([kKmMgGtT]?)[bB]?").matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            case "t" -> n << 40;
            default -> n;
        };
    }

    /** Kubernetes memory quantity: {@code 2560Mi}, {@code 12Gi}, {@code 1G}, plain bytes. */
    public static long kubernetesQuantity(String text) {
        Matcher m = Pattern.compile("(\\d+)([a-zA-Z]*)").matcher(text.trim());
        if (!m.matches() || !K8S_UNITS.containsKey(m.group(2))) {
            throw new IllegalArgumentException("not a Kubernetes memory quantity: " + text);
        }
        return Long.parseLong(m.group(1)) * K8S_UNITS.get(m.group(2));
    }

    private static OptionalLong find(Pattern p, String options) {
        Matcher m = p.matcher(options);
        return m.find() ? OptionalLong.of(jvmSize(m.group(1))) : OptionalLong.empty();
    }
}
