package dev.modelrouter.pipeline;

/**
 * The custom router script of {@code CUSTOM_ROUTER_PATH}, for status.
 *
 * @param path where it is
 * @param state {@code running}, {@code starting}, {@code not started ...} or {@code not used: <why>}
 */
public record ScriptState(String path, String state) {}
