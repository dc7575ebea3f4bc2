package org.chorale.runtime.loop;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.chorale.runtime.ChoraleConfig;

/**
 * How a {@link TransactionalLoop} runs.
 *
 * @param role               worker role ({@code ingest}, {@code trainer}, {@code generator}); names the group and
 *                           transactional id
 * @param instanceId         this worker's id; {@code transactional.id} is {@code chorale-<role>-<instanceId>}, so a
 *                           restarted instance fences its predecessor and aborts its open transaction
 * @param groupId            consumer group
 * @param inputTopics        topics to consume
 * @param kafkaProperties    client settings (bootstrap servers, security, ...), applied before the loop's own
 * @param maxPollRecords     records per batch (one transaction per batch)
 * @param maxPollInterval    longest time a batch may take before the group considers this worker dead; must
 *                           exceed the slowest batch (a training epoch)
 * @param maxAttempts        failures of one record before it is dead-lettered with reason INTERNAL
 * @param deadLetterTopic    where poison and given-up records go
 * @param pollTimeout        longest wait in one poll
 * @param transactionTimeout broker-side timeout of an open transaction; the loop opens transactions only for the
 *                           short send-and-commit step, so this need not cover the batch's computation
 */
public record LoopSettings(String role, String instanceId, String groupId, List<String> inputTopics,
                           Map<String, Object> kafkaProperties, int maxPollRecords, Duration maxPollInterval,
                           int maxAttempts, String deadLetterTopic, Duration pollTimeout,
                           Duration transactionTimeout) {

    public LoopSettings {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(maxPollInterval, "maxPollInterval");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(transactionTimeout, "transactionTimeout");
        inputTopics = List.copyOf(inputTopics);
        kafkaProperties = Map.copyOf(kafkaProperties);
        if (inputTopics.isEmpty()) {
            throw new IllegalArgumentException("no input topics");
        }
        if (maxPollRecords < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("maxPollRecords and maxAttempts must be at least 1");
        }
    }

    /**
     * Defaults for a role from the worker's settings: group {@code chorale-<role>} ({@link org.chorale.runtime.Topics#consumerGroup}), 100 records per batch, 5 minutes
     * per batch, 3 attempts, the configured dead-letter topic. Role-specific keys override them:
     * {@code chorale.<role>.max.poll.records}, {@code chorale.<role>.max.poll.interval},
     * {@code chorale.<role>.max.attempts}.
     */
    public static LoopSettings forRole(String role, ChoraleConfig config, List<String> inputTopics) {
        String prefix = "chorale." + role + ".";
        return new LoopSettings(role, config.instanceId(), config.topics().consumerGroup(role), inputTopics, config.kafkaProperties(),
                config.getInt(prefix + "max.poll.records", 100),
                config.getDuration(prefix + "max.poll.interval", Duration.ofMinutes(5)),
                config.getInt(prefix + "max.attempts", 3),
                config.topics().deadletter(), Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /**
     * {@code <namespace>-<role>-<instanceId>}, e.g. {@code chorale-ingest-7}: stable across restarts of one instance,
     * so a restarted worker fences its previous incarnation and aborts its open transaction. The namespace is the
     * group's ({@code <namespace>-<role>}, see {@link #forRole}); a group named otherwise keeps {@code chorale}, so
     * overriding the group alone does not change who fences whom.
     */
    public String transactionalId() {
        String suffix = "-" + role;
        String namespace = groupId.endsWith(suffix) && groupId.length() > suffix.length()
                ? groupId.substring(0, groupId.length() - suffix.length()) : "chorale";
        return namespace + suffix + "-" + instanceId;
    }

    public LoopSettings withGroupId(String id) {
        return new LoopSettings(role, instanceId, id, inputTopics, kafkaProperties, maxPollRecords, maxPollInterval,
                maxAttempts, deadLetterTopic, pollTimeout, transactionTimeout);
    }

    public LoopSettings withInstanceId(String id) {
        return new LoopSettings(role, id, groupId, inputTopics, kafkaProperties, maxPollRecords, maxPollInterval,
                maxAttempts, deadLetterTopic, pollTimeout, transactionTimeout);
    }

    public LoopSettings withKafkaProperties(Map<String, Object> properties) {
        return new LoopSettings(role, instanceId, groupId, inputTopics, properties, maxPollRecords, maxPollInterval,
                maxAttempts, deadLetterTopic, pollTimeout, transactionTimeout);
    }

    public LoopSettings withMaxPollRecords(int records) {
        return new LoopSettings(role, instanceId, groupId, inputTopics, kafkaProperties, records, maxPollInterval,
                maxAttempts, deadLetterTopic, pollTimeout, transactionTimeout);
    }

    public LoopSettings withMaxPollInterval(Duration interval) {
        return new LoopSettings(role, instanceId, groupId, inputTopics, kafkaProperties, maxPollRecords, interval,
                maxAttempts, deadLetterTopic, pollTimeout, transactionTimeout);
    }

    public LoopSettings withMaxAttempts(int attempts) {
        return new LoopSettings(role, instanceId, groupId, inputTopics, kafkaProperties, maxPollRecords,
                maxPollInterval, attempts, deadLetterTopic, pollTimeout, transactionTimeout);
    }

    public LoopSettings withDeadLetterTopic(String topic) {
        return new LoopSettings(role, instanceId, groupId, inputTopics, kafkaProperties, maxPollRecords,
                maxPollInterval, maxAttempts, topic, pollTimeout, transactionTimeout);
    }

    public LoopSettings withPollTimeout(Duration timeout) {
        return new LoopSettings(role, instanceId, groupId, inputTopics, kafkaProperties, maxPollRecords,
                maxPollInterval, maxAttempts, deadLetterTopic, timeout, transactionTimeout);
    }

    public LoopSettings withTransactionTimeout(Duration timeout) {
        return new LoopSettings(role, instanceId, groupId, inputTopics, kafkaProperties, maxPollRecords,
                maxPollInterval, maxAttempts, deadLetterTopic, pollTimeout, timeout);
    }
}
