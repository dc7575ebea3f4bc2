package org.chorale.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A worker's settings (docs/metrics.md, "Worker settings"): a properties file overlaid by the environment.
 *
 * <p>Keys starting with {@code chorale.} are Chorale's; every other key goes to the Kafka clients untouched, so
 * security settings ({@code security.protocol}, {@code sasl.jaas.config}, ...) need no code. The environment maps
 * {@code CHORALE_X_Y} to {@code chorale.x.y} and {@code CHORALE_KAFKA_X_Y} to the Kafka key {@code x.y}. Immutable.
 */
public final class ChoraleConfig {

    public static final String BOOTSTRAP_SERVERS = "chorale.bootstrap.servers";
    public static final String INSTANCE_ID = "chorale.instance.id";
    public static final String METRICS_PORT = "chorale.metrics.port";
    public static final String TOPIC_PREFIX = "chorale.topic.prefix";
    public static final String TOPICS_PARTITIONS = "chorale.topics.partitions";
    public static final String TOPICS_REPLICATION = "chorale.topics.replication";
    /** Environment variable naming the properties file. */
    public static final String CONFIG_FILE_VARIABLE = "CHORALE_CONFIG";

    private static final String CHORALE_PREFIX = "chorale.";
    private static final String KAFKA_BOOTSTRAP = "bootstrap.servers";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private final Map<String, String> values;

    private ChoraleConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Settings from a map (tests, the CLI); values are turned into strings. */
    public static ChoraleConfig of(Map<String, ?> values) {
        Map<String, String> strings = new HashMap<>();
        values.forEach((key, value) -> {
            if (value != null) {
                strings.put(key.strip(), value.toString().strip());
            }
        });
        return new ChoraleConfig(strings);
    }

    /** Settings from {@code propertiesFile} (may be null) overlaid by {@code environment} (environment wins). */
    public static ChoraleConfig load(Path propertiesFile, Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>();
        if (propertiesFile != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read settings file " + propertiesFile, e);
            }
            properties.stringPropertyNames().forEach(key -> merged.put(key, properties.getProperty(key)));
        }
        merged.putAll(fromEnvironmentVariables(environment));
        return of(merged);
    }

    /** The process's settings: the file named by {@value #CONFIG_FILE_VARIABLE} (if set) and the environment. */
    public static ChoraleConfig fromEnvironment() {
        Map<String, String> environment = System.getenv();
        String file = environment.get(CONFIG_FILE_VARIABLE);
        return load(file == null || file.isBlank() ? null : Path.of(file), environment);
    }

    /**
     * The settings named by environment variables: {@code CHORALE_KAFKA_SASL_MECHANISM} becomes
     * {@code sasl.mechanism}, {@code CHORALE_METRICS_PORT} becomes {@code chorale.metrics.port}; others are ignored.
     */
    public static Map<String, String> fromEnvironmentVariables(Map<String, String> environment) {
        Map<String, String> settings = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.equals(CONFIG_FILE_VARIABLE)) {
                return; // names the file, is not a setting
            }
            if (name.startsWith("CHORALE_KAFKA_") && name.length() > "CHORALE_KAFKA_".length()) {
                settings.put(dotted(name.substring("CHORALE_KAFKA_".length())), value);
            } else if (name.startsWith("CHORALE_") && name.length() > "CHORALE_".length()) {
                settings.put(CHORALE_PREFIX + dotted(name.substring("CHORALE_".length())), value);
            }
        });
        return settings;
    }

    private static String dotted(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** A copy with one setting replaced (or removed when {@code value} is null); for CLI flags. */
    public ChoraleConfig with(String key, Object value) {
        Map<String, String> copy = new HashMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value.toString());
        }
        return new ChoraleConfig(copy);
    }

    /** A copy with several settings replaced. */
    public ChoraleConfig withAll(Map<String, ?> overrides) {
        ChoraleConfig result = this;
        for (Map.Entry<String, ?> entry : overrides.entrySet()) {
            result = result.with(entry.getKey(), entry.getValue());
        }
        return result;
    }

    /** Kafka bootstrap servers: {@code chorale.bootstrap.servers}, else a plain {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return get(BOOTSTRAP_SERVERS).or(() -> get(KAFKA_BOOTSTRAP)).orElse("localhost:9092");
    }

    /** This worker's id (metric tag {@code worker}, transactional id suffix); default host name and pid. */
    public String instanceId() {
        return get(INSTANCE_ID).orElseGet(ChoraleConfig::defaultInstanceId);
    }

    public int metricsPort() {
        return getInt(METRICS_PORT, 9400);
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX, Topics.DEFAULT_PREFIX);
    }

    public int partitions() {
        return getInt(TOPICS_PARTITIONS, 4);
    }

    public short replication() {
        int replication = getInt(TOPICS_REPLICATION, 1);
        if (replication < 1 || replication > Short.MAX_VALUE) {
            throw new IllegalArgumentException(TOPICS_REPLICATION + " must be at least 1, got " + replication);
        }
        return (short) replication;
    }

    /** Topic names with this configuration's prefix. */
    public Topics topics() {
        return new Topics(topicPrefix());
    }

    /** What {@link Topics#ensure} needs. */
    public TopicSettings topicSettings() {
        return new TopicSettings(topicPrefix(), partitions(), replication());
    }

    public Optional<String> get(String key) {
        String value = values.get(key);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public String getString(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        return get(key).map(v -> parse(key, v, Integer::valueOf, "an integer")).orElse(defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        return get(key).map(v -> parse(key, v, Long::valueOf, "an integer")).orElse(defaultValue);
    }

    public double getDouble(String key, double defaultValue) {
        return get(key).map(v -> parse(key, v, Double::valueOf, "a number")).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + v + "' is not true or false");
        }).orElse(defaultValue);
    }

    /** A duration written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, ISO-8601 ({@code PT30S}) or bare milliseconds. */
    public Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(v -> parseDuration(key, v)).orElse(defaultValue);
    }

    /** Every setting that is not Chorale's, for the Kafka clients, plus {@code bootstrap.servers}. */
    public Map<String, Object> kafkaProperties() {
        Map<String, Object> kafka = new HashMap<>();
        values.forEach((key, value) -> {
            if (!key.startsWith(CHORALE_PREFIX)) {
                kafka.put(key, value);
            }
        });
        kafka.put(KAFKA_BOOTSTRAP, bootstrapServers());
        return kafka;
    }

    /** All settings as given. */
    public Map<String, String> asMap() {
        return values;
    }

    /** The settings with secrets masked, fit for a log line. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((key, value) -> shown.put(key, isSecret(key) ? "******" : value));
        return "ChoraleConfig" + shown;
    }

    private static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.endsWith(".key");
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser, String kind) {
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not " + kind);
        }
    }

    private static Duration parseDuration(String key, String value) {
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(key + ": '" + value + "' is not a duration");
            }
        }
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a duration such as 500ms, 30s, 5m");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (Objects.requireNonNullElse(m.group(2), "ms")) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMillis(amount);
        };
    }

    private static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "chorale";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
