package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    @TempDir
    Path dir;

    @Test
    void theFirstStartCreatesARandomUrlSafeTokenThatOnlyTheOwnerMayRead() throws Exception {
        RouterHome home = new RouterHome(dir.resolve("home"));

        AdminToken token = AdminToken.loadOrCreate(home);

        assertThat(token.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Files.readString(home.adminTokenFile()).trim()).isEqualTo(token.value());
        assertThat(Files.getPosixFilePermissions(home.adminTokenFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(home.dir())) {
            assertThat(files).containsExactly(home.adminTokenFile());
        }
        assertThat(AdminToken.loadOrCreate(new RouterHome(dir.resolve("other"))).value())
                .isNotEqualTo(token.value());
    }

    @Test
    void laterStartsAndTheCliReadTheSameToken() throws Exception {
        RouterHome home = new RouterHome(dir);
        AdminToken token = AdminToken.loadOrCreate(home);

        assertThat(AdminToken.loadOrCreate(home).value()).isEqualTo(token.value());
        assertThat(AdminToken.read(home)).get().extracting(AdminToken::value).isEqualTo(token.value());
        assertThat(AdminToken.read(new RouterHome(dir.resolve("none")))).isEmpty();
    }

    @Test
    void aFileOthersMayReadIsNarrowedAndOneWithoutATokenIsReplaced() throws Exception {
        RouterHome home = new RouterHome(dir);
        AdminToken token = AdminToken.loadOrCreate(home);
        Files.setPosixFilePermissions(home.adminTokenFile(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(AdminToken.loadOrCreate(home).value()).isEqualTo(token.value());
        assertThat(Files.getPosixFilePermissions(home.adminTokenFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Files.writeString(home.adminTokenFile(), "\n");
        AdminToken fresh = AdminToken.loadOrCreate(home);
        assertThat(fresh.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Files.getPosixFilePermissions(home.adminTokenFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void matchesOnlyItselfAndNeverShowsItsValue() throws Exception {
        AdminToken token = AdminToken.loadOrCreate(new RouterHome(dir));

        assertThat(token.matches(token.value())).isTrue();
        assertThat(token.matches(token.value() + "x")).isFalse();
        assertThat(token.matches(token.value().substring(1))).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.toString()).doesNotContain(token.value());
    }
}
