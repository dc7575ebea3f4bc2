package org.chorale.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Chorale topic in one place: names (with a prefix, default {@code chorale.}) and configs.
 *
 * <p>All topics accept records up to {@link #MAX_MESSAGE_BYTES} (MIDI files and checkpoints). The two state topics,
 * {@code pianorolls} and {@code models}, are compacted: the latest value per key is the state, and readers rebuild it
 * with {@link org.chorale.runtime.read.CompactedTopicReader}.
 */
public final class Topics {

    public static final String DEFAULT_PREFIX = "chorale.";
    /** Largest record batch any Chorale topic accepts (topic {@code max.message.bytes}, producer {@code max.request.size}). */
    public static final int MAX_MESSAGE_BYTES = 20 * 1024 * 1024;

    public static final String MIDI_INGEST = "midi.ingest";
    public static final String PIANOROLLS = "pianorolls";
    public static final String MIDI_REJECTED = "midi.rejected";
    public static final String TRAINING_EPOCHS = "training.epochs";
    public static final String TRAINING_METRICS = "training.metrics";
    public static final String MODELS = "models";
    public static final String GENERATION_REQUESTS = "generation.requests";
    public static final String COMPOSITIONS = "compositions";
    public static final String DEADLETTER = "deadletter";

    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 60;

    /**
     * One topic: full name, whether it is compacted, and the configs Chorale creates it with.
     */
    public record Spec(String name, boolean compacted, Map<String, String> configs) {
        public Spec {
            Objects.requireNonNull(name, "name");
            configs = Map.copyOf(configs);
        }
    }

    /**
     * What {@link #ensure} did: topics it created, topics already there, and differences between existing topics
     * and what Chorale would create (reported, never changed: altering a live topic is the operator's call).
     */
    public record EnsureReport(List<String> created, List<String> existing, List<String> differences) {
        public EnsureReport {
            created = List.copyOf(created);
            existing = List.copyOf(existing);
            differences = List.copyOf(differences);
        }
    }

    private final String prefix;

    public Topics(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** Topics with the default prefix {@code chorale.}. */
    public static Topics standard() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    /**
     * The consumer group of a worker role: {@code <namespace>-<role>}, the namespace being the prefix without its
     * trailing separator ({@code chorale-ingest} for the default prefix). Fleets with different prefixes on one
     * cluster thus neither rebalance nor fence each other (the transactional ids derive from the group).
     */
    public String consumerGroup(String role) {
        String namespace = prefix.replaceAll("[._-]+$", "");
        return (namespace.isEmpty() ? "chorale" : namespace) + "-" + role;
    }

    /** Full name of a topic given its suffix, e.g. {@code name(MODELS)} is {@code chorale.models}. */
    public String name(String suffix) {
        return prefix + suffix;
    }

    /** MIDI files to ingest: {@code MidiSubmitted} or a bare Standard MIDI File, keyed by piece name. */
    public String midiIngest() {
        return name(MIDI_INGEST);
    }

    /** Quantised pieces, {@code PianoRoll}, compacted, keyed by dataset/pieceId. */
    public String pianorolls() {
        return name(PIANOROLLS);
    }

    /** Ingest records that could not become piano rolls, {@code MidiRejected}. */
    public String midiRejected() {
        return name(MIDI_REJECTED);
    }

    /** Training jobs as chains of {@code EpochRequested}, keyed by modelId. */
    public String trainingEpochs() {
        return name(TRAINING_EPOCHS);
    }

    /** {@code EpochCompleted} per finished epoch, keyed by modelId. */
    public String trainingMetrics() {
        return name(TRAINING_METRICS);
    }

    /** {@code ModelCheckpoint}s, compacted, keyed by modelId. */
    public String models() {
        return name(MODELS);
    }

    /** {@code CompositionRequested} (binary or JSON), keyed by requestId. */
    public String generationRequests() {
        return name(GENERATION_REQUESTS);
    }

    /** {@code CompositionCompleted} or {@code CompositionFailed}, keyed by requestId. */
    public String compositions() {
        return name(COMPOSITIONS);
    }

    /** {@code DeadLetter}: records a worker gave up on, with their origin. */
    public String deadletter() {
        return name(DEADLETTER);
    }

    /** Every Chorale topic with the configs Chorale creates it with. */
    public List<Spec> specs() {
        return List.of(
                stream(MIDI_INGEST),
                compacted(PIANOROLLS),
                stream(MIDI_REJECTED),
                stream(TRAINING_EPOCHS),
                stream(TRAINING_METRICS),
                compacted(MODELS),
                stream(GENERATION_REQUESTS),
                stream(COMPOSITIONS),
                // kept a month: dead letters are for people to look at, and people take holidays
                stream(DEADLETTER, Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30L * 24 * 3600 * 1000))));
    }

    private Spec stream(String suffix) {
        return stream(suffix, Map.of());
    }

    private Spec stream(String suffix, Map<String, String> extra) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));
        configs.putAll(extra);
        return new Spec(name(suffix), false, configs);
    }

    private Spec compacted(String suffix) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));
        // compact once a tenth of the log is superseded (default is half): checkpoints are large, old ones waste disk
        configs.put(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1");
        // roll segments hourly so the active segment (never compacted) does not hold days of old checkpoints
        configs.put(TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(3600L * 1000));
        // a deleted model or piece (tombstone) stays visible a day, so slow readers see the deletion
        configs.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(24L * 3600 * 1000));
        return new Spec(name(suffix), true, configs);
    }

    /**
     * Creates the Chorale topics that are missing, idempotently (concurrent workers may race; that is fine), and
     * reports existing ones whose partitions or configs differ from {@link #specs()}.
     *
     * @throws KafkaException when the cluster cannot be reached or refuses
     */
    public static EnsureReport ensure(Admin admin, TopicSettings settings) {
        Topics topics = new Topics(settings.prefix());
        List<Spec> specs = topics.specs();
        try {
            Set<String> present = new HashSet<>(admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            List<String> created = new ArrayList<>();
            List<String> existing = new ArrayList<>();
            for (Spec spec : specs) {
                if (present.contains(spec.name())) {
                    existing.add(spec.name());
                } else if (create(admin, spec, settings)) {
                    created.add(spec.name());
                } else {
                    existing.add(spec.name());
                }
            }
            awaitVisible(admin, created);
            List<String> differences = differences(admin, specs, existing, settings);
            differences.forEach(d -> LOG.warn("existing topic differs from Chorale's settings: {}", d));
            return new EnsureReport(created, existing, differences);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot create Chorale topics: " + rootMessage(e), e);
        }
    }

    /** True when created here, false when someone else created it first. */
    private static boolean create(Admin admin, Spec spec, TopicSettings settings)
            throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic topic = new NewTopic(spec.name(), settings.partitions(), settings.replication()).configs(spec.configs());
        try {
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
    }

    /**
     * A created topic reaches the brokers' metadata a moment after the controller accepts it; wait for that, so
     * callers (and the describe calls below) can use the topics at once.
     */
    private static void awaitVisible(Admin admin, List<String> created)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ADMIN_TIMEOUT_SECONDS);
        while (!created.isEmpty()) {
            try {
                admin.describeTopics(created).allTopicNames().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50); // metadata propagation has no completion signal to wait on
            }
        }
    }

    private static List<String> differences(Admin admin, List<Spec> specs, Collection<String> existing,
                                            TopicSettings settings)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> differences = new ArrayList<>();
        if (existing.isEmpty()) {
            return differences;
        }
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(existing).allTopicNames().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<ConfigResource> resources = existing.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (Spec spec : specs) {
            if (!existing.contains(spec.name())) {
                continue;
            }
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions < settings.partitions()) {
                differences.add(spec.name() + ": " + partitions + " partitions, settings ask for "
                        + settings.partitions());
            }
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            spec.configs().forEach((key, wanted) -> {
                ConfigEntry entry = actual.get(key);
                String value = entry == null ? null : entry.value();
                if (!wanted.equals(value)) {
                    differences.add(spec.name() + ": " + key + " is " + value + ", Chorale uses " + wanted);
                }
            });
        }
        return differences;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
