package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrowserGuardTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "application/json | true",
                "Application/JSON; charset=UTF-8 | true",
                "application/vnd.api+json | true",
                "application/+json | false",
                "application/x-www-form-urlencoded | false",
                "text/plain;charset=UTF-8 | false",
                "multipart/form-data; boundary=x | false",
                "application/json-seq | false",
                "text/json | false",
                "application/a/b+json | false",
            })
    void acceptsOnlyJsonContentTypes(String type, boolean json) {
        assertThat(BrowserGuard.json(type)).isEqualTo(json);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "router.lan:3456 | router.lan | true",
                "ROUTER.lan | router.lan | true",
                "evil.example:3456 | router.lan | false",
                "router.lan.evil.example | router.lan | false",
                "[fd00::1]:3456 | fd00::1 | true",
                "[fd00::2]:3456 | fd00::1 | false",
                "anything:1 | 0.0.0.0 | true",
                "anything:1 | :: | true",
            })
    void matchesTheConfiguredHostOnAnyPort(String header, String configured, boolean matches) {
        assertThat(BrowserGuard.configuredHost(header, configured)).isEqualTo(matches);
    }
}
