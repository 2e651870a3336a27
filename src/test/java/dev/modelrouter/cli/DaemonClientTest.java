package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DaemonClientTest {

    private static DaemonClient.Reply parse(String raw) throws IOException {
        return DaemonClient.parse(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsABodyByItsLength() throws IOException {
        DaemonClient.Reply r =
                parse("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"é\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("a").asString()).isEqualTo("é");
    }

    @Test
    void readsAChunkedBody() throws IOException {
        DaemonClient.Reply r = parse("HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "8\r\n{\"error\"\r\n19;ext=1\r\n:{\"message\":\"no such one\"\r\n2\r\n}}\r\n0\r\n\r\n");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.ok()).isFalse();
        assertThat(r.errorMessage()).isEqualTo("no such one");
    }

    @Test
    void readsABodyToTheEndWithoutALength() throws IOException {
        assertThat(parse("HTTP/1.1 204 No Content\r\n\r\n").body()).isEmpty();
        assertThat(parse("HTTP/1.0 200 OK\r\n\r\nplain").body()).isEqualTo("plain");
    }

    @Test
    void refusesWhatIsNotAnHttpAnswer() {
        assertThatThrownBy(() -> parse("SSH-2.0-OpenSSH\r\n\r\n")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Le")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("HTTP/1.1 2xx OK\r\n\r\n")).isInstanceOf(IOException.class);
    }
}
