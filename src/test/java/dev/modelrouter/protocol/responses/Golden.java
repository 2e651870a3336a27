package dev.modelrouter.protocol.responses;

import dev.modelrouter.testing.GoldenFiles;
import tools.jackson.databind.JsonNode;

/** Golden files under {@code fixtures/responses/}; {@code -Dgolden.update=true} rewrites them and fails (see {@link GoldenFiles}). */
final class Golden {

    private static final GoldenFiles FILES = new GoldenFiles("fixtures/responses/");

    private Golden() {}

    static String read(String name) {
        return FILES.read(name);
    }

    static JsonNode readJson(String name) {
        return FILES.readJson(name);
    }

    static void assertJson(String name, JsonNode actual) {
        FILES.assertJson(name, actual);
    }

    static void assertText(String name, String actual) {
        FILES.assertText(name, actual);
    }
}
