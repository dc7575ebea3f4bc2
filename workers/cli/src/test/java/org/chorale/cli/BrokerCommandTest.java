package org.chorale.cli;

import org.apache.kafka.clients.admin.Admin;
import org.chorale.cli.kafka.BrokerCommand;
import org.chorale.runtime.Topics;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerCommandTest {

    @Test void startsWithTheTopicsAndStopsCleanly() throws Exception {
        Run.Started started = Run.prepare("broker", "--port", "0");
        BrokerCommand broker = started.command("broker");
        CompletableFuture<Run> finished = CompletableFuture.supplyAsync(started::execute);

        String address = broker.ready().get(120, TimeUnit.SECONDS);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", address))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (Topics.Spec spec : Topics.standard().specs()) assertTrue(names.contains(spec.name()), spec.name() + " in " + names);
        }
        assertTrue(started.out().toString().contains("broker listening on " + address), started.out().toString());

        broker.stop();
        Run run = finished.get(120, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("broker stopped"), run.out());
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        assertThrows(java.io.IOException.class, () -> new Socket("127.0.0.1", port).close(), "the port is closed after stop");
    }

    @Test void aTakenPortIsAClearFailure() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Run run = Run.of("broker", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.err().contains("already in use"), run.err());
        }
    }
}
