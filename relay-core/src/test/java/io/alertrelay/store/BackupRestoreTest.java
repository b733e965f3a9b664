package io.alertrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.RelayMain;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import io.alertrelay.wire.WireCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./relay backup} copies a running relay's store consistently while it takes writes; {@code ./relay restore}
 * puts it back while the relay is stopped, with a new epoch so no client trusts seqs from the lost future.
 */
class BackupRestoreTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    Run cli(Path dataDir, String... args) throws Exception {
        Path config = dir.resolve("cli.yaml");
        Files.writeString(config, "dataDir: " + dataDir + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new RelayMain());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--config";
        full[args.length + 1] = config.toString();
        int code = cmd.execute(full);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aBackupTakenUnderWritesIsConsistentAndRestoresWithANewEpoch() throws Exception {
        Path dataDir = dir.resolve("data");
        Path backup = dir.resolve("backup.db");
        String epoch;
        Set<String> atBackup;
        String leaked;
        try (TestRelay relay = TestRelay.start(dataDir)) {
            Run created = cli(dataDir, "token", "create", "--role", "viewer", "--name", "leaked");
            assertThat(created.code()).as(created.err()).isZero();
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("ar_[A-Za-z0-9_-]+").matcher(created.out());
            assertThat(m.find()).isTrue();
            leaked = m.group();
            for (int i = 0; i < 100; i++) relay.push(Frames.alert("Early" + i));
            epoch = relay.relay.pipeline().epoch();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService ex = Executors.newSingleThreadExecutor();
            Future<Integer> writer = ex.submit(() -> {
                int n = 0;
                while (!stop.get()) relay.push(Frames.alert("During" + n++));
                return n;
            });
            Run run = cli(dataDir, "backup", backup.toString());
            stop.set(true);
            int during = writer.get();
            ex.shutdown();
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("backup written to").contains("epoch " + epoch);
            Backups.Summary s = Backups.verify(backup);
            assertThat(s.alerts()).isBetween(100L, 100L + during);
            // consistent: the journal's last seq is the store's latest seq, and every alert row has its change
            assertThat(s.latestSeq()).isEqualTo(s.alerts());
            atBackup = new HashSet<>();
            for (int i = 0; i < 100; i++) atBackup.add("Early" + i);

            Run again = cli(dataDir, "backup", backup.toString());
            assertThat(again.code()).isEqualTo(1);
            assertThat(again.err()).contains("exists already");

            Run whileRunning = cli(dataDir, "restore", backup.toString());
            assertThat(whileRunning.code()).isEqualTo(1);
            assertThat(whileRunning.err()).contains("in use by another relay");
            relay.push(Frames.alert("AfterBackup"));
            // revoked after the backup was made: a restore must not bring it back
            assertThat(cli(dataDir, "token", "revoke", "leaked").code()).isZero();
        }

        Run restored = cli(dataDir, "restore", backup.toString());
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("new epoch").contains("revocations included");
        assertThat(Files.list(dataDir).map(p -> p.getFileName().toString()))
                .anyMatch(n -> n.startsWith("relay.db.before-restore-"));

        try (TestRelay relay = TestRelay.start(dataDir)) {
            assertThat(relay.relay.pipeline().epoch()).isNotEqualTo(epoch);
            JsonNode alerts = WireCodec.mapper()
                    .readTree(relay.http("GET", "/api/alerts", TestRelay.VIEWER, null)
                            .body());
            Set<String> names = new HashSet<>();
            alerts.forEach(a -> names.add(a.path("labels").path("alertname").asText()));
            assertThat(names).containsAll(atBackup).doesNotContain("AfterBackup");
            assertThat(relay.http("GET", "/api/alerts", leaked, null).statusCode())
                    .isEqualTo(401);
            // a client that resumes with the old epoch is told to start over
            WsTestClient c = relay.client(TestRelay.VIEWER);
            c.send(Frames.resume(epoch, 5));
            JsonNode snap = c.next();
            assertThat(snap.path("type").asText()).isEqualTo("snapshot");
            assertThat(snap.path("reset").asBoolean()).isTrue();
        }
    }

    @Test
    void aBackupOfAMissingStoreOrARestoreOfAJunkFileSaysWhatIsWrong() throws Exception {
        Path empty = dir.resolve("nothing-here");
        Run none = cli(empty, "backup", dir.resolve("b.db").toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("no store at");

        Path junk = dir.resolve("junk.db");
        Files.writeString(junk, "not a database at all ".repeat(100));
        Run bad = cli(dir.resolve("data"), "restore", junk.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains(junk.toAbsolutePath().toString());
        assertThat(dir.resolve("data").resolve("relay.db")).doesNotExist();
    }
}
