package org.chorale.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.chorale.events.Hyperparameters;
import org.chorale.events.MidiRejected;
import org.chorale.events.PianoRoll;
import org.chorale.it.fleet.Fleet;
import org.chorale.it.fleet.FleetBroker;
import org.chorale.it.fleet.Models;
import org.chorale.it.fleet.TopicLog;
import org.chorale.it.fleet.WorkerProcess;
import org.chorale.it.fleet.WorkerProcess.Role;
import org.chorale.music.DemoCorpus;
import org.chorale.music.NamedMidi;
import org.chorale.schemas.EventCodec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4: the broker stopped and started again on the same data directory while ingest and generation run.
 * Inputs sent before and after the restart are each answered exactly once; the workers ride it out.
 */
class BrokerRestartTest {
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    @Test
    void noLossNoDuplicatesAcrossABrokerRestart() throws Exception {
        restartDuringWork(120, 200, 1);
    }

    @Test
    @Tag("soak")
    void threeRestartsUnderMoreWork() throws Exception {
        restartDuringWork(400, 1000, 3);
    }

    private void restartDuringWork(int files, int requests, int restarts) throws Exception {
        try (FleetBroker broker = FleetBroker.startRestartable();
             // a small batch per ingest transaction, so that the restart finds ingest mid-way as well
             Fleet fleet = Fleet.create(broker, "broker-restart").withWorkerSetting("chorale.ingest.max.poll.records", "4")) {
            Hyperparameters h = Models.tiny(1);
            fleet.sendEvent(fleet.topics().models(), "m", Models.untrainedCheckpoint("m", h, 11));
            WorkerProcess ingest = fleet.startWorker(Role.INGEST, "ingest");
            WorkerProcess generator = fleet.startWorker(Role.GENERATOR, "generator");

            List<NamedMidi> corpus = DemoCorpus.pieces();
            List<Future<RecordMetadata>> sentFiles = new ArrayList<>();
            Set<String> ids = new LinkedHashSet<>();
            int perRound = restarts + 1;
            for (int round = 0; round <= restarts; round++) {
                // each round's inputs are sent while the broker is up; the restart hits their processing
                for (int i = round * files / perRound; i < (round + 1) * files / perRound; i++) {
                    NamedMidi piece = corpus.get(i % corpus.size());
                    sentFiles.add(fleet.sendAsync(fleet.topics().midiIngest(), null, "file-" + i, piece.bytes(),
                            Map.of("dataset", "restart")));
                }
                for (int i = round * requests / perRound; i < (round + 1) * requests / perRound; i++) {
                    ids.add("r-" + i);
                    fleet.sendAsync(fleet.topics().generationRequests(), null, "r-" + i,
                            EventCodec.standard().encode(Models.shortRequest("r-" + i, "m", 16)), Map.of());
                }
                fleet.flush();
                if (round == restarts) break;
                // restart once both workers are busy with this round: some of its outputs committed, not all
                int roundStart = round * requests / perRound;
                int roundFiles = round * files / perRound;
                TopicLog answers = fleet.log(fleet.topics().compositions());
                TopicLog rolls = fleet.log(fleet.topics().pianorolls());
                answers.awaitUntil("answers before restart " + (round + 1), PATIENCE,
                        r -> Answers.perRequest(r).size() > roundStart + 10);
                rolls.awaitUntil("rolls before restart " + (round + 1), PATIENCE, r -> r.size() > roundFiles + 2);
                int filesSent = (round + 1) * files / perRound;
                int requestsSent = (round + 1) * requests / perRound;
                System.out.printf("broker restart %d with %d of %d files sent and %d of %d requests sent unanswered%n",
                        round + 1, filesSent - rolls.readToEnd().size(), filesSent,
                        requestsSent - Answers.perRequest(answers.readToEnd()).size(), requestsSent);
                broker.restart();
                System.out.printf("broker restart %d done%n", round + 1);
            }
            Set<String> sources = new LinkedHashSet<>();
            for (Future<RecordMetadata> f : sentFiles) {
                RecordMetadata m = f.get();
                sources.add(m.topic() + "/" + m.partition() + "/" + m.offset());
            }

            fleet.awaitConsumed(fleet.group("ingest"), fleet.topics().midiIngest(), PATIENCE);
            fleet.awaitConsumed(fleet.group("generator"), fleet.topics().generationRequests(), PATIENCE);
            assertTrue(ingest.isAlive() && generator.isAlive(), "the workers survive the restart\n" + fleet.liveWorkerLogs());

            Map<String, Integer> perSource = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : fleet.log(fleet.topics().pianorolls()).readToEnd()) {
                perSource.merge(TopicLog.decode(r, PianoRoll.class).getSource(), 1, Integer::sum);
            }
            for (ConsumerRecord<byte[], byte[]> r : fleet.log(fleet.topics().midiRejected()).readToEnd()) {
                MidiRejected m = TopicLog.decode(r, MidiRejected.class);
                perSource.merge(m.getSourceTopic() + "/" + m.getSourcePartition() + "/" + m.getSourceOffset(), 1, Integer::sum);
            }
            assertEquals(new TreeMap<>(sources.stream().collect(java.util.stream.Collectors.toMap(s -> s, s -> 1))),
                    perSource, "ingest outcomes per input record");

            var perRequest = Answers.perRequest(fleet.log(fleet.topics().compositions()).readToEnd());
            assertEquals(ids, perRequest.keySet(), "answered request ids");
            assertEquals(Map.of(), Answers.duplicates(perRequest), "requests answered more than once");
            System.out.printf("broker restart: %d restart(s), %d files and %d requests each handled once%n",
                    restarts, files, requests);
            // the diagnostic a stall would print (Fleet.awaitConsumed's failure message) finds the loop thread
            String threads = ingest.threadDump();
            assertTrue(threads.contains("org.chorale.runtime.loop.TransactionalLoop.run"), threads);
            ingest.stopGracefully();
            generator.stopGracefully();
        }
    }
}
