package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.server.TryHandlers.Failure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionFailureTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            401 | provider 'p', model 'm1': invalid x-api-key                     | KEY
            403 | permission denied                                               | KEY
            404 | model not found                                                 | MODEL
            502 | Failed to resolve 'nosuch.invalid'                              | DNS
            502 | java.net.UnknownHostException: nosuch.invalid                   | DNS
            502 | Connection refused: /127.0.0.1:9                                | CONNECT
            502 | javax.net.ssl.SSLHandshakeException: PKIX path building failed  | TLS
            504 | the provider sent no first event within 30000 ms                | TIMEOUT
            500 | boom                                                            | OTHER
            """)
    void namesWhatFailed(int status, String message, Failure expected) {
        assertThat(TryHandlers.classify(status, message)).isEqualTo(expected);
    }
}
