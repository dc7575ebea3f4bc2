package org.chorale.runtime.loop;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.chorale.events.DeadLetter;
import org.chorale.events.RejectReason;
import org.chorale.runtime.Topics;
import org.chorale.runtime.metrics.WorkerMetrics;
import org.chorale.schemas.EventCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's main loop: poll a batch, let the {@link RecordHandler} turn each record into outputs, then produce the
 * outputs and commit the input offsets in ONE Kafka transaction. Modelled on Kafka's
 * {@code ExactlyOnceMessageProcessor}, with three differences that matter for long work and bad input:
 * <ul>
 *   <li>Outputs are buffered and the transaction begins only when the batch's work is done, so a training epoch
 *       does not keep a transaction open past {@code transaction.timeout.ms}.</li>
 *   <li>After an abort the consumer is rewound to the batch's first offsets; otherwise the aborted records would
 *       be skipped (the example omits this).</li>
 *   <li>Poison ({@link PoisonRecordException}) and records that keep failing go to the dead-letter topic in the
 *       same transaction, so nothing is dropped silently and no partition is blocked forever.</li>
 * </ul>
 * Fatal errors (fenced by a newer instance, authorization, unsupported broker, ...) stop the loop and mark it
 * unhealthy; a supervisor (the CLI, Kubernetes) restarts the worker. Run it on its own thread; {@link #close()}
 * from any thread stops it.
 */
public final class TransactionalLoop implements Runnable, AutoCloseable {

    /** Lifecycle: NEW, then RUNNING, then STOPPED (closed) or FAILED (fatal error). */
    public enum State { NEW, RUNNING, STOPPED, FAILED }

    /** Test seam: runs after outputs and offsets are sent, just before the commit (crash tests halt the JVM here). */
    @FunctionalInterface
    interface BeforeCommit {
        void run(Producer<byte[], byte[]> producer);
    }

    /** Dead-letter values are cut to this size; the original size is kept in the letter. */
    public static final int DEAD_LETTER_VALUE_LIMIT = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);
    private static final int DETAIL_LIMIT = 4000;
    private static final int UNHEALTHY_AFTER_FAILED_TRANSACTIONS = 3;
    private static final int COMMIT_TIMEOUT_RETRIES = 3;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    private static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final LoopSettings settings;
    private final RecordHandler handler;
    private final MeterRegistry registry;
    private final EventCodec codec = EventCodec.standard();
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final List<AutoCloseable> clientMetrics = new ArrayList<>();
    private final Counter committed;
    private final Counter aborted;
    private final Counter handlerFailures;
    /** Failures per input record, kept across retries until the record commits; loop thread only. */
    private final Map<RecordId, Failure> failures = new HashMap<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch closeRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Thread runner;
    private volatile Throwable fatalError;
    private volatile int failedTransactionsInARow;
    private BeforeCommit beforeCommit = producer -> { };

    /**
     * Creates the clients (nothing runs until {@link #run()}); binds their metrics to {@code metrics}.
     */
    public TransactionalLoop(LoopSettings settings, RecordHandler handler, WorkerMetrics metrics) {
        this.settings = settings;
        this.handler = handler;
        this.registry = metrics.registry();
        this.consumer = new KafkaConsumer<>(consumerConfig(settings));
        try {
            this.producer = new KafkaProducer<>(producerConfig(settings));
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
        clientMetrics.add(metrics.bindKafkaClient(consumer));
        clientMetrics.add(metrics.bindKafkaClient(producer));
        committed = transactions("committed");
        aborted = transactions("aborted");
        handlerFailures = Counter.builder("chorale.handler.failures")
                .description("Handler exceptions other than poison (each one retried or dead-lettered)")
                .register(registry);
        // every reason at zero from the start: dashboards show "none" rather than "no data" in a healthy fleet
        for (RejectReason reason : RejectReason.values()) {
            deadLetters(reason);
        }
    }

    static Map<String, Object> consumerConfig(LoopSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.kafkaProperties());
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // a new group processes what is there
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-consumer");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        // only committed outputs of upstream transactions are input; aborted ones never happened
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // offsets commit inside our transactions, never on their own
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) settings.maxPollInterval().toMillis());
        return config;
    }

    static Map<String, Object> producerConfig(LoopSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.kafkaProperties());
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-producer");
        // one id per role and instance: a restarted instance fences its zombie and aborts its open transaction
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_MESSAGE_BYTES);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) settings.transactionTimeout().toMillis());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** Polls and processes until {@link #close()} or a fatal error. Runs once. */
    @Override
    public void run() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("a TransactionalLoop runs once; this one is " + state.get());
        }
        runner = Thread.currentThread();
        try {
            // fences any older producer with our transactional.id and aborts its unfinished transaction
            producer.initTransactions();
            consumer.subscribe(settings.inputTopics(), new ForgetFailuresOnRevoke());
            while (!closing()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
                if (!records.isEmpty()) {
                    processBatch(records);
                }
            }
        } catch (WakeupException | InterruptException e) {
            // close() woke the consumer, or the thread was interrupted: a normal stop
        } catch (FatalLoopException e) {
            fail(e.getCause());
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException | FencedInstanceIdException e) {
            fail(e);
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            closeClients();
            state.compareAndSet(State.RUNNING, State.STOPPED);
            finished.countDown();
        }
    }

    private void processBatch(ConsumerRecords<byte[], byte[]> records) {
        Batch batch = new Batch();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (closing()) {
                // stop mid-batch: nothing was produced, the next owner of these partitions redoes the batch
                rewind(records);
                return;
            }
            RecordId id = RecordId.of(record);
            Failure earlier = failures.get(id);
            if (earlier != null && earlier.attempts() >= settings.maxAttempts()) {
                // its outputs could not be produced maxAttempts times (e.g. too large): give up on it
                batch.add(record, deadLetter(record, RejectReason.INTERNAL, earlier.describe()), RejectReason.INTERNAL);
                continue;
            }
            BufferingOutbox out = new BufferingOutbox(codec);
            try {
                handler.handle(record, out);
                batch.add(record, out.records(), null);
            } catch (PoisonRecordException poison) {
                batch.add(record, deadLetter(record, poison.reason(), poison.detail()), poison.reason());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            } catch (Exception e) {
                handlerFailures.increment();
                Failure failure = failures.merge(id, Failure.of(e), Failure::then);
                if (failure.attempts() >= settings.maxAttempts()) {
                    LOG.warn("{} failed {} times, dead-lettering it: {}", id, failure.attempts(), e.toString());
                    batch.add(record, deadLetter(record, RejectReason.INTERNAL, failure.describe()),
                            RejectReason.INTERNAL);
                } else {
                    LOG.warn("{} failed (attempt {} of {}), retrying its batch: {}", id, failure.attempts(),
                            settings.maxAttempts(), e.toString());
                    rewind(records);
                    backoff(failure.attempts());
                    return;
                }
            }
        }
        commit(batch, records);
    }

    /** begin, send, offsets, commit; an abortable error aborts and rewinds, a fatal one stops the loop. */
    private void commit(Batch batch, ConsumerRecords<byte[], byte[]> records) {
        try {
            producer.beginTransaction();
            for (Output output : batch.outputs) {
                producer.send(output.record, (metadata, error) -> output.error = error);
            }
            producer.sendOffsetsToTransaction(batch.offsets, consumer.groupMetadata());
            beforeCommit.run(producer);
            commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException | FencedInstanceIdException e) {
            // the producer is unusable: another instance took our transactional id, or the setup is wrong
            throw new FatalLoopException(e);
        } catch (KafkaException e) {
            abort(e, batch, records);
            return;
        }
        failedTransactionsInARow = 0;
        committed.increment();
        batch.deadLetterReasons.forEach(reason -> deadLetters(reason).increment());
        batch.ids.forEach(failures::remove);
    }

    /** A timed-out commit may only be retried (Kafka refuses to abort it); give up after a few tries. */
    private void commitTransaction() {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt >= COMMIT_TIMEOUT_RETRIES) {
                    throw new FatalLoopException(e);
                }
                LOG.warn("commit timed out (attempt {} of {}), retrying", attempt, COMMIT_TIMEOUT_RETRIES);
            }
        }
    }

    private void abort(KafkaException cause, Batch batch, ConsumerRecords<byte[], byte[]> records) {
        failedTransactionsInARow++;
        aborted.increment();
        // an output Kafka will never take (too large, invalid topic) is its input record's fault; transient
        // trouble (timeouts, leader changes) is nobody's, and is retried without counting against any record
        Map<RecordId, Exception> blamed = new LinkedHashMap<>();
        for (Output output : batch.outputs) {
            if (output.error != null && !(output.error instanceof RetriableException)) {
                blamed.putIfAbsent(output.origin, output.error);
            }
        }
        blamed.forEach((origin, error) -> failures.merge(origin, Failure.of(error), Failure::then));
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailed) {
            throw new FatalLoopException(abortFailed);
        }
        LOG.warn("transaction aborted, retrying a batch of {} records: {}", records.count(), cause.toString());
        rewind(records);
        backoff(failedTransactionsInARow);
    }

    /** Seeks each partition of the batch back to the batch's first offset, so the batch is polled again. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        Set<TopicPartition> owned = consumer.assignment();
        for (TopicPartition partition : records.partitions()) {
            if (owned.contains(partition)) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    private void backoff(int failuresSoFar) {
        long millis = Math.min(5000, 100L << Math.min(failuresSoFar - 1, 10));
        try {
            closeRequested.await(millis, TimeUnit.MILLISECONDS); // close() cuts the wait short
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetter(ConsumerRecord<byte[], byte[]> record, RejectReason reason,
                                                            String detail) {
        byte[] value = record.value();
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setValue(value == null ? null
                        : ByteBuffer.wrap(Arrays.copyOf(value, Math.min(value.length, DEAD_LETTER_VALUE_LIMIT))))
                .setValueSize(value == null ? 0 : value.length)
                .setReason(reason)
                .setDetail(detail.length() > DETAIL_LIMIT ? detail.substring(0, DETAIL_LIMIT) + "..." : detail)
                .setWorker(settings.role() + "/" + settings.instanceId())
                .setAt(Instant.now())
                .build();
        return List.of(new ProducerRecord<>(settings.deadLetterTopic(), record.key(), codec.encode(letter)));
    }

    private Counter transactions(String outcome) {
        return Counter.builder("chorale.transactions").description("Kafka transactions of the worker loop")
                .tag("outcome", outcome).register(registry);
    }

    private Counter deadLetters(RejectReason reason) {
        return Counter.builder("chorale.deadletters").description("Records sent to the dead-letter topic")
                .tag("reason", reason.name()).register(registry);
    }

    private void fail(Throwable error) {
        fatalError = error;
        state.set(State.FAILED);
        LOG.error("{} loop stopped by a fatal error", settings.transactionalId(), error);
    }

    private void closeClients() {
        for (AutoCloseable binding : clientMetrics) {
            try {
                binding.close();
            } catch (Exception e) {
                LOG.debug("closing Kafka client metrics", e);
            }
        }
        try {
            consumer.close(CloseOptions.timeout(CLIENT_CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.warn("closing the consumer", e);
        }
        try {
            producer.close(state.get() == State.FAILED ? Duration.ZERO : CLIENT_CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("closing the producer", e);
        }
    }

    /**
     * Stops the loop: wakes the consumer, lets the record in hand finish (committing the batch if it was the last
     * one, dropping the batch otherwise — it is redone from the committed offsets), closes the clients. Waits up to
     * 30 s for that. Idempotent; callable from any thread, e.g. a shutdown hook.
     */
    @Override
    public void close() {
        closeRequested.countDown();
        if (state.compareAndSet(State.NEW, State.STOPPED)) {
            closeClients();
            finished.countDown();
            return;
        }
        consumer.wakeup();
        if (Thread.currentThread() == runner) {
            return; // a handler closing its own loop: run() stops after this record
        }
        try {
            if (!finished.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} loop still busy {} s after close(); leaving it to finish", settings.transactionalId(),
                        CLOSE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for {@link #run()} to return. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True while running and transactions go through (not after three failed transactions in a row). */
    public boolean healthy() {
        return state.get() == State.RUNNING && failedTransactionsInARow < UNHEALTHY_AFTER_FAILED_TRANSACTIONS;
    }

    /** True once {@link #close()} was called; long handlers may check it to stop early. */
    public boolean closing() {
        return closeRequested.getCount() == 0;
    }

    public State state() {
        return state.get();
    }

    /** The error that stopped the loop, if one did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(fatalError);
    }

    public LoopSettings settings() {
        return settings;
    }

    void beforeCommit(BeforeCommit hook) {
        this.beforeCommit = hook;
    }

    /** Forgets retry counts of partitions this consumer no longer owns; their new owner counts afresh. */
    private final class ForgetFailuresOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            Set<TopicPartition> gone = new HashSet<>(partitions);
            failures.keySet().removeIf(id -> gone.contains(id.partition()));
        }
    }

    /** Identity of an input record. */
    private record RecordId(TopicPartition partition, long offset) {
        static RecordId of(ConsumerRecord<?, ?> record) {
            return new RecordId(new TopicPartition(record.topic(), record.partition()), record.offset());
        }

        @Override
        public String toString() {
            return partition + "@" + offset;
        }
    }

    /** How often a record failed, and the last reason. */
    private record Failure(int attempts, String lastError) {
        static Failure of(Throwable error) {
            return new Failure(1, error.toString());
        }

        Failure then(Failure next) {
            return new Failure(attempts + next.attempts, next.lastError);
        }

        String describe() {
            return "failed " + attempts + " times, last: " + lastError;
        }
    }

    /** One output record and the input record it came from; {@code error} is set by the send callback. */
    private static final class Output {
        final ProducerRecord<byte[], byte[]> record;
        final RecordId origin;
        volatile Exception error;

        Output(ProducerRecord<byte[], byte[]> record, RecordId origin) {
            this.record = record;
            this.origin = origin;
        }
    }

    /** Everything one poll's records produced, and the offsets to commit with it. */
    private static final class Batch {
        final List<Output> outputs = new ArrayList<>();
        final Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        final List<RecordId> ids = new ArrayList<>();
        final List<RejectReason> deadLetterReasons = new ArrayList<>();

        void add(ConsumerRecord<byte[], byte[]> record, List<ProducerRecord<byte[], byte[]>> produced,
                 RejectReason deadLetterReason) {
            RecordId id = RecordId.of(record);
            ids.add(id);
            produced.forEach(r -> outputs.add(new Output(r, id)));
            offsets.put(id.partition(), new OffsetAndMetadata(record.offset() + 1, record.leaderEpoch(), ""));
            if (deadLetterReason != null) {
                deadLetterReasons.add(deadLetterReason);
            }
        }
    }

    /** Carries a fatal error out of the batch code to {@link #run()}. */
    private static final class FatalLoopException extends RuntimeException {
        FatalLoopException(Throwable cause) {
            super(cause);
        }
    }
}
